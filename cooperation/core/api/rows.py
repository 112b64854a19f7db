"""List rows read with values() instead of model instances and serializers.

A page of the event list holds 50 events and their participants: through the ORM and DRF that is
hundreds of model instances and thousands of field calls, most of a cold request's time. A collection
whose list is large gives its viewset a `ListRows` class that reads the page's rows with a few
values() queries and writes the same dicts its serializer would. The serializer stays the contract:
the OpenAPI document, the CSV columns and the detail answers come from it, and the tests hold each
builder to the serializer's output, byte for byte (tests/events/test_api_list_rows.py).
"""

from typing import Any, ClassVar

from rest_framework import serializers

from cooperation.core.api.fields import Addresses
from cooperation.core.dates import PartialDate
from cooperation.core.records import PublicationStatus

# DRF's own field writes the times, so both paths write them alike (the current time zone, "Z" for UTC).
_DATETIME = serializers.DateTimeField()


class ListRows:
    """The rows of one page of a collection's list, in the order of its record ids.

    A subclass names its `model` and writes `build`, reading with the helpers below. `request` makes
    the addresses absolute, as the serializers' are."""

    model: ClassVar[type]

    def __init__(self, request):
        self.addresses = Addresses(request)

    def build(self, ids: list[int]) -> list[dict[str, Any]]:
        raise NotImplementedError

    # Helpers for the fields every collection shares.

    def record_fields(self, row: dict) -> dict[str, Any]:
        """id, slug, url, html_url and updated_at, as RecordSerializer writes them, from a row with
        uuid, slug and updated_at."""
        return {
            "id": str(row["uuid"]),
            "slug": row["slug"],
            "url": self.addresses.api(self.model, row["uuid"]),
            "html_url": self.addresses.html(self.model, row["slug"]),
            "updated_at": _DATETIME.to_representation(row["updated_at"]),
        }

    def summary(self, model, uuid, name, status) -> dict[str, Any] | None:
        """{id, name, url} of a related record read by its columns; None when there is none or it is a
        draft (SummaryField's rule for a public record)."""
        if uuid is None or status != PublicationStatus.PUBLISHED:
            return None
        return {"id": uuid, "name": name, "url": self.addresses.api(model, uuid)}


def span_fields(row: dict) -> dict[str, Any]:
    """start_date, end_date and their precisions, as SpanSerializerMixin writes them."""
    return {
        "start_date": _iso(PartialDate.stored(row["start_date"], row["start_date_precision"])),
        "start_date_precision": row["start_date_precision"] or None,
        "end_date": _iso(PartialDate.stored(row["end_date"], row["end_date_precision"])),
        "end_date_precision": row["end_date_precision"] or None,
    }


SPAN_COLUMNS = ("start_date", "start_date_precision", "end_date", "end_date_precision")
RECORD_COLUMNS = ("uuid", "slug", "updated_at")


def _iso(date: PartialDate | None) -> str | None:
    return None if date is None else date.iso()


def grouped(rows, key: str) -> dict[Any, list[dict]]:
    """Rows by the value of `key`, each group in the rows' order."""
    groups: dict[Any, list[dict]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups
