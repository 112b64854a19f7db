"""Paging of every API list: pages of 50 (page_size up to 200), a total count, next/previous in the
body and a Link header.

The first pages can be asked for by number (`page`); `next` and `previous` links carry a `cursor`
instead: the position of the last (or first) record shown, in the list's order. A page after a
cursor is read from the database by its order keys (keyset paging), so it costs the same at the
millionth record as at the first, and it neither skips nor repeats a record when records are added
or removed meanwhile. Page numbers stop at MAX_OFFSET records: past that, a 400 says to follow the
links.
"""

import base64
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_OFFSET = 10_000  # records before the page asked for by number; deeper pages are reached by cursor


def _positive_int(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    too_long = len(raw) > 4000  # checked before int(): Python refuses to convert over 4,300 digits
    if too_long or not raw.isascii() or not raw.isdigit() or int(raw) < 1 or (maximum and int(raw) > maximum):
        limit = f"from 1 to {maximum}" if maximum else "1 or more"
        raise ValidationError({name: f"Must be a whole number {limit}; got “{raw[:40]}”."})
    return int(raw)


def _order_keys(queryset):
    """[(field name, descending)] of the queryset's ordering, which ends with the primary key (the
    ordering filter makes it so): the keys a cursor records."""
    keys = []
    for term in queryset.query.order_by:
        if isinstance(term, OrderBy) and isinstance(term.expression, F):
            keys.append((term.expression.name, term.descending))  # type: ignore[attr-defined]  # F.name: missing from the stubs
        elif isinstance(term, str):
            keys.append((term.removeprefix("-"), term.startswith("-")))
        else:
            raise TypeError(f"Cannot page by the ordering term {term!r}")
    return [("pk" if name in ("pk", "id") else name, descending) for name, descending in keys]


def _beyond(keys, values, *, forward):
    """The rows after (or, not forward, before) the row whose order keys are `values`, in an ordering
    where empty values come last: a disjunction over each key, the keys before it being equal."""
    condition, equal = Q(pk__in=[]), Q()
    for (name, descending), value in zip(keys, values, strict=True):
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


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages by number for the first MAX_OFFSET records, by cursor from any record on; see the module."""

    page_size = 50
    max_page_size = 200
    page_query_param = "page"
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    # Set by paginate_queryset, which DRF calls before building the response.
    request: Request

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = _positive_int(request, self.page_size_query_param, self.page_size, self.max_page_size)
        self.keys = _order_keys(queryset)
        self.model = queryset.model
        raw_cursor = request.query_params.get(self.cursor_query_param)
        if raw_cursor is not None and request.query_params.get(self.page_query_param):
            raise ValidationError({self.cursor_query_param: "Give a cursor or a page number, not both."})
        self.count = queryset.count()
        if raw_cursor is not None:
            return self._page_after_cursor(queryset, raw_cursor)
        number = _positive_int(request, self.page_query_param, 1)
        if (number - 1) * self.page_size > MAX_OFFSET:
            raise ValidationError(
                {
                    self.page_query_param: f"Page {number} is too deep to ask for by number: follow the “next” "
                    "links, which carry a cursor."
                }
            )
        paginator = Paginator(queryset, self.page_size)
        if number > paginator.num_pages:
            raise ValidationError(
                {self.page_query_param: f"Page {number} does not exist: the last page is {paginator.num_pages}."}
            )
        self.number, self.last_number = number, paginator.num_pages
        rows = list(paginator.page(number))
        self.has_next = number < paginator.num_pages
        self.has_previous = number > 1
        self.rows = rows
        return rows

    def _page_after_cursor(self, queryset, raw_cursor):
        forward, values = self._decode(raw_cursor)
        ordering = queryset.query.order_by if forward else [_reversed(term) for term in queryset.query.order_by]
        rows = list(
            queryset.filter(_beyond(self.keys, values, forward=forward)).order_by(*ordering)[: self.page_size + 1]
        )
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if not forward:
            rows.reverse()
        self.number = None
        # Moving forward, the page before exists (the cursor's row); moving back, the page after does.
        self.has_next, self.has_previous = (more, True) if forward else (True, more)
        if not rows:
            self.has_next = self.has_previous = False
        self.rows = rows
        return rows

    def _decode(self, raw):
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)))
            direction, values = data["d"], data["v"]
            if direction not in ("n", "p") or not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError
            values = [
                None if value is None else self._field(name).to_python(value)
                for (name, _descending), value in zip(self.keys, values, strict=True)
            ]
        except (ValueError, TypeError, KeyError, DjangoValidationError) as error:  # binascii and JSON errors too
            raise ValidationError(
                {
                    self.cursor_query_param: "This cursor is not one this list gave (it may be from a list in another "
                    "order): follow the list's own “next” and “previous” links."
                }
            ) from error
        return direction == "n", values

    def _field(self, name):
        return self.model._meta.pk if name == "pk" else self.model._meta.get_field(name)

    def _encode(self, row, *, forward):
        values = []
        for name, _descending in self.keys:
            value = row.pk if name == "pk" else getattr(row, self._field(name).attname)
            values.append(
                None if value is None else self._field(name).value_to_string(_Holder(self._field(name), value))
            )
        data = json.dumps({"d": "n" if forward else "p", "v": values}, separators=(",", ":"))
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    def get_next_link(self):
        if not self.has_next or not self.rows:
            return None
        return self._cursor_url(self._encode(self.rows[-1], forward=True))

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if self.number is not None:  # a page asked for by number: the one before it, by number
            return self._page_url(self.number - 1)
        return self._cursor_url(self._encode(self.rows[0], forward=False)) if self.rows else None

    def get_paginated_response(self, data):
        links = {"first": self._page_url(1), "prev": self.get_previous_link(), "next": self.get_next_link()}
        if self.number is not None and (self.last_number - 1) * self.page_size <= MAX_OFFSET:
            links["last"] = self._page_url(self.last_number)
        link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
        return Response(
            {"count": self.count, "next": links["next"], "previous": links["prev"], "results": data},
            headers={"Link": link_header} if link_header else None,
        )

    def _url(self):
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def _page_url(self, number):
        url = self._url()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def _cursor_url(self, cursor):
        return replace_query_param(
            remove_query_param(self._url(), self.page_query_param), self.cursor_query_param, cursor
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "A position in the list, as the `next` and `previous` links give it; not with `page`.",
                "schema": {"type": "string"},
            }
        )
        return parameters


class _Holder:
    """What Field.value_to_string reads a value from."""

    def __init__(self, field, value):
        self.__dict__[field.attname] = value


def _reversed(term):
    if isinstance(term, OrderBy):
        return OrderBy(term.expression, descending=not term.descending, nulls_first=term.nulls_last or None)
    return term[1:] if term.startswith("-") else f"-{term}"
