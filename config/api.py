"""The JSON API's one router: every registered page type's collection, in the registry's order, then the
citations and the change feed."""

from django.urls import include, path, reverse
from drf_spectacular.views import SpectacularAPIView
from rest_framework import routers
from rest_framework.routers import DefaultRouter

from cooperation.core.api.changes import ChangeFeedView
from cooperation.core.api.citations import CitationViewSet
from cooperation.core.api.docs import RedocView, SwaggerView, docs_view
from cooperation.core.api.problems import errors_page
from cooperation.core.api.views import refuse_unknown_parameters
from cooperation.core.registry import registry


class Router(DefaultRouter):
    """One router for the whole API: no format suffixes (use ?format=). Addresses end with a slash;
    ApiTrailingSlashMiddleware serves them without it too."""

    include_format_suffixes = False

    def get_api_root_view(self, api_urls=None):
        """The root lists every collection (the citations last), then the change feed, the bulk
        download, the documentation and the OpenAPI document."""
        list_name = self.routes[0].name
        collections = {prefix: list_name.format(basename=basename) for prefix, _viewset, basename in self.registry}
        return APIRootView.as_view(api_root_dict={**collections, "changes": "changes"})


class APIRootView(routers.APIRootView):
    """DRF's root view, with the addresses beyond the collections."""

    def get(self, request, *args, **kwargs):
        refuse_unknown_parameters(request, {"format", "lang"})
        response = super().get(request, *args, **kwargs)
        for name, url_name in (("data", "bulk-data"), ("docs", "api:docs"), ("schema", "api:schema")):
            response.data[name] = request.build_absolute_uri(reverse(url_name))
        return response


router = Router()
for record_type in registry.page_types():
    router.register(record_type.api_prefix, record_type.viewset, basename=record_type.api_basename)
router.register("citations", CitationViewSet, basename="citation")  # the evidence: cooperation/core/api/citations.py

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view(SwaggerView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_view(RedocView.as_view(url_name="api:schema")), name="redoc"),
    path("changes/", ChangeFeedView.as_view(), name="changes"),  # cooperation/core/changes.py
    path("errors/", errors_page, name="errors"),  # what each problem's `type` links to
    path("", include(router.urls)),
]
