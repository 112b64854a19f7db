"""Values and small builders the API tests share (no assertions: each test makes its own)."""

import datetime as dt
import uuid

API = "http://testserver/api/v1"
# updated_at is set on every save; tests overwrite it with update(), which bypasses auto_now.
FROZEN = dt.datetime(2025, 5, 1, 10, 0, tzinfo=dt.UTC)
FROZEN_IN_BAKU = "2025-05-01T14:00:00+04:00"


def uid(number):
    """A fixed, readable record id: uid(7) is 00000000-0000-4000-8000-000000000007."""
    return uuid.UUID(f"00000000-0000-4000-8000-{number:012d}")


def summary(collection, number, name):
    """The summary {id, name, url} the API embeds for the record with id uid(number)."""
    return {"id": str(uid(number)), "name": name, "url": f"{API}/{collection}/{uid(number)}/"}


def freeze(*records, when=FROZEN):
    """Set the records' updated_at, so that pinned objects do not depend on the clock."""
    for record in records:
        type(record).objects.filter(pk=record.pk).update(updated_at=when)


def slugs(response):
    return [record["slug"] for record in response.json()["results"]]
