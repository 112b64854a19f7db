"""Paging of every API list: pages of 50 (page_size up to 200), a total count (exact, or marked as an
estimate past a bound), next/previous in the body and a Link header.

The first pages can be asked for by number (`page`); `next` and `previous` links carry a `cursor`
instead: the position of the last (or first) record shown, in the list's order, read by keyset
(cooperation/core/paging.py). Page numbers stop at MAX_OFFSET records: past that, a 400 says to
follow the links.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from cooperation.core import paging
from cooperation.core.paging import (
    COUNT_TIME_LIMIT_MS,
    EXACT_COUNT_LIMIT,
    CursorError,
    Keyset,
    Total,
    total,
    window,
)

__all__ = ["PageNumberPagination"]

CURSOR_ERROR = gettext_lazy(
    "This cursor is not one this list gave (it may be from a list in another order): follow the list's own "
    "“next” and “previous” links."
)


def _positive_int(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    too_long = len(raw) > 4000  # checked before int(): Python refuses to convert over 4,300 digits
    if too_long or not raw.isascii() or not raw.isdigit() or int(raw) < 1 or (maximum and int(raw) > maximum):
        if maximum:
            message = _("Must be a whole number from 1 to %(maximum)d; got “%(value)s”.")
        else:
            message = _("Must be a whole number 1 or more; got “%(value)s”.")
        raise ValidationError({name: message % {"maximum": maximum, "value": raw[:40]}})
    return int(raw)


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages by number for the first MAX_OFFSET records, by cursor from any record on, with a total
    that is exact up to a bound and estimated past it (cooperation/core/paging.py)."""

    page_size = 50
    max_page_size = 200
    page_query_param = "page"
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    # Set by paginate_queryset, which DRF calls before building the response.
    request: Request
    total: Total

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = _positive_int(request, self.page_size_query_param, self.page_size, self.max_page_size)
        self.keyset = Keyset(queryset)
        raw_cursor = request.query_params.get(self.cursor_query_param)
        if raw_cursor is not None and request.query_params.get(self.page_query_param):
            raise ValidationError({self.cursor_query_param: _("Give a cursor or a page number, not both.")})
        # The number the database keeps, where the view has one (RecordViewSet.known_total), else counted.
        known = getattr(view, "known_total", lambda: None)()
        self.total = known if known is not None else total(queryset)
        if raw_cursor is not None:
            self.number = None
            try:
                self.rows, self.has_next, self.has_previous = self.keyset.page(queryset, raw_cursor, self.page_size)
            except CursorError as error:
                raise ValidationError({self.cursor_query_param: CURSOR_ERROR}) from error
            return self.rows
        number = _positive_int(request, self.page_query_param, 1)
        if not self.total.estimated and number > self.total.pages(self.page_size):
            raise ValidationError({self.page_query_param: self._missing(number)})
        if (number - 1) * self.page_size > paging.MAX_OFFSET:
            raise ValidationError(
                {
                    self.page_query_param: _(
                        "Page %(number)d is too deep to ask for by number: follow the “next” links, which carry a "
                        "cursor."
                    )
                    % {"number": number}
                }
            )
        offset = (number - 1) * self.page_size
        rows = window(queryset, offset, self.page_size + 1)
        if number > 1 and not rows:
            raise ValidationError({self.page_query_param: self._missing(number)})
        self.number = number
        self.has_next = len(rows) > self.page_size
        self.has_previous = number > 1
        self.rows = rows[: self.page_size]
        return self.rows

    def get_next_link(self):
        if not self.has_next or not self.rows:
            return None
        return self._cursor_url(self.keyset.encode(self.rows[-1], forward=True))

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if self.number is not None:  # a page asked for by number: the one before it, by number
            return self._page_url(self.number - 1)
        return self._cursor_url(self.keyset.encode(self.rows[0], forward=False)) if self.rows else None

    def _missing(self, number: int) -> str:
        """Why page `number` is not there."""
        if self.total.estimated:
            return _("Page %(number)d does not exist: there are fewer records.") % {"number": number}
        return _("Page %(number)d does not exist: the last page is %(last)d.") % {
            "number": number,
            "last": self.total.pages(self.page_size),
        }

    def get_paginated_response(self, data):
        links = {"first": self._page_url(1), "prev": self.get_previous_link(), "next": self.get_next_link()}
        last = self.total.pages(self.page_size)
        if self.number is not None and not self.total.estimated and (last - 1) * self.page_size <= paging.MAX_OFFSET:
            links["last"] = self._page_url(last)
        link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
        return Response(
            {
                "count": self.total.value,
                "count_estimated": self.total.estimated,
                "next": links["next"],
                "previous": links["prev"],
                "results": data,
            },
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
        properties = response["properties"]
        properties["count"]["description"] = (
            f"How many records the list holds: exact up to {EXACT_COUNT_LIMIT:,}; past that, or when counting "
            f"would take over {COUNT_TIME_LIMIT_MS} ms, on PostgreSQL, the database's estimate (then "
            "`count_estimated` is true)."
        )
        response["properties"] = {
            "count": properties.pop("count"),
            "count_estimated": {"type": "boolean", "description": "Whether `count` is an estimate.", "example": False},
            **properties,
        }
        response["required"] = ["count", "count_estimated", "next", "previous", "results"]
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
