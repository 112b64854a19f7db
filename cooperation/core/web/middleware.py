"""Request guards, HTTP caching, compression and the expensive pages' rate limits that apply to every
page, admin view and API call."""

import datetime as dt
import functools
import gzip
import logging
import math
import re
from urllib.parse import parse_qsl

import brotli
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation.trans_real import parse_accept_lang_header

from cooperation.core.api.problems import is_api_request, problem_response
from cooperation.core.api.throttling import (
    ExpensiveRateThrottle,
    FacetsRateThrottle,
    SearchRateThrottle,
    reported_limit,
)
from cooperation.core.registry import registry
from cooperation.core.translation import LANGUAGES
from cooperation.core.web.cache import data_version

logger = logging.getLogger(__name__)

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


class ApiLanguageMiddleware:
    """The language of an API answer (its records' translated fields, its error messages): `?lang=`,
    else the best of `Accept-Language`, else English. Django's LocaleMiddleware then says it in
    `Content-Language` and adds `Accept-Language` to `Vary`; the response cache's key holds it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request):
            accepted = next(
                (
                    code
                    for accepted, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
                    if (code := _supported(accepted))
                ),
                settings.LANGUAGE_CODE,
            )
            asked = request.GET.get("lang")
            language = accepted if asked is None else _supported(asked)  # "ar", "AR" or "ar-SA"
            # A `lang` that is no language of the records is refused in the language of Accept-Language.
            translation.activate(language or accepted)
            request.LANGUAGE_CODE = language or accepted
            if language is None:
                message = translation.gettext(
                    "lang “%(value)s” is not a language of the records: use one of %(languages)s."
                ) % {"value": asked[:20], "languages": ", ".join(LANGUAGES)}
                return problem_response(400, message, [{"parameter": "lang", "message": message}])
        return self.get_response(request)


def _supported(accepted: str) -> str | None:
    try:
        return translation.get_supported_language_variant(accepted.strip().lower()[:20])
    except LookupError:
        return None


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
        # Last-Modified, which errs on the safe side (a later If-Modified-Since gets the new data). Read
        # once per request: the response cache keys on the same value.
        version = data_version(request)
        response = self.get_response(request)
        if response.status_code == 200 and version is not None and not response.has_header("Last-Modified"):
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


class SessionIdleExpiryMiddleware:
    """Staff sessions end after SESSION_COOKIE_AGE idle seconds: each request that leaves its session
    as it was moves that session's expiry on with one UPDATE of the expiry alone.

    SESSION_SAVE_EVERY_REQUEST would do it by writing the whole session back, so a slow request (an
    autocomplete still running when a form is saved) would put back the session it read at its start
    and wipe what a request in between stored there: the message that a record was saved, or a newly
    issued partner key shown once. A request that changes the session still saves it, with a fresh
    expiry, through SessionMiddleware. An expired session is never brought back."""

    SLACK = dt.timedelta(seconds=60)  # a session that would move on by less than this is left alone

    def __init__(self, get_response):
        if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
            raise ImproperlyConfigured("SessionIdleExpiryMiddleware moves expiries of database sessions only.")
        if settings.SESSION_SAVE_EVERY_REQUEST:
            raise ImproperlyConfigured("SessionIdleExpiryMiddleware replaces SESSION_SAVE_EVERY_REQUEST.")
        if not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
            # A cookie with its own age would need sending again with each move, as a session save does.
            raise ImproperlyConfigured("SessionIdleExpiryMiddleware needs SESSION_EXPIRE_AT_BROWSER_CLOSE.")
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        session = getattr(request, "session", None)
        if key and session is not None and not session.modified and session.session_key == key:
            now = timezone.now()
            expiry = now + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
            try:
                Session.objects.filter(
                    session_key=key, expire_date__gt=now, expire_date__lt=expiry - self.SLACK
                ).update(expire_date=expiry)
            except DatabaseError:  # the answer is ready: a busy database only leaves the expiry where it was
                logger.warning("A session's expiry could not be moved on.", exc_info=True)
        return response


# --- Compression ----------------------------------------------------------------------------------

# Text the pages and the API send: HTML, JSON and problem+json, CSV, iCalendar, XML (Atom, sitemap),
# the OpenAPI document (JSON or YAML), JavaScript and SVG.
COMPRESSIBLE = re.compile(
    r"^(text/|application/([\w.+-]+\+)?(json|xml|javascript|yaml|x-yaml)\b|application/vnd\.oai\.openapi\b|image/svg\+xml)"
)
MIN_COMPRESSED_BYTES = 200  # below this, compression saves less than its headers cost
BROTLI_QUALITY = 4  # of 11: about gzip's time for a smaller body (quality 11 is for files compressed once)
GZIP_LEVEL = 6


def _brotli(content: bytes) -> bytes:
    return brotli.compress(content, quality=BROTLI_QUALITY)


def _gzip(content: bytes) -> bytes:
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


# In the order preferred when the client accepts several as much.
COMPRESSORS = {"br": _brotli, "gzip": _gzip}


def accepted_coding(accept_encoding: str) -> str | None:
    """The coding of COMPRESSORS the client accepts most (Accept-Encoding, with its q-values), if any."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, *params = (part.strip() for part in item.split(";"))
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name:
            weights[name.lower()] = weight
    candidates = [(weights.get(name, weights.get("*", 0.0)), -rank) for rank, name in enumerate(COMPRESSORS)]
    weight, rank = max(candidates)
    return list(COMPRESSORS)[-rank] if weight > 0 else None


def may_hold_a_secret(request, response) -> bool:
    """Whether the body may hold something of this client's that an attacker could guess through the
    compressed size (BREACH): a CSRF token, a session's data, a signed-in user's page. Such bodies are
    sent uncompressed. The public pages and the API hold none (tests/core/test_compression.py)."""
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token was rendered
        or response.cookies
        or response.has_header("Set-Cookie")
        or has_vary_header(response, "Cookie")  # the session was read
        or settings.SESSION_COOKIE_NAME in request.COOKIES  # a signed-in user (staff, the admin)
        or request.path.startswith("/admin/")
    )


class CompressionMiddleware:
    """Brotli or gzip for the pages and the API, for clients that accept it, with Vary: Accept-Encoding;
    never for a body that may hold a secret (`may_hold_a_secret`). Static files are WhiteNoise's, which
    serves them compressed in advance.

    It runs before ConditionalGetMiddleware, as Django's GZipMiddleware does: the ETag is computed over
    the uncompressed body and made weak here (W/"..."), and If-None-Match compares weakly, so 304s work
    for compressed and uncompressed copies alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304:
            return self._not_modified(request, response)
        if (
            response.streaming
            or response.status_code < 200
            or response.status_code == 204
            or response.has_header("Content-Encoding")
            or len(response.content) < MIN_COMPRESSED_BYTES
            or not COMPRESSIBLE.match(response.get("Content-Type", ""))
            or may_hold_a_secret(request, response)
        ):
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        coding = accepted_coding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if coding is None:
            return response
        compressed = COMPRESSORS[coding](response.content)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = coding
        if response.get("ETag", "").startswith('"'):
            response["ETag"] = "W/" + response["ETag"]
        return response

    def _not_modified(self, request, response):
        """A 304 for a compressed copy names it as its 200 did: the weak ETag the client sent back."""
        etag = response.get("ETag", "")
        if etag.startswith('"') and f"W/{etag}" in request.META.get("HTTP_IF_NONE_MATCH", ""):
            response["ETag"] = f"W/{etag}"
            patch_vary_headers(response, ["Accept-Encoding"])
        return response


# --- Rate limits of expensive pages ---------------------------------------------------------------


@functools.cache
def _search_pages() -> frozenset[str]:
    lists = {record_type.list_url for record_type in registry.page_types() if record_type.list_url}
    return frozenset({*settings.SEARCH_PAGES, *lists})


def _expensive_page_throttles(request):
    """The limits a page request counts against: a search (non-empty ?q=) on a list page or the site
    search; the facet counts of a faceted page (FACET_PAGES) with any filter."""
    if not request.GET or is_api_request(request):
        return []
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return []
    throttles: list[ExpensiveRateThrottle] = []
    if name in _search_pages() and request.GET.get("q", "").strip():
        throttles.append(SearchRateThrottle())
    if name in settings.FACET_PAGES and any(value for key, value in request.GET.items() if key != "page"):
        throttles.append(FacetsRateThrottle())
    return throttles


class PageRateLimitMiddleware:
    """The expensive pages' own limits per client address (see `_expensive_page_throttles`): past one,
    a 429 page with Retry-After. Before the response cache, so that cached answers count too. (The API's
    limits are DRF throttles: cooperation.core.api.throttling.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = [
            throttle for throttle in _expensive_page_throttles(request) if not throttle.allow_request(request, None)
        ]
        if refused:
            wait = max(throttle.wait() or 0 for throttle in refused)
            retry_after = max(1, math.ceil(wait))
            response = render(request, "429.html", {"retry_after": retry_after}, status=429)
            response["Retry-After"] = str(retry_after)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        return self.get_response(request)


# --- Rate-limit headers of the API ----------------------------------------------------------------


class ApiRateLimitHeadersMiddleware:
    """RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset and RateLimit-Policy on every answer under
    /api/ (200, 304, 4xx, 429 with its Retry-After), from where the request left the client against the
    limits it was counted against (cooperation.core.api.throttling.reported_limit).

    Outside the response cache and the conditional GET, so that an answer served from the cache and a
    304 tell this request's counts, and no stored answer keeps an earlier request's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_api_request(request) and (limit := reported_limit(request)) is not None:
            for name, value in limit.headers().items():
                response[name] = value
        return response
