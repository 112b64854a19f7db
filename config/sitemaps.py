"""sitemap.xml: an index of sitemaps, one section per page type (and one for the site's pages), each
paged at SITEMAP_URLS addresses at most. Every published record's page is listed in every language,
with hreflang alternates and the date the record last changed.

Every sitemap page reads a bounded slice of its table: records are paged by blocks of ids (see
IdBlockPaginator), and the index takes each section's pages and latest change from the indexes (a
probe per page, an aggregate), never from the rows.
"""

import datetime as dt
from html import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Max
from django.db.models.expressions import RawSQL
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from cooperation.core.registry import registry

# Addresses per sitemap page. The protocol allows 50,000; each address here carries its five language
# alternates (about 700 bytes), so 1,000 keep a page under 1 MB, as every anonymous answer is.
SITEMAP_URLS = 1_000


class LanguagePaginator(Paginator):
    """Pages of items, each item then listed once per language."""

    def __init__(self, items, per_page, languages):
        super().__init__(items, per_page)
        self.languages = languages

    @property
    def page_numbers(self) -> list[int]:
        """The pages the index lists."""
        return list(self.page_range)

    def page(self, number):
        return self._in_languages(super().page(number))

    def _in_languages(self, page):
        page.object_list = [(item, language) for item in page.object_list for language in self.languages]
        return page


class IdBlockPaginator(LanguagePaginator):
    """Pages of records by blocks of `per_page` ids: page n holds the published records whose id is
    from (n - 1) × per_page to n × per_page - 1, read from the primary key's index at the same cost
    however deep the page (an OFFSET would walk every record before it), and a record stays on its
    page whatever becomes of the others. A page holds at most `per_page` records, fewer where drafts
    and deleted records leave ids unused. A block without a published record has no page (404); the
    index lists only the pages that have one (`page_numbers`), found by one probe of the index per page."""

    @cached_property
    def page_numbers(self) -> list[int]:
        return [block + 1 for block in _blocks_with_records(self.object_list, self.per_page)] or [1]

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(_("That page number is not an integer")) from error
        first = (number - 1) * self.per_page
        records = list(self.object_list.filter(pk__gte=first, pk__lt=first + self.per_page)) if number > 0 else []
        # Page 1 of a section without records is there, empty, as the index lists it.
        if not records and (number != 1 or self.object_list.exists()):
            raise EmptyPage(_("That page contains no results"))
        return self._in_languages(Page(records, number, self))


def _blocks_with_records(records, size: int) -> list[int]:
    """The blocks of `size` ids (id // size) that hold one of `records` at least: from the first, each
    next one found by the lowest id past the block before (a loose scan of the primary key's index)."""
    ordered = records.order_by("pk").values("pk")
    first_sql, first_params = ordered[:1].query.sql_with_params()
    past = RawSQL("(blocks.n + 1) * %s", (size,))
    next_sql, next_params = ordered.filter(pk__gte=past)[:1].query.sql_with_params()
    # The two subqueries are the ORM's, with their parameters; the values are all parameters.
    sql = (
        f"WITH RECURSIVE blocks (n) AS (SELECT ({first_sql}) / %s "  # noqa: S608
        f"UNION ALL SELECT ({next_sql}) / %s FROM blocks WHERE blocks.n IS NOT NULL) "
        "SELECT n FROM blocks WHERE n IS NOT NULL"
    )
    with connections[records.db].cursor() as cursor:
        cursor.execute(sql, [*first_params, size, *next_params, size])
        return [n for (n,) in cursor.fetchall()]


class LanguageSitemap(Sitemap):
    """Each address in every language, with hreflang alternates and an x-default (English)."""

    i18n = True
    alternates = True
    x_default = True
    limit = SITEMAP_URLS

    paginator_class = LanguagePaginator

    @property
    def paginator(self):
        languages = self._languages()
        return self.paginator_class(self.items(), max(self.limit // len(languages), 1), languages)


class RecordSitemap(LanguageSitemap):
    paginator_class = IdBlockPaginator

    def __init__(self, record_type):
        self.record_type = record_type

    def items(self):
        return self.record_type.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        return self.record_type.published().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(LanguageSitemap):
    """The home page and each page type's list and other pages (the timeline)."""

    changefreq = "daily"

    def items(self):
        return [
            "site:home",
            *(name for record_type in registry.page_types() for name in (record_type.list_url, *record_type.pages)),
        ]

    def location(self, name):
        return reverse(name)


def sitemaps():
    """The sections of the sitemap index: the site's pages, then each page type's records."""
    return {
        "pages": PageSitemap(),
        **{record_type.api_basename: RecordSitemap(record_type) for record_type in registry.page_types()},
    }


@x_robots_tag
def index(request):
    """sitemap.xml: the index of every section's sitemap pages, as django.contrib.sitemaps' index
    view gives it (dated by each section's latest change; Last-Modified when every section has one),
    written without its template: at a million events the index lists some 5,000 pages, which the
    template took over 100 ms to render."""
    domain = get_current_site(request).domain
    entries, latest, dated = [], None, True
    for section, site in sitemaps().items():
        protocol = site.protocol or request.scheme
        location = escape(f"{protocol}://{domain}{reverse('sitemap-section', kwargs={'section': section})}")
        lastmod = site.get_latest_lastmod()
        if lastmod is None:
            dated = False
        else:
            latest = lastmod if latest is None else max(latest, lastmod)
        day = f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod is not None else ""
        entries.extend(
            f"<sitemap><loc>{location}{'' if page == 1 else f'?p={page}'}</loc>{day}</sitemap>"
            for page in site.paginator.page_numbers
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(entries)
        + "\n</sitemapindex>\n"
    )
    headers = {"Last-Modified": http_date(latest.timestamp())} if dated and latest is not None else None
    return HttpResponse(body, content_type="application/xml", headers=headers)


def _w3c(moment) -> str:
    """A date or time as the sitemap protocol writes it (W3C Datetime), in the site's time zone."""
    if isinstance(moment, dt.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.isoformat()
