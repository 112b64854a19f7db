"""Reads behind the events pages (the counts beside each filter; the timeline is in events/timeline.py), and what
events/ adds to the pages of lower floors: an organisation's, an initiative's and a place's events,
a person's participations."""

from collections import Counter

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from cooperation.core.filters import linked_to
from cooperation.core.visibility import public
from cooperation.filters import PLACE_DEPTH, within
from cooperation.models import Initiative, Organisation, Place, PlaceKind
from cooperation.selectors import public_lineage, published_citations, published_citations_of
from people.models import Person

from .models import Event, EventKind, EventStatus, Participation


def newest_events():
    return Event.objects.published().newest_first()


def events_of_organisation(organisation):
    """Published events the organisation took part in, itself, through a representative, or
    through someone holding one of its posts."""
    event_ids = (
        Participation.objects.published()
        .filter(
            Q(organisation=organisation) | Q(on_behalf_of=organisation) | Q(position__post__organisation=organisation)
        )
        .values("event")
    )
    return newest_events().filter(pk__in=event_ids)


def events_of_initiative(initiative):
    return newest_events().filter(initiatives=initiative).select_related("place")


def events_at_place(place):
    """Published events at the place or anywhere inside it, as the lists' `place` filter has it."""
    return linked_to(newest_events(), within("place"), [place.uuid]).select_related("place")


def participations_of(person):
    """The person's published participations, newest event first."""
    return (
        Participation.objects.published()
        .filter(person=person)
        .select_related("event", "position__post__organisation")
        .order_by(F("event__start_date").desc(nulls_last=True), "pk")
    )


def event_page(event):
    """The rows of an event's page: where (the published places it is in), its parent and parts,
    its initiatives, who took part in what capacity, the evidence, and the place to map."""
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
    return context


FACET_LIMIT = 40  # the most frequent values a select offers; the URL takes any


def event_facets(events):
    """For each filter of the events list, its values among `events` with how many events each has.

    A fixed number of queries, each grouped in the database except the organisation facet, which
    counts distinct (event, organisation) pairs over its three paths.
    """
    events = events.order_by()
    return {
        "year": [
            {"value": str(row["year"]), "label": str(row["year"]), "count": row["count"]}
            for row in events.exclude(start_date=None)
            .annotate(year=ExtractYear("start_date"))
            .values("year")
            .annotate(count=Count("pk", distinct=True))
            .order_by("-year")
        ],
        "kind": _choices(events, "kind", EventKind),
        "status": _choices(events, "status", EventStatus),
        "country": _countries(events),
        "organisation": _organisations(events),
        "person": _records(
            Person,
            Participation.objects.published()
            .filter(event__in=events)
            .values_list("person")
            .annotate(Count("event", distinct=True)),
        ),
        "initiative": _records(
            Initiative,
            Event.initiatives.through.objects.filter(event__in=events)
            .values_list("initiative")
            .annotate(Count("event")),
            label="title",
        ),
    }


def _choices(events, field, choices):
    counts = dict(events.values_list(field).annotate(count=Count("pk", distinct=True)))
    return [
        {"value": value, "label": label, "count": counts[value]} for value, label in choices.choices if value in counts
    ]


def _records(model, counted_ids, *, label="name"):
    """Published records of `model` with their counts, most frequent first, then by name."""
    counts = {pk: count for pk, count in counted_ids if pk is not None}
    records = model.objects.published().filter(pk__in=list(counts)).only("pk", "slug", label)
    values = [{"value": r.slug, "label": getattr(r, label), "count": counts[r.pk]} for r in records]
    return sorted(values, key=lambda item: (-item["count"], item["label"]))[:FACET_LIMIT]


def _countries(events):
    """Events per country: counted per place in the database, rolled up to each place's country."""
    per_place = dict(events.exclude(place=None).values_list("place").annotate(count=Count("pk", distinct=True)))
    places = {
        place.pk: place for place in Place.objects.only("pk", "parent_id", "kind", "slug", "name", "publication_status")
    }
    counts: Counter[int] = Counter()
    for place_id, count in per_place.items():
        place, seen = places.get(place_id), set[int]()
        # As the country filter has it: a draft place on the way hides the event, and so does a
        # country further up than PLACE_DEPTH.
        while (place := public(place)) is not None and place.pk not in seen and len(seen) < PLACE_DEPTH:
            seen.add(place.pk)
            if place.kind == PlaceKind.COUNTRY:
                counts[place.pk] += count
                break
            place = places.get(place.parent_id) if place.parent_id is not None else None
    values = [{"value": places[pk].slug, "label": places[pk].name, "count": n} for pk, n in counts.items()]
    return sorted(values, key=lambda item: (-item["count"], item["label"]))


def _organisations(events):
    participations = Participation.objects.published().filter(event__in=events)
    pairs = (
        participations.order_by()
        .values_list("event", "organisation")
        .union(participations.order_by().values_list("event", "on_behalf_of"))
        .union(participations.order_by().values_list("event", "position__post__organisation"))
    )
    counts = Counter(organisation for _event, organisation in pairs if organisation is not None)
    return _records(Organisation, counts.items())
