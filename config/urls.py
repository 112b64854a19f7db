"""Top-level routes: the admin, the JSON API and the files for machines at fixed addresses; the
visitors' pages under a language prefix (none for English, /az/, /ar/, /ru/)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from config import views
from config.sitemaps import index as sitemap_index
from config.sitemaps import sitemaps
from cooperation.core.admin import review
from cooperation.core.admin.picker import record_search
from cooperation.core.admin.review import review_queue
from cooperation.core.admin.translations import missing_translations
from cooperation.core.web.errors import api_not_found
from cooperation.core.web.operations import metrics
from events.feeds import LatestEventsFeed

admin.site.site_header = _("ICESCO–Azerbaijan cooperation records")
admin.site.site_title = _("Cooperation records")
admin.site.index_title = _("Records")

# The site's own pages, composed from every app.
site_patterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("data/", views.bulk_data, name="data"),
]

urlpatterns = [
    path("admin/review/", admin.site.admin_view(review_queue), name="review-queue"),
    path("admin/translations/missing/", admin.site.admin_view(missing_translations), name="missing-translations"),
    path("admin/records/search/", admin.site.admin_view(record_search), name="record-search"),
    path("admin/review/revisions/<int:pk>/", admin.site.admin_view(review.revision_page), name="review-revision"),
    path(
        "admin/review/<slug:app_label>/<slug:model_name>/<int:pk>/submit/",
        admin.site.admin_view(review.submit_for_review),
        name="review-submit",
    ),
    path(
        "admin/review/<slug:app_label>/<slug:model_name>/<int:pk>/send-back/",
        admin.site.admin_view(review.send_back),
        name="review-send-back",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api", "api"))),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps()}, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("metrics", metrics, name="metrics"),  # for Prometheus; /healthz and /readyz: HealthMiddleware
    path("data/records.zip", views.bulk_data_archive, name="bulk-data"),  # the same in every language
    *i18n_patterns(
        path("events/feed.atom", LatestEventsFeed(), name="events-feed"),
        path("", include((site_patterns, "site"))),
        path("", include("events.urls")),
        path("", include("people.urls")),
        path("", include("cooperation.urls")),
        prefix_default_language=False,
    ),
]

# Problem+json under /api/, the site's own pages elsewhere.
handler400 = "cooperation.core.web.errors.bad_request"
handler403 = "cooperation.core.web.errors.permission_denied"
handler404 = "cooperation.core.web.errors.page_not_found"
handler500 = "cooperation.core.web.errors.server_error"
