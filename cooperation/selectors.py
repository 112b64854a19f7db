"""Reads behind floor 1's pages and API, beyond a single queryset method: each detail page's rows,
an organisation's or a person's initiatives, a source's quoted passages and the evidence a visitor may see.

What higher floors show on these pages (an organisation's people and events) comes through the
registry's sections; this module imports no higher floor."""

from typing import Any

from django.db.models import Prefetch, Q

from cooperation.core.citations import Citation, cited_rows
from cooperation.core.filters import linked_to
from cooperation.core.registry import filtered_list_url, preview, registry
from cooperation.core.visibility import public
from cooperation.filters import within
from cooperation.models import Initiative, InitiativeParty, Organisation, OrganisationRelation


def initiatives_of(party):
    """Published initiatives an organisation or a person leads or is a party to, newest first."""
    field = "organisation" if isinstance(party, Organisation) else "person"
    roles = InitiativeParty.objects.published().filter(**{field: party}).values("initiative")
    led = Q(lead_organisation=party) if field == "organisation" else Q(pk__in=[])
    return Initiative.objects.published().filter(led | Q(pk__in=roles)).newest_first("title")


def initiatives_preview(party):
    """The first of a party's initiatives (an organisation's or a person's), and where the rest are."""
    field = "organisation" if isinstance(party, Organisation) else "person"
    return preview(initiatives_of(party), lambda: filtered_list_url("cooperation:initiative-list", field)(party))


def published_quotes(source):
    """The source's citations that visitors may see, each with the published record it is shown on
    (a participation's event), in the order they were made: [(citation, record)]."""
    citations = Citation.objects.filter(source=source).of_public_rows().select_related("content_type").order_by("pk")
    rows = cited_rows(citations)
    return [
        (citation, rows[key][1])
        for citation in citations
        if (key := (citation.content_type_id, citation.object_id)) in rows
    ]


def quoted_passages(source):
    """The source's text cut into passages, each plain or quoted. Overlapping quotes make one quoted
    passage, which lists every published record any of them supports."""
    spans = []
    for citation, owner in published_quotes(source):
        start = source.text.find(citation.quote)
        if start >= 0:
            spans.append((start, start + len(citation.quote), owner))
    merged: list[list[Any]] = []  # [start, end, {(model, pk): record}]
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


def organisation_page(organisation):
    """The rows of an organisation's page: what it is part of, its parts, its relations, its
    initiatives and evidence, and what the higher floors add (its people, its events)."""
    return {
        "organisation": organisation,
        "parent": public(organisation.parent),
        "children": preview(
            organisation.children.published().order_by("name"),
            lambda: filtered_list_url("cooperation:organisation-list", "organisation")(organisation),
        ),
        "relations": OrganisationRelation.objects.published()
        .filter(Q(subject=organisation) | Q(object=organisation))
        .select_related("subject", "object")
        .prefetch_related(published_citations())
        .order_by("kind", "pk"),
        "initiatives": initiatives_preview(organisation),
        "alternate_names": organisation.alternate_names.order_by("name"),
        "citations": published_citations_of(organisation),
        **registry.sections_of(organisation),
    }


def initiative_page(initiative):
    """The rows of an initiative's page: who leads it and takes part, where, its parts, its events."""
    return {
        "initiative": initiative,
        "lead": public(initiative.lead_organisation),
        "parent": public(initiative.parent),
        "children": initiative.children.published().order_by("title"),
        "parties": InitiativeParty.objects.published()
        .filter(initiative=initiative)
        .select_related("organisation", "person")
        .prefetch_related(published_citations())
        .order_by("role", "pk"),
        "places": initiative.places.published().order_by("name"),
        "alternate_names": initiative.alternate_names.order_by("name"),
        "citations": published_citations_of(initiative),
        **registry.sections_of(initiative),
    }


def place_page(place):
    """The rows of a place's page: the places it is in, the places in it, its initiatives and events."""
    return {
        "place": place,
        "lineage": public_lineage(place)[1:],
        "children": place.children.published().order_by("name"),
        # At the place or anywhere inside it, as the lists' `place` filter has it.
        "initiatives": linked_to(Initiative.objects.published(), within("places"), [place.uuid]).order_by(
            "title", "pk"
        ),
        "alternate_names": place.alternate_names.order_by("name"),
        "citations": published_citations_of(place) if place.needs_evidence else [],
        **registry.sections_of(place),
    }


def public_lineage(place):
    """The place and the published places it is in, innermost first."""
    return [p for p in place.lineage() if public(p)]
