"""OpenAPI additions: every operation documents its error responses as problem+json, and 304; every
choice list of a registered record type has its own enum name; the token is optional (anonymous first);
the description ends with the README's examples."""

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
    "405": "The address does not take this method (the Allow header lists those it does).",
    "406": "The format asked for (Accept header or ?format=) is not offered here.",
    "413": "The request body is too large.",
    "429": "Too many requests; `Retry-After` says how many seconds to wait.",
    "500": "An error on our side.",
}
# Answered by the HTTP server (gunicorn refuses a request line over 4094 bytes) before the API sees the
# request, so its body is not a problem.
GONE = (
    "The record was public and is no longer (unpublished or deleted); `tombstone` is the change feed's last entry "
    "for it."
)
URI_TOO_LONG = "The address (path and query) is too long; the server refuses it before the API sees it."


def add_problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {"description": description, "content": problem})
            # CSV and iCalendar bodies are text, not the JSON object the serializer describes.
            for media_type, content in responses.get("200", {}).get("content", {}).items():
                if media_type in ("text/csv", "text/calendar"):
                    content["schema"] = {"type": "string", "description": f"The same records as {media_type}."}
            responses.setdefault("414", {"description": URI_TOO_LONG})
            if path.endswith("/{id}/") and not path.endswith("/citations/{id}/"):  # records leave tombstones
                responses.setdefault("410", {"description": GONE, "content": problem})
            if method == "get":
                responses.setdefault("304", {"description": "Not modified since the ETag or date given."})
            if "202" in responses:  # a proposal's answer, which a request sent again gets again
                responses["202"].setdefault("headers", {})["Idempotent-Replayed"] = {
                    "description": "Present (true) on the first answer given again to a request sent again.",
                    "schema": {"type": "string", "enum": ["true"]},
                }
            for status, response in responses.items():  # an error an operation documents itself (proposals')
                if status >= "400" and status != "414" and "content" not in response:
                    response["content"] = problem
    return result


def anonymous_first(result, generator, request, public):
    """An operation anyone may call lists the empty security requirement first, then the token's:
    `[{}, {"partnerToken": []}]`, the token optional (drf-spectacular lists the token first)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            security = operation.get("security")
            if security and {} in security:
                operation["security"] = [{}, *(requirement for requirement in security if requirement)]
    return result


# The README's examples ("The JSON API"), shown at the top of Swagger UI and Redoc.
EXAMPLES = """

## Examples

Against a development server at 127.0.0.1:8000: put this site's address in its place.

```sh
# The opening of the Baku regional office
curl 'http://127.0.0.1:8000/api/v1/events/?q=opening+regional+office'
# Every event with the Director-General since 2021, as JSON, CSV or a calendar
curl 'http://127.0.0.1:8000/api/v1/events/?person=salim-almalik&date_from=2021'
curl 'http://127.0.0.1:8000/api/v1/events/?person=salim-almalik&date_from=2021&format=csv'
curl 'http://127.0.0.1:8000/api/v1/events/?person=salim-almalik&date_from=2021&format=ics'
# Keep a copy in step: every change in commit order, removals included; then from the last cursor on
curl 'http://127.0.0.1:8000/api/v1/changes/'
curl 'http://127.0.0.1:8000/api/v1/changes/?since=42'
# The sentence behind every fact of an event, its participants' included; only the fields wanted
curl 'http://127.0.0.1:8000/api/v1/citations/?record=<event id>'
curl 'http://127.0.0.1:8000/api/v1/events/?fields=id,title,start_date'
# Everything at once: the bulk download, then the change feed from its changes_cursor
curl -O 'http://127.0.0.1:8000/data/records.zip'
# What changed since a time (including an event's participants)
curl 'http://127.0.0.1:8000/api/v1/people/?updated_since=2026-01-01T00:00:00Z'
# A mistake gets a clear answer
curl 'http://127.0.0.1:8000/api/v1/events/?date_from=2021-13'   # 400, naming date_from
# A partner whose token may propose: a new record, then a correction of what it read (both await review)
curl -X POST 'http://127.0.0.1:8000/api/v1/events/' -H 'Authorization: Bearer <key>' \\
  -H 'Idempotency-Key: <a new UUID>' -H 'Content-Type: application/json' \\
  -d '{"title": "<title>", "kind": "meeting", "start_date": "2025-05", "citations": [{"source": "<source slug>", "quote": "<its sentence>"}]}'
curl -X PATCH 'http://127.0.0.1:8000/api/v1/events/<id>/' -H 'Authorization: Bearer <key>' \\
  -H 'If-Match: <the ETag of the detail>' -H 'Content-Type: application/json' -d '{"title": "<title>"}'
```
"""


def add_examples(result, generator, request, public):
    result.setdefault("info", {})["description"] = result["info"].get("description", "") + EXAMPLES
    return result
