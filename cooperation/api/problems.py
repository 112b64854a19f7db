"""Errors as RFC 9457 problem details (application/problem+json), for every error under /api/."""

from http import HTTPStatus

from django.http import JsonResponse
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_CONTENT_TYPE
    format = "problem+json"


def problem(status: int, detail: str, errors: list | None = None) -> dict:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
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
    """DRF's handling (status, headers such as Retry-After), with the body as a problem."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handler answers with a problem
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = "; ".join(f"{error['parameter']}: {error['message']}" for error in errors)
        response.data = problem(response.status_code, detail, errors)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else str(response.data)
        response.data = problem(response.status_code, str(detail))
    response.content_type = PROBLEM_CONTENT_TYPE
    # Rendered as JSON whatever the view's own formats (CSV, iCalendar, the schema's YAML, HTML docs).
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return response


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")
