"""The API collections of floor 1: places, organisations, initiatives, sources."""

from django.db.models import Prefetch

from cooperation import filters
from cooperation.api import serializers
from cooperation.core.api.proposals import ProposalsMixin
from cooperation.core.api.views import RecordViewSet, documented
from cooperation.models import Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, Source
from cooperation.selectors import published_citations


@documented("places", "place")
class PlaceViewSet(ProposalsMixin, RecordViewSet):
    """Countries, regions, cities and venues."""

    serializer_class = serializers.PlaceSerializer
    detail_serializer_class = serializers.PlaceDetailSerializer
    filterset_class = filters.PlaceFilterSet
    ordering_fields = ["name", "kind", "updated_at"]
    ordering = ["name"]

    def records(self):
        queryset = Place.objects.select_related("parent")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("children", queryset=Place.objects.published()), "alternate_names", published_citations()
            )
        return queryset


@documented("organisations", "organisation")
class OrganisationViewSet(ProposalsMixin, RecordViewSet):
    """Intergovernmental organisations, states, ministries, foundations, media and more."""

    serializer_class = serializers.OrganisationSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    filterset_class = filters.OrganisationFilterSet
    ordering_fields = ["name", "kind", "founded_date", "updated_at"]
    ordering = ["name"]

    def records(self):
        relations = OrganisationRelation.objects.published().select_related("object")
        if self.action == "retrieve":  # the detail gives the quotes behind each relation
            relations = relations.prefetch_related(published_citations())
        queryset = Organisation.objects.select_related("parent", "country", "headquarters").prefetch_related(
            Prefetch("children", queryset=Organisation.objects.published().order_by("name")),
            Prefetch("relations", queryset=relations.order_by("kind", "object__name")),
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("alternate_names", published_citations())
        return queryset


@documented("initiatives", "initiative")
class InitiativeViewSet(ProposalsMixin, RecordViewSet):
    """Offices, programmes, projects, proposals, designations, titles, agreements and policies."""

    serializer_class = serializers.InitiativeSerializer
    detail_serializer_class = serializers.InitiativeDetailSerializer
    filterset_class = filters.InitiativeFilterSet
    ordering_fields = ["title", "kind", "status", "start_date", "end_date", "updated_at"]
    ordering = ["-start_date", "title"]

    def records(self):
        parties = InitiativeParty.objects.published().select_related("organisation", "person").order_by("role", "pk")
        if self.action == "retrieve":  # the detail gives the quotes behind each party
            parties = parties.prefetch_related(published_citations())
        queryset = Initiative.objects.select_related("lead_organisation", "parent").prefetch_related(
            Prefetch("places", queryset=Place.objects.published()), Prefetch("parties", parties)
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("children", queryset=Initiative.objects.published()), "alternate_names", published_citations()
            )
        return queryset


@documented("sources", "source")
class SourceViewSet(ProposalsMixin, RecordViewSet):
    """The documents the records are drawn from, with their full text on the detail."""

    serializer_class = serializers.SourceSerializer
    detail_serializer_class = serializers.SourceDetailSerializer
    filterset_class = filters.SourceFilterSet
    ordering_fields = ["published_date", "title", "updated_at"]
    ordering = ["-published_date", "reference"]

    def records(self):
        queryset = Source.objects.select_related("publisher", "author")
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset
