"""Errors as RFC 9457 problem details (application/problem+json), for every error under /api/, in the
answer's language (`?lang=` or Accept-Language: cooperation/core/web/middleware.py)."""

import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_CONTENT_TYPE
    format = "problem+json"


# The title of each status the API answers with, in the answer's language (RFC 9457 allows a title
# to change for localization only); any other status has its English phrase.
TITLES = {
    400: _("Bad Request"),
    401: _("Unauthorized"),
    403: _("Forbidden"),
    404: _("Not Found"),
    405: _("Method Not Allowed"),
    406: _("Not Acceptable"),
    409: _("Conflict"),
    410: _("Gone"),
    412: _("Precondition Failed"),
    413: _("Request Entity Too Large"),
    415: _("Unsupported Media Type"),
    428: _("Precondition Required"),
    429: _("Too Many Requests"),
    500: _("Internal Server Error"),
    503: _("Service Unavailable"),
}


def problem(status: int, detail: str, errors: list | None = None) -> dict:
    title = str(TITLES.get(status, HTTPStatus(status).phrase))
    body = {"type": "about:blank", "title": title, "status": status, "detail": str(detail)}
    if errors:
        body["errors"] = errors
    return body


def problem_response(status: int, detail: str, errors: list | None = None) -> JsonResponse:
    """A problem response outside DRF views (middleware, unknown routes, server errors)."""
    return JsonResponse(problem(status, detail, errors), status=status, content_type=PROBLEM_CONTENT_TYPE)


def _flatten(detail, name=None):
    """DRF's nested error detail as [{"parameter": name, "message": text}, ...]."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in _flatten(value, key if name is None else f"{name}.{key}")
        ]
    if isinstance(detail, list):
        return [error for item in detail for error in _flatten(item, name)]
    return [{"parameter": name or "request", "message": str(detail)}]


def exception_handler(exc, context):
    """An API exception as a problem, with DRF's headers (WWW-Authenticate, Retry-After).

    Unlike DRF's own handler it never marks a transaction for rollback: the API only reads, outside a
    request transaction.
    """
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if not isinstance(exc, exceptions.APIException):
        return None  # an unexpected error: Django's 500 handler answers with a problem
    headers = {}
    if auth_header := getattr(exc, "auth_header", None):  # NotAuthenticated, AuthenticationFailed
        headers["WWW-Authenticate"] = auth_header
    if wait := getattr(exc, "wait", None):  # Throttled
        headers["Retry-After"] = str(math.ceil(wait))
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        body = problem(exc.status_code, "; ".join(f"{e['parameter']}: {e['message']}" for e in errors), errors)
    else:
        body = problem(exc.status_code, str(exc.detail))
    if tombstone := getattr(exc, "tombstone", None):  # 410 Gone: the change feed's last entry for the record
        body["tombstone"] = tombstone
    response = Response(body, status=exc.status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    # Rendered as JSON whatever the view's own formats (CSV, iCalendar, the schema's YAML, HTML docs).
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return response


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")
