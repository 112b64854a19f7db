from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce

from cooperation.api.views import RecordViewSet, documented
from cooperation.selectors import published_citations
from people.models import Person, Position

from .filters import PersonFilterSet
from .serializers import PersonDetailSerializer, PersonSerializer


@documented("people", "person")
class PersonViewSet(RecordViewSet):
    """People named in the sources, with the posts they held over time."""

    serializer_class = PersonSerializer
    detail_serializer_class = PersonDetailSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name", "family_name", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        positions = (
            Position.objects.published()
            .select_related("post__organisation")
            # Earliest first: by the term's start where known, else by the first attestation.
            .order_by(Coalesce("start_date", "attested_from").asc(nulls_last=True), "pk")
        )
        queryset = Person.objects.published().prefetch_related(
            Prefetch("positions", queryset=positions),
            Prefetch("possibly_same_as", queryset=Person.objects.published()),
        )
        if self.action == "retrieve":
            # Reached through the relation: people/ (floor 2) does not import events/ (floor 3).
            Participation = Person._meta.get_field("participations").related_model
            participations = (
                Participation.objects.published()
                .select_related("event")
                .order_by(F("event__start_date").desc(nulls_last=True), "pk")
            )
            queryset = queryset.prefetch_related(
                Prefetch("participations", queryset=participations, to_attr="published_participations"),
                "alternate_names",
                published_citations(),
            )
        return queryset
