"""The base of every collection, and floor 1's collections: places, organisations, initiatives, sources."""

import uuid

from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework import viewsets

from cooperation.models import Citation, Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, Source

from . import filters, serializers
from .problems import PROBLEM_CONTENT_TYPE, ProblemJSONRenderer

ANONYMOUS_MAX_AGE = 60


def published_citations():
    return Prefetch("citations", queryset=Citation.objects.published().select_related("source__publisher"))


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Published records only. A record is addressed by its id (UUID) or its slug."""

    lookup_url_kwarg = "id"
    lookup_value_regex = "[^/]+"
    detail_serializer_class = None
    ordering = ["pk"]

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        try:
            lookup = {"uuid": uuid.UUID(value)}
        except ValueError:
            lookup = {"slug": value}
        record = get_object_or_404(self.get_queryset(), **lookup)
        self.last_modified = record.updated_at
        return record

    def list(self, request, *args, **kwargs):
        filtered = self.filter_queryset(self.get_queryset())
        self.last_modified = filtered.order_by().aggregate(latest=Max("updated_at"))["latest"]
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            # Errors are problem+json whatever format was asked for (a CSV error is still JSON).
            response.accepted_renderer = ProblemJSONRenderer()
            response.accepted_media_type = PROBLEM_CONTENT_TYPE
            response.content_type = PROBLEM_CONTENT_TYPE
        elif getattr(self, "last_modified", None):
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        if response.status_code < 400 and request.auth is None:
            patch_cache_control(response, public=True, max_age=ANONYMOUS_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Accept", "Authorization"])
        return response


class PlaceViewSet(RecordViewSet):
    """Countries, regions, cities and venues."""

    serializer_class = serializers.PlaceSerializer
    detail_serializer_class = serializers.PlaceDetailSerializer
    filterset_class = filters.PlaceFilterSet
    ordering_fields = ["name", "kind", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        queryset = Place.objects.published().select_related("parent")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("children", queryset=Place.objects.published()), "alternate_names", published_citations()
            )
        return queryset


class OrganisationViewSet(RecordViewSet):
    """Intergovernmental organisations, states, ministries, foundations, media and more."""

    serializer_class = serializers.OrganisationSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    filterset_class = filters.OrganisationFilterSet
    ordering_fields = ["name", "kind", "founded_date", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        relations = OrganisationRelation.objects.published().select_related("object")
        queryset = (
            Organisation.objects.published()
            .select_related("parent", "country", "headquarters")
            .prefetch_related(
                Prefetch("children", queryset=Organisation.objects.published().order_by("name")),
                Prefetch("relations", queryset=relations.order_by("kind", "object__name")),
            )
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("alternate_names", published_citations())
        return queryset


class InitiativeViewSet(RecordViewSet):
    """Offices, programmes, projects, proposals, designations, titles, agreements and policies."""

    serializer_class = serializers.InitiativeSerializer
    detail_serializer_class = serializers.InitiativeDetailSerializer
    filterset_class = filters.InitiativeFilterSet
    ordering_fields = ["title", "kind", "status", "start_date", "end_date", "updated_at"]
    ordering = ["-start_date", "title"]

    def get_queryset(self):
        parties = InitiativeParty.objects.published().select_related("organisation", "person").order_by("role", "pk")
        queryset = (
            Initiative.objects.published()
            .select_related("lead_organisation", "parent")
            .prefetch_related(Prefetch("places", queryset=Place.objects.published()), Prefetch("parties", parties))
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("children", queryset=Initiative.objects.published()), "alternate_names", published_citations()
            )
        return queryset


class SourceViewSet(RecordViewSet):
    """The documents the records are drawn from, with their full text on the detail."""

    serializer_class = serializers.SourceSerializer
    detail_serializer_class = serializers.SourceDetailSerializer
    filterset_class = filters.SourceFilterSet
    ordering_fields = ["published_date", "title", "updated_at"]
    ordering = ["-published_date", "reference"]

    def get_queryset(self):
        queryset = Source.objects.published().select_related("publisher", "author")
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset
