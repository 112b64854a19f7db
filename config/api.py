"""The JSON API's one router: every registered page type's collection, in the registry's order, then the
citations and the change feed."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cooperation.core.api.changes import ChangeFeedView
from cooperation.core.api.citations import CitationViewSet
from cooperation.core.api.docs import docs_view
from cooperation.core.registry import registry


class Router(DefaultRouter):
    """One router for the whole API: no format suffixes (use ?format=). Addresses end with a slash;
    ApiTrailingSlashMiddleware serves them without it too."""

    include_format_suffixes = False

    def get_api_root_view(self, api_urls=None):
        """The root lists every collection (the citations last), then the change feed."""
        list_name = self.routes[0].name
        collections = {prefix: list_name.format(basename=basename) for prefix, _viewset, basename in self.registry}
        return self.APIRootView.as_view(api_root_dict={**collections, "changes": "changes"})


router = Router()
for record_type in registry.page_types():
    router.register(record_type.api_prefix, record_type.viewset, basename=record_type.api_basename)
router.register("citations", CitationViewSet, basename="citation")  # the evidence: cooperation/core/api/citations.py

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_view(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("changes/", ChangeFeedView.as_view(), name="changes"),  # cooperation/core/changes.py
    path("", include(router.urls)),
]
