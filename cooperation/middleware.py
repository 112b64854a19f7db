"""Request guards that apply to every page, admin view and API call."""

from django.conf import settings
from django.http import HttpResponseBadRequest

from cooperation.api.problems import is_api_request, problem_response

NUL_MESSAGE = "The address contains a NUL character, which is never valid here."


class RejectNulCharactersMiddleware:
    """Answer 400 to a NUL character in the path or query string.

    No record, name or search term contains one, and PostgreSQL refuses NUL in text, so letting it
    through would turn a mistyped or hostile URL into a server error. Form fields already reject NUL
    (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_parts = [part for key, values in request.GET.lists() for part in (key, *values)]
        if any("\x00" in part for part in (request.path, *query_parts)):
            if is_api_request(request):
                return problem_response(400, NUL_MESSAGE)
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
