"""Errors as RFC 9457 problem details (application/problem+json), for every error under /api/, in the
answer's language (`?lang=` or Accept-Language: cooperation/core/web/middleware.py)."""

import math
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

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
    422: _("Unprocessable Content"),
    428: _("Precondition Required"),
    429: _("Too Many Requests"),
    500: _("Internal Server Error"),
    503: _("Service Unavailable"),
}


# Each kind of problem the API answers with: its section of the errors page (`type` links to it), what
# it means, examples and what to do. English, as the API's documentation is.
PROBLEMS = {
    400: (
        "bad-request",
        "The request asks for something the API cannot give as written. Nothing is ignored: a mistake is "
        "never answered with an empty or unfiltered list.",
        [
            "a parameter the address does not know (?yaer=2025): the error lists those it does;",
            "a slug or id no published record has (?person=salim-al-malik), or a draft's, refused alike;",
            "a value that is not one of the choices (?kind=party): the error lists them;",
            "a date or time in another form (?date_from=2021-13, ?updated_since=yesterday): the error shows the forms;",
            "date_from after date_to; a parameter given twice (write ?year=2025,2021 instead);",
            "a page past the last, a cursor the list never gave, a field the object does not have (?fields=);",
            "an answer too large for a client without a token: ask for a smaller page_size or a narrower calendar.",
        ],
        "read the errors list: each names the parameter and says what it accepts.",
    ),
    401: (
        "unauthorized",
        "The token sent is not one the API issued, or it was revoked.",
        [],
        "send a valid partner token, or none.",
    ),
    403: (
        "forbidden",
        "The token may not do this: a read-only token proposing, or a token whose account may not add or "
        "change such records.",
        [],
        "ask the records' staff for a token with that scope.",
    ),
    404: (
        "not-found",
        "No published record has this id or slug, or the address is not one of the API's.",
        [],
        "check the id or slug against the collection's list.",
    ),
    405: (
        "method-not-allowed",
        "The address does not take this method: the API is read with GET and HEAD; a collection takes a "
        "proposed record by POST, a record a proposed correction by PATCH.",
        [],
        "use GET, or POST and PATCH for proposals.",
    ),
    406: (
        "not-acceptable",
        "The API cannot answer in the format asked for (Accept or ?format=).",
        [],
        "ask for JSON, CSV or, for events, iCalendar.",
    ),
    409: (
        "conflict",
        "The request conflicts with the record's current state: another change to it awaits review, or a "
        "request with the same Idempotency-Key is being handled.",
        [],
        "propose your correction once the other is reviewed; send a request being handled again in a moment.",
    ),
    410: (
        "gone",
        "The record was public and is no longer: unpublished or deleted. The problem's tombstone is the change feed's last entry for it.",
        [],
        "drop your copy of it.",
    ),
    412: (
        "precondition-failed",
        "The record changed since the version your If-Match names.",
        [],
        "read it again, then send your change with its new ETag.",
    ),
    413: ("request-too-large", "The request's body or headers are over the size limit.", [], "send less."),
    415: ("unsupported-media-type", "The body is not JSON.", [], "send application/json."),
    422: (
        "unprocessable-content",
        "The Idempotency-Key was first sent with another request (another body or address).",
        [],
        "use a new key for each new proposal; send the same request again with the same key.",
    ),
    428: (
        "precondition-required",
        "A change must say which version it changes.",
        [],
        "send If-Match with the record's ETag.",
    ),
    429: (
        "too-many-requests",
        "Over the rate limit of your client (searches and exports have lower limits of their own).",
        [],
        "wait the seconds Retry-After gives; partners with a token get higher limits.",
    ),
    500: (
        "server-error",
        "An error on our side; it is logged.",
        [],
        "retry later; if it persists, tell the records' staff.",
    ),
    503: (
        "service-unavailable",
        "A service the API needs is unavailable for a moment.",
        [],
        "retry after the seconds Retry-After gives.",
    ),
}


def problem_type(status: int) -> str:
    """The address of the errors page's section on this status (`about:blank` for one it does not document)."""
    if status not in PROBLEMS:
        return "about:blank"
    return f"{settings.SITE_URL.rstrip('/')}{reverse('api:errors')}#{PROBLEMS[status][0]}"


@translation.override(settings.LANGUAGE_CODE)  # English, as the API's documentation is
def errors_page(request):
    """The page each problem's `type` links to: every kind of error, what it means and what to do."""
    problems = [
        {
            "status": status,
            "slug": slug,
            "title": HTTPStatus(status).phrase,
            "what": what,
            "examples": examples,
            "fix": fix,
        }
        for status, (slug, what, examples, fix) in PROBLEMS.items()
    ]
    return render(request, "api/errors.html", {"problems": problems})


def problem(status: int, detail: str, errors: list | None = None) -> dict:
    title = str(TITLES.get(status, HTTPStatus(status).phrase))
    body = {"type": problem_type(status), "title": title, "status": status, "detail": str(detail)}
    if errors:
        body["errors"] = errors
    return body


def problem_response(status: int, detail: str, errors: list | None = None) -> JsonResponse:
    """A problem response outside DRF views (middleware, unknown routes, server errors)."""
    return JsonResponse(problem(status, detail, errors), status=status, content_type=PROBLEM_CONTENT_TYPE)


def _flatten(detail, name=None):
    """DRF's nested error detail as [{"parameter": name, "message": text}, ...]."""
    if isinstance(detail, dict):
        return [error for key, value in detail.items() for error in _flatten(value, _joined(name, key))]
    if isinstance(detail, list):
        return [error for item in detail for error in _flatten(item, name)]
    return [{"parameter": name or "request", "message": str(detail)}]


def _joined(name, key):
    """A nested error's parameter: "citations.0.quote"; an error of a whole list or object by its name."""
    if name is None:
        return key
    return name if key == api_settings.NON_FIELD_ERRORS_KEY else f"{name}.{key}"


def exception_handler(exc, context):
    """An API exception as a problem, with DRF's headers (WWW-Authenticate, Retry-After).

    Unlike DRF's own handler it never marks a transaction for rollback: reads run outside a transaction,
    and a proposal runs its writes in one of its own, undone when it raises (cooperation/core/api/proposals.py).
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
    elif exc.status_code == 400:  # a body that is not JSON, a bad cursor: every 400 lists its errors
        body = problem(400, str(exc.detail), [{"parameter": "request", "message": str(exc.detail)}])
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
