"""Public pages of events."""

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, render

from cooperation.jsonld import json_ld
from cooperation.selectors import published_citations, published_citations_of

from .api.filters import EventFilterSet
from .models import Event, EventKind, EventStatus, Participation

PAGE_SIZE = 20


@transaction.non_atomic_requests
def event_list(request):
    """Events, newest first, filtered and searched as the URL says (the API's filters), with counts."""
    filterset = EventFilterSet(request.GET, queryset=Event.objects.published())
    valid = filterset.is_valid()
    events = filterset.qs if valid else Event.objects.none()
    events = events.select_related("place").order_by(F("start_date").desc(nulls_last=True), "title", "pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = events.order_by()
    context = {
        "filterset": filterset,
        "page": page,
        "query": query.urlencode(),
        "years": counts.exclude(start_date=None)
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-year"),
        "kinds": _labelled(counts, "kind", EventKind),
        "statuses": _labelled(counts, "status", EventStatus),
        "selected": {name: request.GET.get(name, "") for name in ("q", "year", "kind", "status")},
    }
    return render(request, "events/event_list.html", context, status=200 if valid else 400)


def _labelled(events, field, choices):
    """How many of `events` have each value of `field`, with its label, in the choices' order."""
    counts = dict(events.values_list(field).annotate(count=Count("pk", distinct=True)))
    return [
        {"value": value, "label": label, "count": counts[value]} for value, label in choices.choices if value in counts
    ]


SCHEMA_ORG_STATUS = {
    EventStatus.PLANNED: "https://schema.org/EventScheduled",
    EventStatus.HELD: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}
ORGANISING_ROLES = {"organiser", "host"}
PERFORMING_ROLES = {"speaker", "guest_of_honour", "delegation_head"}


@transaction.non_atomic_requests
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
        "places": [place for place in (event.place.lineage() if event.place else []) if place.is_published],
        "parent": event.parent if event.parent and event.parent.is_published else None,
        "children": event.children.published().order_by("start_date", "pk"),
        "initiatives": event.initiatives.published().order_by("title"),
        "participations": participations,
        "citations": published_citations_of(event),
    }
    context["json_ld"] = _json_ld(request, event, context)
    return render(request, "events/event_detail.html", context)


def _json_ld(request, event, context):
    """The event as schema.org JSON-LD, for search engines and other machines."""

    def thing(participation):
        if participation.person_id and participation.person.is_published:
            return {"@type": "Person", "name": participation.person.name}
        if participation.organisation_id and participation.organisation.is_published:
            return {"@type": "Organization", "name": participation.organisation.name}
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
