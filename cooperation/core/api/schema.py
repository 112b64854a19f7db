"""OpenAPI additions: every operation documents its error responses as problem+json, and 304; every
choice list of a registered record type has its own enum name."""

from django.db import models

from cooperation.core.api.problems import PROBLEM_CONTENT_TYPE
from cooperation.core.registry import registry


def enum_names() -> dict[str, type[models.TextChoices]]:
    """drf-spectacular's ENUM_NAME_OVERRIDES, from the registry: each choice list (TextChoices) that a
    registered record type's fields use, named after its class ("EventKindEnum"), so that lists
    sharing a field name ("kind") never get hashed names."""
    used = {
        tuple(value for value, _label in choices)
        for model in registry.models()
        for field in model._meta.get_fields()
        if (choices := getattr(field, "choices", None))
    }
    return {
        f"{choices.__name__}Enum": choices
        for choices in models.TextChoices.__subclasses__()
        if tuple(choices.values) in used
    }


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error, as RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "For a 400: each parameter that was wrong, and why.",
            "items": {
                "type": "object",
                "required": ["parameter", "message"],
                "properties": {"parameter": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
ERRORS = {
    "400": "A parameter could not be understood (a bad date, an unknown kind, a page past the end); `errors` names it.",
    "401": "The token given is unknown or revoked.",
    "404": "No published record has this id or slug.",
    "405": "The API is read-only: only GET, HEAD and OPTIONS are allowed.",
    "406": "The format asked for (Accept header or ?format=) is not offered here.",
    "413": "The request body is too large.",
    "429": "Too many requests; `Retry-After` says how many seconds to wait.",
    "500": "An error on our side.",
}
# Answered by the HTTP server (gunicorn refuses a request line over 4094 bytes) before the API sees the
# request, so its body is not a problem.
URI_TOO_LONG = "The address (path and query) is too long; the server refuses it before the API sees it."


def add_problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {"description": description, "content": problem})
            # CSV and iCalendar bodies are text, not the JSON object the serializer describes.
            for media_type, content in responses.get("200", {}).get("content", {}).items():
                if media_type in ("text/csv", "text/calendar"):
                    content["schema"] = {"type": "string", "description": f"The same records as {media_type}."}
            responses.setdefault("414", {"description": URI_TOO_LONG})
            if method == "get":
                responses.setdefault("304", {"description": "Not modified since the ETag or date given."})
    return result
