"""Events and participations, as the registry knows them."""

from django.utils.translation import gettext_lazy as _

from cooperation.core.registry import RecordType, Section, Seed, filtered_list_url
from cooperation.models import Initiative, Organisation, Place
from events.api.views import EventViewSet
from events.models import Event, EventTally, Participation
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
        published_count=lambda: EventTally.objects.total(),
    ),
    RecordType(Participation, seed=Seed(nested_in=(Event, "participants", "event"), key=_participation_key)),
]


def _events_by(name):
    """(page, API collection) addresses of the events a record's `name` filter selects."""
    return {"more": filtered_list_url("events:event-list", name), "api_more": filtered_list_url("api:event-list", name)}


# What events/ adds to the pages of lower floors: the newest events, and where the rest are.
SECTIONS = [
    Section(Organisation, "events", events_of_organisation, **_events_by("organisation")),
    Section(Initiative, "events", events_of_initiative, **_events_by("initiative")),
    Section(Place, "events", events_at_place, **_events_by("place")),
    Section(Person, "participations", participations_of, **_events_by("person")),
]
