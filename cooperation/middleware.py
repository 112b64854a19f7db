"""Request guards that apply to every page, admin view and API call."""

from django.http import HttpResponseBadRequest


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
            return HttpResponseBadRequest("The address contains a NUL character, which is never valid here.")
        return self.get_response(request)
