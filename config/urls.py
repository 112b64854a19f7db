"""Top-level routes: the admin, the JSON API, and each app's pages under its own namespace."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("ICESCO–Azerbaijan cooperation records")
admin.site.site_title = _("Cooperation records")
admin.site.index_title = _("Records")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api", "api"))),
    path("", include("events.urls")),
    path("", include("people.urls")),
    path("", include("cooperation.urls")),
]

# Problem+json under /api/, the site's own pages elsewhere.
handler400 = "cooperation.errors.bad_request"
handler403 = "cooperation.errors.permission_denied"
handler404 = "cooperation.errors.page_not_found"
handler500 = "cooperation.errors.server_error"
