"""The base of every collection, and floor 1's collections: places, organisations, initiatives, sources."""

import uuid

from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from cooperation.models import Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, Source
from cooperation.selectors import published_citations

from . import filters, serializers


def documented(plural, singular):
    """Titles for a collection's two operations in the OpenAPI document and its docs pages."""
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}"),
        retrieve=extend_schema(summary=f"One {singular}, by id or slug"),
    )


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Published records only. A record is addressed by its id (UUID) or its slug."""

    lookup_url_kwarg = "id"
    lookup_value_regex = "[^/]+"
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # Reads run outside a request transaction: on SQLite one would take the write lock.
        return transaction.non_atomic_requests(super().as_view(actions, **initkwargs))

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        try:
            lookup = {"uuid": uuid.UUID(value)}
        except ValueError:
            lookup = {"slug": value}
        record = get_object_or_404(self.get_queryset(), **lookup)
        self.check_object_permissions(self.request, record)
        return record


@documented("places", "place")
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


@documented("organisations", "organisation")
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


@documented("initiatives", "initiative")
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


@documented("sources", "source")
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
