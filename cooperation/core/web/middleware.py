"""Request guards and HTTP caching that apply to every page, admin view and API call."""

from urllib.parse import parse_qsl

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from cooperation.core.api.problems import is_api_request, problem_response
from cooperation.core.versioning import DataVersion

NUL_MESSAGE = "The address contains a NUL character, which is never valid here."
ANONYMOUS_MAX_AGE = 60


def _query_string_errors(request):
    """Each query parameter that is not valid UTF-8 or holds a NUL character, as problem errors."""
    raw = request.META.get("QUERY_STRING", "")
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        # Find the parameter at fault, for the message.
        pairs = parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="surrogateescape")
        return [
            {"parameter": name.encode("utf-8", "replace").decode(), "message": "Not valid UTF-8 text."}
            for name, value in pairs
            if _not_utf8(name) or _not_utf8(value)
        ] or [{"parameter": "query", "message": "Not valid UTF-8 text."}]
    return [
        {"parameter": name, "message": "Contains a NUL character."} for name, value in pairs if "\x00" in name + value
    ]


def _not_utf8(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class RejectBadQueryMiddleware:
    """Answer 400 to a NUL character in the path or query, or (under /api/) a query that is not UTF-8.

    No record, name or search term contains a NUL, and PostgreSQL refuses it in text, so letting it
    through would turn a mistyped or hostile URL into a server error; text that is not UTF-8 would
    silently become a different search. Form fields already reject NUL (Django's
    ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request):
            errors = _query_string_errors(request)
            if "\x00" in request.path:
                errors.append({"parameter": "path", "message": "Contains a NUL character."})
            if errors:
                detail = "; ".join(f"{error['parameter']}: {error['message']}" for error in errors)
                return problem_response(400, detail, errors)
        elif "\x00" in request.path or any("\x00" in key + value for key, value in request.GET.items()):
            return HttpResponseBadRequest(NUL_MESSAGE)
        return self.get_response(request)


class ApiRequestLimitsMiddleware:
    """Refuse an API request whose body is larger than API_MAX_BODY_BYTES with 413, before reading it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return problem_response(400, "The Content-Length header is not a number.")
            if length > settings.API_MAX_BODY_BYTES:
                return problem_response(
                    413, f"The request body is {length} bytes; the API accepts at most {settings.API_MAX_BODY_BYTES}."
                )
        return self.get_response(request)


class ApiTrailingSlashMiddleware:
    """Serve /api/v1/events as /api/v1/events/ (no redirect: API clients should not need to follow one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request) and not request.path_info.endswith("/"):
            request.path_info += "/"
        return self.get_response(request)


class ApiCacheHeadersMiddleware:
    """Last-Modified (the time of the last write to any record), Cache-Control and Vary on API reads.

    The data version moves on every write, so Last-Modified is never earlier than the last change
    that could alter a response: If-Modified-Since never gives a stale 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_request(request) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # Read before the view reads the data: a write in between makes the response newer than its
        # Last-Modified, which errs on the safe side (a later If-Modified-Since gets the new data).
        version = DataVersion.current()
        response = self.get_response(request)
        if response.status_code == 200 and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(version.timestamp())
        if response.status_code < 400 and "HTTP_AUTHORIZATION" not in request.META:
            patch_cache_control(response, public=True, max_age=ANONYMOUS_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Accept", "Authorization"])
        return response


class ConditionalGetMiddleware:
    """Django's ConditionalGetMiddleware for GET and HEAD alike: an ETag on every successful read,
    and 304 Not Modified for a matching If-None-Match or a satisfied If-Modified-Since."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )


class AtomicWritesMiddleware:
    """One transaction around each view answering an unsafe method (POST, PUT, PATCH, DELETE), as
    ATOMIC_REQUESTS would, but none around reads: on SQLite (IMMEDIATE) a transaction takes the write
    lock, so reads would queue behind writes for nothing. A view may still opt out with
    `transaction.non_atomic_requests`."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in self.SAFE_METHODS:
            return None
        non_atomic: set[str] = getattr(view_func, "_non_atomic_requests", set())
        if "default" in non_atomic:
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
