"""Public pages of events."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from cooperation.core.visibility import public
from cooperation.core.web.jsonld import json_ld
from cooperation.core.web.listing import filtered_list
from cooperation.selectors import public_lineage, published_citations, published_citations_of
from events.filters import EventFilterSet

from .models import Event, EventStatus, Participation
from .selectors import event_facets, timeline

PAGE_SIZE = 20


# The filters the list's form offers, each with the counts of its values: (name, label, "any" option).
FILTERS = [
    ("year", _("Year"), _("Any year")),
    ("kind", _("Kind"), _("Any kind")),
    ("status", _("Status"), _("Any status")),
    ("country", _("Country"), _("Any country")),
    ("organisation", _("Organisation"), _("Any organisation")),
    ("person", _("Person"), _("Anyone")),
    ("initiative", _("Initiative"), _("Any initiative")),
]


def event_list(request):
    """Events, newest first, filtered and searched as the URL says (the API's filters), with counts."""
    listing = filtered_list(
        request,
        filterset_class=EventFilterSet,
        queryset=Event.objects.published().select_related("place").newest_first("title"),
        page_size=PAGE_SIZE,
    )
    facets = event_facets(listing.records)
    filters = [
        {"name": name, "label": label, "any": any_label, "options": facets[name], "selected": request.GET.get(name, "")}
        for name, label, any_label in FILTERS
    ]
    return render(request, "events/event_list.html", {**listing.context(), "filters": filters}, status=listing.status)


# The timeline begins when Azerbaijan joined ICESCO.
TIMELINE_FIRST_YEAR = 1991


def timeline_page(request):
    """The cooperation from 1991 to the newest event, drawn; each mark links to its event."""
    events = Event.objects.published().filter(parent=None).select_related("place")
    return render(request, "events/timeline.html", {"timeline": timeline(events, first_year=TIMELINE_FIRST_YEAR)})


SCHEMA_ORG_STATUS = {
    EventStatus.PLANNED: "https://schema.org/EventScheduled",
    EventStatus.HELD: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}
ORGANISING_ROLES = {"organiser", "host"}
PERFORMING_ROLES = {"speaker", "guest_of_honour", "delegation_head"}


def event_detail(request, slug):
    """An event: when, where, who took part in what capacity, and the sentences that say so."""
    event = get_object_or_404(
        Event.objects.published().select_related("place__parent__parent__parent", "parent"), slug=slug
    )
    participations = (
        Participation.objects.published()
        .filter(event=event)
        .select_related("person", "organisation", "on_behalf_of", "position__post__organisation")
        .prefetch_related(published_citations())
        .order_by("order", "pk")
    )
    context = {
        "event": event,
        "places": public_lineage(event.place) if event.place else [],
        "parent": public(event.parent),
        "children": event.children.published().order_by("start_date", "pk"),
        "initiatives": event.initiatives.published().order_by("title"),
        "participations": participations,
        "citations": published_citations_of(event),
    }
    # The innermost place whose coordinates are known: the venue if it has them, else its city.
    context["map_place"] = next(
        (p for p in context["places"] if p.latitude is not None and p.longitude is not None), None
    )
    context["json_ld"] = _json_ld(request, event, context)
    return render(request, "events/event_detail.html", context)


def _json_ld(request, event, context):
    """The event as schema.org JSON-LD, for search engines and other machines."""

    def thing(participation):
        if person := public(participation.person):
            return {"@type": "Person", "name": person.name}
        if organisation := public(participation.organisation):
            return {"@type": "Organization", "name": organisation.name}
        return {"@type": "Thing", "name": participation.name}

    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "eventStatus": SCHEMA_ORG_STATUS[event.status],
        "organizer": [thing(p) for p in context["participations"] if p.role in ORGANISING_ROLES],
        "performer": [thing(p) for p in context["participations"] if p.role in PERFORMING_ROLES],
        "attendee": [thing(p) for p in context["participations"] if p.role not in ORGANISING_ROLES | PERFORMING_ROLES],
        "subEvent": [
            {"@type": "Event", "name": c.title, "url": request.build_absolute_uri(c.get_absolute_url())}
            for c in context["children"]
        ],
    }
    if event.start:
        data["startDate"] = event.start.iso()
    if event.end:
        data["endDate"] = event.end.iso()
    if context["places"]:
        data["location"] = {"@type": "Place", "name": ", ".join(place.name for place in context["places"])}
    elif event.location_text:
        data["location"] = {"@type": "Place", "name": event.location_text}
    if context["parent"]:
        data["superEvent"] = {
            "@type": "Event",
            "name": context["parent"].title,
            "url": request.build_absolute_uri(context["parent"].get_absolute_url()),
        }
    return json_ld(data)
