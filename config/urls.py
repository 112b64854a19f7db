"""Top-level routes: the admin, the JSON API and the files for machines at fixed addresses; the
visitors' pages under a language prefix (none for English, /az/, /ar/, /ru/)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cooperation import views as cooperation_views
from cooperation.sitemaps import SITEMAPS
from events.feeds import LatestEventsFeed

admin.site.site_header = _("ICESCO–Azerbaijan cooperation records")
admin.site.site_title = _("Cooperation records")
admin.site.index_title = _("Records")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api", "api"))),
    path("events/feed.atom", LatestEventsFeed(), name="events-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", cooperation_views.robots_txt, name="robots-txt"),
    *i18n_patterns(
        path("", include("events.urls")),
        path("", include("people.urls")),
        path("", include("cooperation.urls")),
        prefix_default_language=False,
    ),
]

# Problem+json under /api/, the site's own pages elsewhere.
handler400 = "cooperation.errors.bad_request"
handler403 = "cooperation.errors.permission_denied"
handler404 = "cooperation.errors.page_not_found"
handler500 = "cooperation.errors.server_error"
