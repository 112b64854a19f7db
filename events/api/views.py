from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cooperation.core.api.proposals import ProposalsMixin
from cooperation.core.api.renderers import CSVRenderer, JSONRenderer
from cooperation.core.api.views import RecordViewSet, documented
from cooperation.models import Initiative
from cooperation.selectors import published_citations
from events.filters import EventFilterSet
from events.models import EVENT_INITIATIVES_ORDER, Event, Participation
from events.selectors import tallied_total

from .renderers import ICalendarRenderer
from .rows import EventRows
from .serializers import EventDetailSerializer, EventSerializer

# A calendar is subscribed to without a token: this many events (about 600 bytes each, with their
# participants) keep it well within the API's answer limit (API_MAX_ANSWER_BYTES).
CALENDAR_LIMIT = 1000


@documented("events", "event")
class EventViewSet(ProposalsMixin, RecordViewSet):
    """Events with who took part, in what role and in which post at the time; also as iCalendar."""

    serializer_class = EventSerializer
    detail_serializer_class = EventDetailSerializer
    list_rows = EventRows
    filterset_class = EventFilterSet
    renderer_classes = [JSONRenderer, CSVRenderer, ICalendarRenderer]
    ordering_fields = ["start_date", "end_date", "title", "kind", "status", "updated_at"]
    ordering = ["-start_date", "title"]

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "ics":
            return self.calendar(request)
        return super().list(request, *args, **kwargs)

    def calendar(self, request):
        """A calendar is subscribed to, not paged through: it carries every dated event the filters
        select (those known to the month or year over their period), up to CALENDAR_LIMIT; past that
        the client is asked to narrow it."""
        events = self.filter_queryset(self.get_queryset()).filter(start_date__isnull=False)
        # At most one id past the limit is read: whether it is passed costs the same at any size, and
        # the events themselves (with their participants) only when it is not.
        if len(events.order_by().values("pk")[: CALENDAR_LIMIT + 1]) > CALENDAR_LIMIT:
            raise ValidationError(
                {
                    "format": _(
                        "This calendar would hold more than %(limit)s events: narrow it with year, date_from or "
                        "another filter."
                    )
                    % {"limit": number_format(CALENDAR_LIMIT, force_grouping=True)}
                }
            )
        return Response(self.get_serializer(events, many=True).data)

    def known_total(self):
        return tallied_total(self.filterset_class(self.request.query_params, queryset=Event.objects.none()))

    def how_to_narrow(self):
        if self.request.accepted_renderer.format == "ics":
            return _("narrow the calendar with year, date_from or another filter")
        return super().how_to_narrow()

    def records(self):
        participations = (
            Participation.objects.published()
            .select_related("person", "organisation", "on_behalf_of", "position__post__organisation")
            .order_by("order", "pk")
        )
        if self.action == "retrieve":  # the detail gives the quotes behind each participant
            participations = participations.prefetch_related(published_citations())
        queryset = Event.objects.select_related("place", "parent").prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.published().order_by(*EVENT_INITIATIVES_ORDER)),
            Prefetch("participations", queryset=participations, to_attr="published_participations"),
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("children", queryset=Event.objects.published().order_by("start_date", "pk")),
                "alternate_names",
                published_citations(),
            )
        return queryset
