from django.db.models import Prefetch

from cooperation.core.api.proposals import ProposalsMixin
from cooperation.core.api.views import RecordViewSet, documented
from cooperation.selectors import published_citations
from people.filters import PersonFilterSet
from people.models import Person
from people.selectors import positions_over_time

from .serializers import PersonDetailSerializer, PersonSerializer


@documented("people", "person")
class PersonViewSet(ProposalsMixin, RecordViewSet):
    """People named in the sources, with the posts they held over time."""

    serializer_class = PersonSerializer
    detail_serializer_class = PersonDetailSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name", "family_name", "updated_at"]
    ordering = ["name"]

    def records(self):
        positions = positions_over_time()
        if self.action == "retrieve":  # the detail gives the quotes behind each post held
            positions = positions.prefetch_related(published_citations())
        queryset = Person.objects.prefetch_related(
            Prefetch("positions", queryset=positions),
            Prefetch("possibly_same_as", queryset=Person.objects.published()),
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("alternate_names", published_citations())
        return queryset
