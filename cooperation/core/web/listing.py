"""One way for every public list page to read its URL: the API's filters, search and paging.

Paging is bounded as the API's is (cooperation/core/paging.py): the first pages by number, every page
past them by a cursor the "next" and "previous" links carry, and a total that is exact up to a bound
and "about N" past it.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet

from cooperation.core import paging
from cooperation.core.paging import CursorError, Keyset, Total, total, window

LIST_PAGE_SIZE = 50


@dataclass
class ListPage:
    """One page of a list: its rows, the list's total, and the queries of the pages around it."""

    rows: list
    total: Total
    number: int | None  # None on a page reached by cursor
    page_size: int
    next_query: str | None = None
    previous_query: str | None = None
    errors: list = field(default_factory=list)  # messages, translated lazily

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.rows)

    @property
    def has_other_pages(self):
        return bool(self.next_query is not None or self.previous_query is not None)

    @property
    def num_pages(self) -> int | None:
        """How many pages the list has, when its total is exact."""
        return None if self.total.estimated else self.total.pages(self.page_size)


@dataclass
class FilteredList:
    filterset: FilterSet
    records: QuerySet  # every record the filters select, for counts
    page: ListPage
    query: str  # the URL's query without paging, for links to other formats
    q: str

    @property
    def status(self):
        """400 when a filter or the paging could not be understood: the page says which and why."""
        return 400 if self.filterset.errors or self.page.errors else 200

    def context(self):
        return {"filterset": self.filterset, "page": self.page, "query": self.query, "q": self.q}


def filtered_list(request, *, filterset_class, queryset, page_size=LIST_PAGE_SIZE, known_total=None):
    """The page of `queryset` the URL's filters (the API's, so addresses agree), `page` and `cursor` select.
    `known_total(filterset)`, where given, is the number of records the filters select when the database
    keeps it (None when it does not), read instead of counting them."""
    filterset = filterset_class(request.GET, queryset=queryset)
    records = filterset.qs if filterset.is_valid() else queryset.none()
    if not records.ordered:
        records = records.order_by("pk")
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("cursor", None)
    page = list_page(records, request.GET, query, page_size, known_total(filterset) if known_total else None)
    return FilteredList(filterset, records, page, query.urlencode(), request.GET.get("q", ""))


def list_page(records, params: QueryDict, query: QueryDict, page_size: int, count: Total | None = None) -> ListPage:
    """The page `params` ask for: by `cursor`, else by `page` number (a number that is not one, or
    past the last page, gives the first or the last; past MAX_OFFSET records, a message). `count`,
    the records' total when known, else counted."""
    keyset = Keyset(records)
    count = count if count is not None else total(records)

    def link(**extra):
        return _with(query, **extra)

    raw_cursor = params.get("cursor")
    if raw_cursor:
        try:
            rows, has_next, has_previous = keyset.page(records, raw_cursor, page_size)
        except CursorError:
            return ListPage([], count, None, page_size, previous_query=link(), errors=[_CURSOR_ERROR])
        return ListPage(
            rows,
            count,
            None,
            page_size,
            next_query=link(cursor=keyset.encode(rows[-1], forward=True)) if has_next else None,
            previous_query=link(cursor=keyset.encode(rows[0], forward=False)) if has_previous else None,
        )
    raw = params.get("page", "")
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 and int(raw) > 0 else 1
    deepest = paging.MAX_OFFSET // page_size + 1
    number = min(number, deepest if count.estimated else min(count.pages(page_size), deepest))
    offset = (number - 1) * page_size
    rows = window(records, offset, page_size + 1)
    has_next = len(rows) > page_size
    rows = rows[:page_size]
    if has_next and number < deepest:
        next_query = link(page=number + 1)
    elif has_next:  # past the pages asked for by number, the next page is read by cursor
        next_query = link(cursor=keyset.encode(rows[-1], forward=True))
    else:
        next_query = None
    previous_query = link(page=number - 1) if number > 1 else None
    return ListPage(rows, count, number, page_size, next_query=next_query, previous_query=previous_query)


_CURSOR_ERROR = _("This page’s address is not one this list gave: start again from the first page.")


def _with(query: QueryDict, **extra) -> str:
    params = query.copy()
    for name, value in extra.items():
        params[name] = value
    return params.urlencode()


def record_list(request, *, filterset_class, queryset, template, page_size=LIST_PAGE_SIZE):
    """A list page: `template` with the filtered, paged records."""
    listing = filtered_list(request, filterset_class=filterset_class, queryset=queryset, page_size=page_size)
    return render(request, template, listing.context(), status=listing.status)
