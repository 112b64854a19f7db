"""sitemap.xml: every published record's page and the site's lists, in every language, with the
date each record last changed."""

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class LanguageSitemap(Sitemap):
    """Each address in every language, with hreflang alternates and an x-default (English)."""

    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(LanguageSitemap):
    def __init__(self, model_label):
        self.model_label = model_label

    def items(self):
        return apps.get_model(self.model_label).objects.published().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class PageSitemap(LanguageSitemap):
    """The home page, the timeline, the lists and search's way in."""

    changefreq = "daily"

    def items(self):
        return [
            "cooperation:home",
            "events:event-list",
            "events:timeline",
            "people:person-list",
            "cooperation:organisation-list",
            "cooperation:initiative-list",
            "cooperation:source-list",
            "cooperation:place-list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap(),
    **{
        label.split(".")[1].lower(): RecordSitemap(label)
        for label in (
            "events.Event",
            "people.Person",
            "cooperation.Organisation",
            "cooperation.Initiative",
            "cooperation.Source",
            "cooperation.Place",
        )
    },
}
