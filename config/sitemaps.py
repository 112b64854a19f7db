"""sitemap.xml: every published record's page and the site's lists, in every language, with the
date each record last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cooperation.core.registry import registry


class LanguageSitemap(Sitemap):
    """Each address in every language, with hreflang alternates and an x-default (English)."""

    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(LanguageSitemap):
    def __init__(self, record_type):
        self.record_type = record_type

    def items(self):
        return self.record_type.published().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


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
    """The sections of sitemap.xml: the site's pages, then each page type's records."""
    return {
        "pages": PageSitemap(),
        **{record_type.api_basename: RecordSitemap(record_type) for record_type in registry.page_types()},
    }
