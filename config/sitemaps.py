"""sitemap.xml: an index of sitemaps, one section per page type (and one for the site's pages), each
paged at SITEMAP_URLS addresses at most. Every published record's page is listed in every language,
with hreflang alternates and the date the record last changed.

Every sitemap page reads a bounded slice of its table: records are paged in the database, and the
index takes each section's latest change from an aggregate, never from the rows.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse

from cooperation.core.registry import registry

# Addresses per sitemap page. The protocol allows 50,000; each address here carries its five language
# alternates (about 700 bytes), so 1,000 keep a page under 1 MB, as every anonymous answer is.
SITEMAP_URLS = 1_000


class LanguagePaginator(Paginator):
    """Pages of records, each record then listed once per language: the database pages the records,
    so a page never reads more than its own rows."""

    def __init__(self, records, per_page, languages):
        super().__init__(records, per_page)
        self.languages = languages

    def page(self, number):
        page = super().page(number)
        page.object_list = [(record, language) for record in page.object_list for language in self.languages]
        return page


class LanguageSitemap(Sitemap):
    """Each address in every language, with hreflang alternates and an x-default (English)."""

    i18n = True
    alternates = True
    x_default = True
    limit = SITEMAP_URLS

    @property
    def paginator(self):
        languages = self._languages()
        return LanguagePaginator(self.items(), max(self.limit // len(languages), 1), languages)


class RecordSitemap(LanguageSitemap):
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
