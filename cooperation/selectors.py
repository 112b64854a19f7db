"""Reads that pages and the API share, beyond a single queryset method."""

from collections import defaultdict

from django.apps import apps
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperation.models import Citation, Initiative, InitiativeParty, Organisation, Place, Source
from cooperation.search import query_alternatives, search_filter

SEARCH_GROUP_SIZE = 10


def key_figures():
    """Counts of published records, by kind, for the home page."""
    Event = apps.get_model("events", "Event")
    Person = apps.get_model("people", "Person")
    return {
        "events": Event.objects.published().count(),
        "people": Person.objects.published().count(),
        "organisations": Organisation.objects.published().count(),
        "initiatives": Initiative.objects.published().count(),
        "sources": Source.objects.published().count(),
    }


def initiatives_of(party):
    """Published initiatives an organisation or a person leads or is a party to, newest first."""
    field = "organisation" if isinstance(party, Organisation) else "person"
    roles = InitiativeParty.objects.published().filter(**{field: party}).values("initiative")
    led = Q(lead_organisation=party) if field == "organisation" else Q(pk__in=[])
    return (
        Initiative.objects.published()
        .filter(led | Q(pk__in=roles))
        .order_by(F("start_date").desc(nulls_last=True), "title", "pk")
    )


def public_records_of(citations):
    """For each cited row (content type id, object id), the public record it is shown on: a
    participation's event, a position's person. One query per record type."""
    ids_by_type = defaultdict(set)
    for citation in citations:
        ids_by_type[citation.content_type].add(citation.object_id)
    owners = {}
    for content_type, ids in ids_by_type.items():
        model = content_type.model_class()
        field = model.public_record_field
        rows = model.objects.filter(pk__in=ids)
        if field:
            rows = rows.select_related(field)
        for row in rows:
            owners[(content_type.pk, row.pk)] = getattr(row, field) if field else row
    return owners


def quoted_passages(source):
    """The source's text cut into passages, each plain or quoted. Overlapping quotes make one quoted
    passage, which lists every published record any of them supports."""
    citations = list(Citation.objects.filter(source=source).select_related("content_type").order_by("pk"))
    owners = public_records_of(citations)
    spans = []
    for citation in citations:
        owner = owners.get((citation.content_type_id, citation.object_id))
        start = source.text.find(citation.quote)
        if owner is not None and owner.is_published and start >= 0:
            spans.append((start, start + len(citation.quote), owner))
    merged = []  # [start, end, {(model, pk): record}]
    for start, end, owner in sorted(spans, key=lambda span: span[:2]):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, {}])
        merged[-1][2].setdefault((type(owner), owner.pk), owner)
    passages, position = [], 0
    for start, end, records in merged:
        if start > position:
            passages.append({"text": source.text[position:start], "records": []})
        passages.append({"text": source.text[start:end], "records": list(records.values())})
        position = end
    if position < len(source.text):
        passages.append({"text": source.text[position:], "records": []})
    return passages


def published_citations():
    """Prefetch of the citations a visitor may see (from published sources), with their sources."""
    return Prefetch("citations", queryset=Citation.objects.published().select_related("source__publisher"))


def published_citations_of(record):
    """The quotes a visitor may see for a record: from published sources, grouped by source."""
    return record.citations.published().select_related("source__publisher").order_by("source", "pk")


def search_everything(query):
    """Published records of every kind that match `query`, spelling forgiven: one group per kind,
    each with up to SEARCH_GROUP_SIZE records and a link to the full list of matches. One query a kind."""
    Event = apps.get_model("events", "Event")
    Person = apps.get_model("people", "Person")
    kinds = [
        (
            _("Events"),
            Event.objects.published().order_by(F("start_date").desc(nulls_last=True), "pk"),
            "events:event-list",
        ),
        (_("People"), Person.objects.published().order_by("name", "pk"), "people:person-list"),
        (_("Organisations"), Organisation.objects.published().order_by("name", "pk"), "cooperation:organisation-list"),
        (
            _("Initiatives"),
            Initiative.objects.published().order_by(F("start_date").desc(nulls_last=True), "pk"),
            "cooperation:initiative-list",
        ),
        (
            _("Sources"),
            Source.objects.published()
            .select_related("publisher")
            .order_by(F("published_date").desc(nulls_last=True), "pk"),
            "cooperation:source-list",
        ),
        (_("Places"), Place.objects.published().order_by("name", "pk"), "cooperation:place-list"),
    ]
    if not query_alternatives(query):  # nothing searchable in it, such as punctuation alone
        return []
    groups = []
    for label, records, list_name in kinds:
        found = list(search_filter(records, query)[: SEARCH_GROUP_SIZE + 1])
        if found:
            groups.append(
                {
                    "label": label,
                    "records": found[:SEARCH_GROUP_SIZE],
                    "more": len(found) > SEARCH_GROUP_SIZE,
                    "list_url": reverse(list_name),
                }
            )
    return groups
