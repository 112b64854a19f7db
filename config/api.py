"""The JSON API's one router: every collection of v1 is registered here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cooperation.api.docs import docs_view
from cooperation.api.views import InitiativeViewSet, OrganisationViewSet, PlaceViewSet, SourceViewSet
from events.api.views import EventViewSet
from people.api.views import PersonViewSet


class Router(DefaultRouter):
    """One router for the whole API: no format suffixes (use ?format=). Addresses end with a slash;
    ApiTrailingSlashMiddleware serves them without it too."""

    include_format_suffixes = False


router = Router()
router.register("events", EventViewSet, basename="event")
router.register("people", PersonViewSet, basename="person")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("sources", SourceViewSet, basename="source")
router.register("places", PlaceViewSet, basename="place")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_view(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("", include(router.urls)),
]
