from django.core.paginator import Page, Paginator
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


def _positive_int(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    too_long = len(raw) > 4000  # checked before int(): Python refuses to convert over 4,300 digits
    if too_long or not raw.isascii() or not raw.isdigit() or int(raw) < 1 or (maximum and int(raw) > maximum):
        limit = f"from 1 to {maximum}" if maximum else "1 or more"
        raise ValidationError({name: f"Must be a whole number {limit}; got “{raw[:40]}”."})
    return int(raw)


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of 50 (page_size up to 200), a total count, next/previous in the body and a Link header.

    A page that does not exist, or a page or page_size that is not a whole number in range, is a 400
    naming the parameter.
    """

    page_size = 50
    max_page_size = 200
    page_query_param = "page"
    page_size_query_param = "page_size"
    # Set by paginate_queryset, which DRF calls before building the response.
    page: Page
    request: Request

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = _positive_int(request, self.page_size_query_param, self.page_size, self.max_page_size)
        number = _positive_int(request, self.page_query_param, 1)
        paginator = Paginator(queryset, page_size)
        if number > paginator.num_pages:
            raise ValidationError(
                {self.page_query_param: f"Page {number} does not exist: the last page is {paginator.num_pages}."}
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_paginated_response(self, data):
        links = {"first": self._page_url(1), "prev": self.get_previous_link(), "next": self.get_next_link()}
        links["last"] = self._page_url(self.page.paginator.num_pages)
        link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
        return Response(
            {
                "count": self.page.paginator.count,
                "next": links["next"],
                "previous": links["prev"],
                "results": data,
            },
            headers={"Link": link_header} if link_header else None,
        )

    def _page_url(self, number):
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response
