"""Top-level routes: the admin, and each app's pages under its own namespace."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("ICESCO–Azerbaijan cooperation records")
admin.site.site_title = _("Cooperation records")
admin.site.index_title = _("Records")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("cooperation.urls")),
]
