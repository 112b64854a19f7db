from django.apps import apps
from django.db import transaction
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, render

from .jsonld import json_ld
from .models import Organisation, OrganisationRelation, Source
from .selectors import key_figures, published_citations_of, quoted_passages

HOME_EVENT_COUNT = 5


# Read-only pages run outside a transaction: on SQLite a request transaction takes the write lock.
@transaction.non_atomic_requests
def home(request):
    """What the site is, the latest and upcoming published events, and the key figures."""
    # Top-level events only: a ceremony's video presentation belongs on the ceremony's page.
    events = apps.get_model("events", "Event").objects.published().filter(parent=None).select_related("place")
    return render(
        request,
        "cooperation/home.html",
        {
            "figures": key_figures(),
            "upcoming_events": events.upcoming()[:HOME_EVENT_COUNT],
            "latest_events": events.past()[:HOME_EVENT_COUNT],
        },
    )


@transaction.non_atomic_requests
def record_detail(request, slug, *, model):
    """A published record's page, with the quoted evidence for it."""
    record = get_object_or_404(model.objects.published(), slug=slug)
    citations = []
    if record.needs_evidence:
        citations = published_citations_of(record)
    context = {
        "record": record,
        "record_type": model._meta.verbose_name,
        "description": getattr(record, "description", "") or getattr(record, "summary", ""),
        "citations": citations,
    }
    return render(request, "cooperation/record_detail.html", context)


@transaction.non_atomic_requests
def organisation_detail(request, slug):
    """An organisation: what it is part of, its parts, its relations, its people and its events."""
    organisation = get_object_or_404(
        Organisation.objects.published().select_related("parent", "country", "headquarters"), slug=slug
    )
    # By name: cooperation/ (floor 1) does not import people/ or events/.
    Position = apps.get_model("people", "Position")
    Participation = apps.get_model("events", "Participation")
    Event = apps.get_model("events", "Event")
    positions = (
        Position.objects.published()
        .filter(post__organisation=organisation)
        .select_related("person", "post")
        .order_by("post__title", "person__name", "pk")
    )
    event_ids = (
        Participation.objects.published()
        .filter(
            Q(organisation=organisation) | Q(on_behalf_of=organisation) | Q(position__post__organisation=organisation)
        )
        .values("event")
    )
    events = Event.objects.published().filter(pk__in=event_ids).order_by(F("start_date").desc(nulls_last=True), "pk")
    relations = (
        OrganisationRelation.objects.published()
        .filter(Q(subject=organisation) | Q(object=organisation))
        .select_related("subject", "object")
        .order_by("kind", "pk")
    )
    context = {
        "organisation": organisation,
        "parent": organisation.parent if organisation.parent and organisation.parent.is_published else None,
        "children": organisation.children.published().order_by("name"),
        "relations": relations,
        "positions": positions,
        "events": events,
        "alternate_names": organisation.alternate_names.order_by("name"),
        "citations": published_citations_of(organisation),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
        "alternateName": [name.name for name in context["alternate_names"]],
        "subOrganization": [
            {"@type": "Organization", "name": child.name, "url": request.build_absolute_uri(child.get_absolute_url())}
            for child in context["children"]
        ],
    }
    if context["parent"]:
        data["parentOrganization"] = {"@type": "Organization", "name": context["parent"].name}
    context["json_ld"] = json_ld(data)
    return render(request, "cooperation/organisation_detail.html", context)


@transaction.non_atomic_requests
def source_detail(request, slug):
    """A source document in full, each quoted passage marked and linked to the records it supports."""
    source = get_object_or_404(Source.objects.published().select_related("publisher", "author"), slug=slug)
    context = {"source": source, "passages": quoted_passages(source)}
    return render(request, "cooperation/source_detail.html", context)
