"""Error pages: problem+json under /api/, the site's own pages elsewhere."""

from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from cooperation.core.api.problems import is_api_request, problem_response


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
