"""Whether a visitor may see a record: decided here, and only here, for a record already in hand.

Lists and related rows are narrowed in the database by the querysets' `published()` and the
selectors' published-only prefetches; a single linked record (an event's parent, an organisation's
country) goes through `public()`, in Python or as the `public` template filter.
"""

from typing import TypeVar

_R = TypeVar("_R")


def public(record: _R | None) -> _R | None:
    """The record if visitors may see it, else None: a draft, or no record at all."""
    if record is None:
        return None
    return record if getattr(record, "is_published", True) else None
