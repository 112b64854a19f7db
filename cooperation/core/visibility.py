"""Whether a visitor may see a record already in hand.

The rule itself is the records' (cooperation/core/records.py): a public record is visible when it
is published; a part (a participation, a position) when every record it links is (its
`visibility_links`). Lists and related rows apply it in the database, through the querysets'
`published()` and the selectors' published-only prefetches; a single record in hand (an event's
parent, an organisation's country, a citation's record) goes through `public()`, in Python or as
the `public` template filter. Views, serializers and templates never test publication themselves.
"""

from typing import TypeVar

from cooperation.core.records import PublicRecord, Record

_R = TypeVar("_R")


def public(record: _R | None) -> _R | None:
    """The record if visitors may see it, else None: a draft, a part linking a draft, or no record."""
    if record is None:
        return None
    if isinstance(record, PublicRecord):
        return record if record.is_published else None
    if isinstance(record, Record):
        for path, optional in type(record).visibility_links:
            linked = _follow(record, path)
            if linked is None:
                if not optional:
                    return None
            elif public(linked) is None:
                return None
    return record


def _follow(record, path):
    """The record at the end of `path` ("post__organisation"), or None where a link is empty."""
    for name in path.split("__"):
        record = getattr(record, name)
        if record is None:
            return None
    return record
