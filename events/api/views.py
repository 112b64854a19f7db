from django.db.models import Prefetch
from rest_framework.renderers import JSONRenderer

from cooperation.api.renderers import CSVRenderer
from cooperation.api.views import RecordViewSet, documented, published_citations
from cooperation.models import Initiative
from events.models import Event, Participation

from .filters import EventFilterSet
from .renderers import ICalendarRenderer
from .serializers import EventDetailSerializer, EventSerializer


@documented("events", "event")
class EventViewSet(RecordViewSet):
    """Events with who took part, in what role and in which post at the time; also as iCalendar."""

    serializer_class = EventSerializer
    detail_serializer_class = EventDetailSerializer
    filterset_class = EventFilterSet
    renderer_classes = [JSONRenderer, CSVRenderer, ICalendarRenderer]
    ordering_fields = ["start_date", "end_date", "title", "kind", "status", "updated_at"]
    ordering = ["-start_date", "title"]

    def paginate_queryset(self, queryset):
        # A calendar is subscribed to, not paged through: it carries every event the filters select.
        if getattr(self.request, "accepted_renderer", None) and self.request.accepted_renderer.format == "ics":
            return None
        return super().paginate_queryset(queryset)

    def get_queryset(self):
        participations = (
            Participation.objects.published()
            .select_related("person", "organisation", "on_behalf_of", "position__post__organisation")
            .order_by("order", "pk")
        )
        queryset = (
            Event.objects.published()
            .select_related("place", "parent")
            .prefetch_related(
                Prefetch("initiatives", queryset=Initiative.objects.published()),
                Prefetch("participations", queryset=participations, to_attr="published_participations"),
            )
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("children", queryset=Event.objects.published().order_by("start_date", "pk")),
                "alternate_names",
                published_citations(),
            )
        return queryset
