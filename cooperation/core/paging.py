"""Bounded paging, for the API's lists and the list pages alike.

Two costs grow with a table unless they are bounded, and this module bounds both:

- **The total.** On PostgreSQL, records are counted exactly up to EXACT_COUNT_LIMIT (a count that
  stops there, so it reads at most that many index entries), for at most COUNT_TIME_LIMIT_MS (a
  filter through linked rows may have to read many more to find that many records). Past either,
  the planner estimates the total from its statistics, and the total says it is an estimate
  ("about 950,000"). SQLite, the embedded database of small installations, counts exactly, in one
  count.
- **Deep pages.** Pages can be asked for by number for the first MAX_OFFSET records. From any record
  on, a *cursor* (the order keys of the last, or first, record shown) reads the next page by those
  keys (keyset paging): it costs the same at the millionth record as at the first, and neither skips
  nor repeats a record when records are added or removed meanwhile.
"""

import base64
import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError, connections, transaction
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils import translation

EXACT_COUNT_LIMIT = 10_000  # counted exactly up to here; past it, estimated (PostgreSQL)
# And for at most this long; past it, estimated too (PostgreSQL). Well under the 50 ms a filtered list
# may take in all: at a million events a count that runs out of time is one of 1,800 events or more.
COUNT_TIME_LIMIT_MS = 20
MAX_OFFSET = 10_000  # records before a page asked for by number; deeper pages are reached by cursor


@dataclass(frozen=True)
class Total:
    """How many records a list holds: exactly, or (`estimated`) as the planner judges it."""

    value: int
    estimated: bool = False

    @property
    def rounded(self) -> int:
        """An estimate to two significant figures (what "about N" shows); an exact total as it is."""
        if not self.estimated or self.value < 100:
            return self.value
        scale = 10 ** (int(math.log10(self.value)) - 1)
        return round(self.value / scale) * scale

    def pages(self, page_size: int) -> int:
        """How many pages of `page_size` the total fills (one, when there is nothing)."""
        return max(1, -(-self.value // page_size))


def total(queryset) -> Total:
    """The number of records in `queryset`, at bounded cost: see the module."""
    queryset = queryset.order_by()
    if queryset.query.is_empty():  # .none(): filters that could not be understood
        return Total(0)
    if connections[queryset.db].vendor != "postgresql":
        return Total(queryset.count())  # exact, and cheaper in one count than a bounded one and then this
    counted = _count_within_time_limit(queryset[: EXACT_COUNT_LIMIT + 1])
    if counted is None:  # out of time: as many as the planner expects
        return Total(_planned_rows(queryset) or 0, estimated=True)
    if counted <= EXACT_COUNT_LIMIT:
        return Total(counted)
    return Total(max(_planned_rows(queryset) or 0, EXACT_COUNT_LIMIT + 1), estimated=True)


def _count_within_time_limit(queryset) -> int | None:
    """The count of `queryset`, or None when PostgreSQL cannot finish it in COUNT_TIME_LIMIT_MS.

    The limit holds for this count alone: it is set in a transaction (a savepoint inside one) and reset
    after the count. A cancelled count rolls the transaction back, and the limit with it. So does a
    cancel that fires as the count ends and reaches the reset instead, keeping the count."""
    connection = connections[queryset.db]
    counted = None
    try:
        with transaction.atomic(using=queryset.db):
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(COUNT_TIME_LIMIT_MS)])
            counted = queryset.count()
            with connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != "57014":  # query_canceled: the time limit
            raise
    return counted


def _planned_rows(queryset) -> int | None:
    """The rows PostgreSQL's planner expects `queryset` to give (EXPLAIN; nothing is read)."""
    try:
        plan = json.loads(queryset.explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])
    except (EmptyResultSet, ValueError, LookupError, TypeError):  # a condition that matches nothing
        return None


# SQLite's planner, asked for one or two rows in a list's order, prefers the publication status's index
# and sorts every published row (44 ms at 100,000 events instead of under 1): reading a few rows more keeps
# it on the index in the list's order. PostgreSQL plans either the same way.
READ_AT_LEAST = 8


def window(queryset, offset: int, size: int) -> list:
    """Rows offset to offset + size of the ordered queryset, read with at least READ_AT_LEAST rows'
    LIMIT (see above)."""
    return list(queryset[offset : offset + max(size, READ_AT_LEAST)])[:size]


class CursorError(ValueError):
    """A cursor this list did not give."""


class Keyset:
    """The order keys of a queryset whose ordering ends with the primary key (the lists' ordering
    filters make it so): how to write a record's position as a cursor and read the page after it."""

    def __init__(self, queryset):
        self.model = queryset.model
        self.ordering = list(queryset.query.order_by)
        self.keys = [_key(term) for term in self.ordering]

    def encode(self, row, *, forward: bool) -> str:
        """The cursor of `row` (a model instance, or a dict of `order_columns` and "pk" read by
        values()): the page after it (forward) or before it."""
        values = []
        # A translated field's value as its column holds it (the English original, which the list is
        # ordered by), never the active language's rendering a model instance would give.
        with translation.override(settings.LANGUAGE_CODE):
            for name, _descending in self.keys:
                field = self._field(name)
                value = row[name] if isinstance(row, dict) else getattr(row, "pk" if name == "pk" else field.attname)
                values.append(None if value is None else field.value_to_string(_Holder(field, value)))
        data = json.dumps({"d": "n" if forward else "p", "v": values}, separators=(",", ":"))
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    def decode(self, raw: str) -> tuple[bool, list]:
        """(forward, order key values) of a cursor; CursorError when this list did not give it."""
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)))
            direction, values = data["d"], data["v"]
            if direction not in ("n", "p") or not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError
            values = [
                None if value is None else self._field(name).to_python(value)
                for (name, _descending), value in zip(self.keys, values, strict=True)
            ]
        except (ValueError, TypeError, KeyError, AttributeError, DjangoValidationError) as error:
            raise CursorError(raw) from error  # binascii and JSON errors are ValueErrors too
        return direction == "n", values

    def page(self, queryset, raw: str, size: int) -> tuple[list, bool, bool]:
        """The `size` records after (or before) the cursor `raw`: (rows, has_next, has_previous)."""
        forward, values = self.decode(raw)
        ordering = self.ordering if forward else [_reversed(term) for term in self.ordering]
        rows = self._read(queryset.order_by(*ordering), values, forward=forward, limit=size + 1)
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()
        if not rows:
            return rows, False, False
        # Moving forward, the page before exists (the cursor's record); moving back, the page after does.
        return rows, (more if forward else True), (True if forward else more)

    def _read(self, queryset, values, *, forward, limit) -> list:
        """Up to `limit` rows beyond the cursor's order keys, in the queryset's order.

        The first key bounds the rows as a range of the list's index, read from the cursor's value on
        (the disjunction of `_beyond` alone would be a filter over every row before it: half the table
        halfway down a list). Empty values come last, so moving forward from a filled one the rows
        with the first key empty are read after the filled ones run out."""
        (name, descending), value = self.keys[0], values[0]
        beyond = self._beyond(values, forward=forward)
        if value is None:
            return window(queryset.filter(beyond), 0, limit)
        toward = "lte" if descending == forward else "gte"
        rows = window(queryset.filter(beyond, **{f"{name}__{toward}": value}), 0, limit)
        if forward and len(rows) < limit and self._field(name).null:
            rows += window(queryset.filter(**{f"{name}__isnull": True}), 0, limit - len(rows))
        return rows

    def _beyond(self, values, *, forward):
        """The rows after (or, not forward, before) the row whose order keys are `values`, in an
        ordering where empty values come last: a disjunction over each key, the keys before it equal."""
        condition, equal = Q(pk__in=[]), Q()
        for (name, descending), value in zip(self.keys, values, strict=True):
            if value is None:  # empty values come last: after one, only other empty ones; before it, every filled one
                step = Q(pk__in=[]) if forward else Q(**{f"{name}__isnull": False})
                same = Q(**{f"{name}__isnull": True})
            else:
                later = "lt" if descending else "gt"
                earlier = "gt" if descending else "lt"
                step = (
                    (Q(**{f"{name}__{later}": value}) | Q(**{f"{name}__isnull": True}))
                    if forward
                    else Q(**{f"{name}__{earlier}": value})
                )
                same = Q(**{name: value})
            condition |= equal & step
            equal &= same
        return condition

    def _field(self, name):
        return self.model._meta.pk if name == "pk" else self.model._meta.get_field(name)


def order_columns(queryset) -> list[str]:
    """The columns of the queryset's ordering other than the primary key: with "pk", what values()
    must read for Keyset.encode."""
    return [name for name, _descending in map(_key, queryset.query.order_by) if name != "pk"]


def _key(term) -> tuple[str, bool]:
    """(field name, descending) of an ordering term."""
    if isinstance(term, OrderBy) and isinstance(term.expression, F):
        name, descending = term.expression.name, term.descending  # type: ignore[attr-defined]  # F.name: missing from the stubs
    elif isinstance(term, str):
        name, descending = term.removeprefix("-"), term.startswith("-")
    else:
        raise TypeError(f"Cannot page by the ordering term {term!r}")
    return ("pk" if name in ("pk", "id") else name), descending


class _Holder:
    """What Field.value_to_string reads a value from."""

    def __init__(self, field, value):
        self.__dict__[field.attname] = value


def _reversed(term):
    if isinstance(term, OrderBy):
        return OrderBy(term.expression, descending=not term.descending, nulls_first=term.nulls_last or None)
    return term[1:] if term.startswith("-") else f"-{term}"
