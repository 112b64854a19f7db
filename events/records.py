"""Events and participations, as the registry knows them."""

from django.utils.translation import gettext_lazy as _

from cooperation.core.registry import RecordType, Section, Seed
from cooperation.models import Initiative, Organisation, Place
from events.api.views import EventViewSet
from events.models import Event, Participation
from events.selectors import events_at_place, events_of_initiative, events_of_organisation, participations_of
from people.models import Person


def _participation_key(item):
    who = item.get("person") or item.get("organisation") or item.get("name")
    return f"{item['event']}/{who}/{item['role']}"


RECORD_TYPES = [
    RecordType(
        Event,
        seed=Seed(section="events", order=80),
        position=1,
        api_prefix="events",
        viewset=EventViewSet,
        list_url="events:event-list",
        pages=("events:timeline",),
        label=_("Events"),
        search_queryset=lambda: Event.objects.published().newest_first(),
        key_figure=True,
    ),
    RecordType(Participation, seed=Seed(nested_in=(Event, "participants", "event"), key=_participation_key)),
]

# What events/ adds to the pages of lower floors.
SECTIONS = [
    Section(Organisation, "events", events_of_organisation),
    Section(Initiative, "events", events_of_initiative),
    Section(Place, "events", events_at_place),
    Section(Person, "participations", participations_of),
]
