"""Reads behind the events pages (the counts beside each filter; the timeline is in events/timeline.py), and what
events/ adds to the pages of lower floors: an organisation's, an initiative's and a place's events,
a person's participations."""

from collections import Counter
from typing import cast

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models import Count, F, Value
from django.db.models.functions import ExtractYear
from django.utils import translation

from cooperation.core.filters import EqualsAny, linked_to
from cooperation.core.paging import Total
from cooperation.core.records import PublicationStatus
from cooperation.core.translation import ORIGINAL, column, with_languages
from cooperation.core.visibility import public
from cooperation.filters import PLACE_DEPTH, within
from cooperation.models import Organisation, Place, PlaceKind
from cooperation.selectors import public_lineage, published_citations, published_citations_of

from .filters import ORGANISATION_PATHS
from .models import Event, EventKind, EventStatus, EventTally, EventTallyQuerySet, Participation


def newest_events():
    return Event.objects.published().newest_first()


def events_of_organisation(organisation):
    """Published events the organisation took part in, itself, through a representative, or
    through someone holding one of its posts: the events list's `organisation` filter."""
    return linked_to(newest_events(), ORGANISATION_PATHS, [organisation.uuid])


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


FACET_EXACT_LIMIT = 10_000  # up to this many events, the counts are exact; past it, from a sample
# About how many events of the whole table the sample holds. The sample is of whole pages of the
# table, whose events are alike (neighbours in time), so its error is that of its pages more than of
# its size: at a million events, 2,000 events estimate each kind within a third, as 5,000 did, and
# give the same most frequent organisations in the same order, at under half the cost.
FACET_SAMPLE = 2_000


# The events list's filters the tally (events/tally.py) can answer, each with its column's look-up.
TALLIED_FILTERS = {"year": "year__in", "kind": "kind__in", "status": "status__in"}


def tallied(filterset) -> EventTallyQuerySet | None:
    """The tally rows that count the events a valid events filter set selects, when its filters are
    only ones the tally holds (a year, a kind, a status: the published events of any level); else None."""
    if not filterset.is_valid():
        return None
    tallies = EventTally.objects.all()
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        if name not in TALLIED_FILTERS:
            return None
        tallies = tallies.filter(**{TALLIED_FILTERS[name]: list(value)})
    return tallies


def tallied_total(filterset) -> Total | None:
    """The number of events a valid events filter set selects, from the tally, when it holds them."""
    tallies = tallied(filterset)
    return Total(tallies.total()) if tallies is not None else None


def event_facets(events, total: Total | None = None, tallies=None):
    """For each filter of the events list, its values among `events` with how many events each has.

    A fixed number of queries, each grouped (and, for records, ordered and cut to FACET_LIMIT) in the
    database. Up to FACET_EXACT_LIMIT events (`total`, the list's own total, when it is exact) the
    counts are exact; past it, or when the total could only be estimated, on PostgreSQL they are
    counted in a sample of about FACET_SAMPLE events of the whole table (TABLESAMPLE, the same sample
    for every count), scaled up and marked `approximate`: the work stays the same at a million events
    as at twenty thousand. Given `tallies` (the tally rows of the same events, see tallied()), the
    counts by year, kind and status are read from them, exact, whatever the number of events.
    """
    events = events.order_by()
    counted = tallies is None  # else the counts by year, kind and status come from the tally's rows
    facets = None
    if total is not None and (total.estimated or total.value > FACET_EXACT_LIMIT) and _reading().vendor == "postgresql":
        # The sampled events' keys are read once (a few thousand), and every count is over them.
        found = list(_sample(events).values_list("pk", flat=True))
        if found:
            # Never below the sample's own counts: an estimated total may be below what the sample holds.
            factor = max(total.value, len(found)) / len(found)
            facets = _scaled(_facets(Event.objects.filter(_among(found)), by_year_kind_status=counted), factor)
    if facets is None:
        facets = _facets(events, by_year_kind_status=counted)
    return facets if tallies is None else {**facets, **_tallied_facets(tallies)}


def _tallied_facets(tallies):
    """The counts by year, kind and status, from the tally."""
    counts = tallies.per_each("year", "kind", "status")
    counts["year"].pop(0, None)  # undated
    return {
        "year": _by_year(counts["year"]),
        "kind": _labelled(counts["kind"], EventKind),
        "status": _labelled(counts["status"], EventStatus),
    }


def _reading():
    """The database the events are read from (a visitor's reads: the replica, when there is one), for the
    counts written in SQL, as the ORM's queries are routed (cooperation/core/replicas.py)."""
    return connections[router.db_for_read(Event)]


def _sample(events):
    """The events of `events` in a fixed sample of about FACET_SAMPLE of the table's rows (whole pages
    of the table, picked evenly: SYSTEM sampling, repeatable so that every count sees the same rows).
    The sample's ids are read first, on their own: as a subquery, the planner would join them with
    every published event."""
    table = Event._meta.db_table
    with _reading().cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        rows = cursor.fetchone()
        percent = min(100.0, 100.0 * FACET_SAMPLE / max(float(rows[0]) if rows else 0.0, 1.0))
        # At most twice the sample's size: a table never analysed (reltuples -1) is sampled whole.
        cursor.execute(
            f'SELECT id FROM "{table}" TABLESAMPLE SYSTEM (%s) REPEATABLE (0) LIMIT {2 * FACET_SAMPLE}',  # noqa: S608  (the table's name, from the model)
            [percent],
        )
        sampled = [pk for (pk,) in cursor.fetchall()]
    return events.filter(_among(sampled))


def _among(ids):
    """The condition that an event's id is one of `ids` (thousands, on PostgreSQL), as one array parameter."""
    return EqualsAny(F("pk"), Value(list(ids), output_field=ArrayField(models.BigIntegerField())))


def _scaled(facets, factor):
    """Counts of a sample, scaled to the whole and rounded to two significant figures, marked approximate."""
    return {
        name: [
            {**item, "count": Total(max(1, round(item["count"] * factor)), True).rounded, "approximate": True}
            for item in items
        ]
        for name, items in facets.items()
    }


def _facets(events, *, by_year_kind_status=True):
    """The facets counted among `events`: every one, or (`by_year_kind_status=False`) all but those the
    tally gives."""
    own = {}
    if by_year_kind_status:
        own = {
            "year": _by_year(
                dict(
                    events.exclude(start_date=None)
                    .annotate(year=ExtractYear("start_date"))
                    .values_list("year")
                    .annotate(count=Count("pk", distinct=True))
                    .order_by()
                )
            ),
            "kind": _choices(events, "kind", EventKind),
            "status": _choices(events, "status", EventStatus),
        }
    return {
        **own,
        "country": _countries(events),
        "organisation": _organisations(events),
        "person": _top(_participations_in(events), "person", "name", Count("event", distinct=True)),
        "initiative": _top(
            Event.initiatives.through.objects.filter(
                event__in=events, initiative__publication_status=PublicationStatus.PUBLISHED
            ),
            "initiative",
            "title",
            Count("event"),
        ),
    }


def _participations_in(events):
    """The public participations in `events`, a list's published events: each participation's own
    links are checked, not its event again (a join back to every event, for nothing)."""
    return Participation.objects.filter(Participation.visible_q(but="event"), event__in=events)


def _by_year(counts):
    """Years with events, newest first, with their counts."""
    return [{"value": str(year), "label": str(year), "count": counts[year]} for year in sorted(counts, reverse=True)]


def _choices(events, field, choices):
    return _labelled(dict(events.values_list(field).annotate(count=Count("pk", distinct=True))), choices)


def _labelled(counts, choices):
    """The choices that have events, in the choices' order, with their counts."""
    return [
        {"value": value, "label": label, "count": counts[value]} for value, label in choices.choices if value in counts
    ]


def _top(rows, link, label, count):
    """The FACET_LIMIT records most often linked (through `link`) from `rows`, with their counts, most
    frequent first, then by name: grouped, ordered and cut in the database."""
    own = f"{link}__{column(label, translation.get_language() or ORIGINAL)}"  # the name in the page's language
    return [
        {"value": slug, "label": translated or name, "count": n}
        for slug, name, translated, n in rows.exclude(**{f"{link}__isnull": True})
        .values_list(f"{link}__slug", f"{link}__{label}", own)
        .annotate(count=count)
        .order_by("-count", f"{link}__{label}", f"{link}__pk")[:FACET_LIMIT]
    ]


def _countries(events):
    """Events per country: counted per place in the database, rolled up to each place's country."""
    per_place = dict(events.exclude(place=None).values_list("place").annotate(count=Count("pk", distinct=True)))
    fields = with_languages(Place, "pk", "parent_id", "kind", "slug", "name", "publication_status")
    places = {place.pk: cast(Place, place) for place in Place.objects.only(*fields)}
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
    """Events per published organisation, whether it took part itself, was represented (on behalf of)
    or sent the holder of one of its posts: each participation read once, paired with the organisation
    of each path, its events counted once per organisation, ordered and cut in the database."""
    participations = (
        _participations_in(events)
        .order_by()
        .values(
            happened=F("event"),
            own=F("organisation"),
            represented=F("on_behalf_of"),
            post=F("position__post__organisation"),
        )
    )
    try:
        participations_sql, params = participations.query.sql_with_params()
    except EmptyResultSet:  # no events (filters that could not be understood): nothing to count
        return []
    organisation = Organisation._meta.db_table
    own_name = column("name", translation.get_language() or ORIGINAL)  # the name in the page's language
    # The participations' SQL and parameters come from the ORM; only table and column names are added here
    # (the name's column is one of the translation columns the model declares).
    # Each participation gives three (event, organisation) pairs, one per path; the events are counted
    # per organisation first, and only the organisations counted are then joined on equality, not on
    # `o.id IN (...)`, which the planner answers by comparing every pair of rows.
    sql = (
        f'SELECT o.slug, o.name, o."{own_name}", counted.n FROM ('  # noqa: S608
        "SELECT pairs.organisation, COUNT(DISTINCT pairs.happened) AS n FROM ("
        "SELECT p.happened, CASE path.n WHEN 1 THEN p.own WHEN 2 THEN p.represented ELSE p.post END AS organisation "
        f"FROM ({participations_sql}) AS p CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) AS path"
        ") AS pairs WHERE pairs.organisation IS NOT NULL GROUP BY pairs.organisation"
        f') AS counted JOIN "{organisation}" o ON o.id = counted.organisation '
        f"WHERE o.publication_status = %s ORDER BY counted.n DESC, o.name, o.id LIMIT {FACET_LIMIT}"
    )
    with _reading().cursor() as cursor:
        cursor.execute(sql, [*params, PublicationStatus.PUBLISHED])
        return [
            {"value": slug, "label": translated or name, "count": n} for slug, name, translated, n in cursor.fetchall()
        ]
