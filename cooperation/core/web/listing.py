"""One way for every public list page to read its URL: the API's filters, search and paging."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django_filters import FilterSet

LIST_PAGE_SIZE = 50


@dataclass
class FilteredList:
    filterset: FilterSet
    records: QuerySet  # every record the filters select, for counts
    page: Page
    query: str  # the URL's query without `page`, for links to other pages and other formats
    q: str

    @property
    def status(self):
        """400 when a filter could not be understood: the page says which and why."""
        return 400 if self.filterset.errors else 200

    def context(self):
        return {"filterset": self.filterset, "page": self.page, "query": self.query, "q": self.q}


def filtered_list(request, *, filterset_class, queryset, page_size=LIST_PAGE_SIZE):
    """The page of `queryset` the URL's filters (the API's, so addresses agree) and `page` select."""
    filterset = filterset_class(request.GET, queryset=queryset)
    records = filterset.qs if filterset.is_valid() else queryset.none()
    if not records.ordered:
        records = records.order_by("pk")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(records, page_size).get_page(request.GET.get("page"))
    return FilteredList(filterset, records, page, query.urlencode(), request.GET.get("q", ""))


def record_list(request, *, filterset_class, queryset, template, page_size=LIST_PAGE_SIZE):
    """A list page: `template` with the filtered, paged records."""
    listing = filtered_list(request, filterset_class=filterset_class, queryset=queryset, page_size=page_size)
    return render(request, template, listing.context(), status=listing.status)
