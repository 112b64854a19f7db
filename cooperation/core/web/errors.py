"""Error pages: problem+json under /api/, the site's own pages elsewhere; 503 with Retry-After when the
database cannot be reached (a fault of the moment, not of the request, nor a bug)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from cooperation.core.api.problems import is_api_request, problem_response

# The database is down, unreachable, or gave up on a statement (its timeout): a retry may succeed.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception):
    if is_api_request(request):
        return problem_response(
            404, _("There is nothing at this address. The API's collections are listed at /api/v1/.")
        )
    return defaults.page_not_found(request, exception)


@csrf_exempt  # a write to an address that does not exist is a 404 like a read
def api_not_found(request, rest=""):
    """Any address under /api/ that no route takes: the API's 404 problem, also while DEBUG would
    answer with Django's page of the URL patterns."""
    return page_not_found(request, None)


def server_error(request):
    # Django calls this while it handles the exception, which sys.exc_info() therefore still holds.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    if is_api_request(request):
        return problem_response(500, _("Something went wrong on our side; the error has been logged."))
    return defaults.server_error(request)


def bad_request(request, exception):
    if is_api_request(request):
        return problem_response(400, _("The request could not be understood."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_request(request):
        return problem_response(403, _("You may not do this."))
    return defaults.permission_denied(request, exception)


def service_unavailable(request):
    """503 with Retry-After: the records cannot be read for a moment. Drawn without the database (no
    context processors, no session): a problem under /api/, a plain page elsewhere."""
    response: HttpResponse
    if is_api_request(request):
        response = problem_response(
            503,
            _("The records cannot be reached for a moment; try again in %(seconds)d seconds.")
            % {"seconds": RETRY_AFTER_SECONDS},
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html", {"seconds": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
