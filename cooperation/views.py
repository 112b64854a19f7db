from django.apps import apps
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .api.filters import (
    InitiativeFilterSet,
    OrganisationFilterSet,
    PlaceFilterSet,
    SourceFilterSet,
    linked_to,
    within,
)
from .jsonld import json_ld
from .models import Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, RelationKind, Source
from .pages import record_list
from .selectors import initiatives_of, key_figures, published_citations_of, quoted_passages, search_everything

HOME_EVENT_COUNT = 5


# Read-only pages run outside a transaction: on SQLite a request transaction takes the write lock.
@transaction.non_atomic_requests
def home(request):
    """What the site is, the latest and upcoming published events, the key figures, and the ways in."""
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
def search(request):
    """Every kind of record whose names, other names, titles or descriptions match, spelling forgiven."""
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "cooperation/search.html",
        {"search_query": query, "groups": search_everything(query) if query else []},
    )


@transaction.non_atomic_requests
def organisation_list(request):
    organisations = Organisation.objects.published().select_related("country", "parent").order_by("name", "pk")
    return record_list(
        request,
        filterset_class=OrganisationFilterSet,
        queryset=organisations,
        template="cooperation/organisation_list.html",
    )


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
    relations = [
        relation_sentence(relation)
        for relation in OrganisationRelation.objects.published()
        .filter(Q(subject=organisation) | Q(object=organisation))
        .select_related("subject", "object")
        .order_by("kind", "pk")
    ]
    context = {
        "organisation": organisation,
        "parent": organisation.parent if organisation.parent and organisation.parent.is_published else None,
        "children": organisation.children.published().order_by("name"),
        "relations": relations,
        "positions": positions,
        "events": events,
        "initiatives": initiatives_of(organisation),
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


# Each kind of relation as a whole sentence, so that each language orders its words its own way.
RELATION_SENTENCES = {
    RelationKind.MEMBER_OF: gettext_lazy("{subject} is a member of {object}"),
    RelationKind.PARTNER_OF: gettext_lazy("{subject} is a partner of {object}"),
    RelationKind.AFFILIATED_WITH: gettext_lazy("{subject} is affiliated with {object}"),
    RelationKind.POSSIBLY_SAME_AS: gettext_lazy("{subject} is possibly the same as {object}"),
}


def relation_sentence(relation):
    """ "Azerbaijan is a member of ICESCO, since 1991", with both organisations linked."""

    def link(organisation):
        return format_html('<a href="{}">{}</a>', organisation.get_absolute_url(), organisation.name)

    sentence = format_html(
        RELATION_SENTENCES[relation.kind], subject=link(relation.subject), object=link(relation.object)
    )
    if relation.start:
        date = format_html('<time datetime="{}">{}</time>', relation.start.iso(), relation.start)
        sentence = format_html(_("{relation}, since {date}"), relation=sentence, date=date)
    return sentence


@transaction.non_atomic_requests
def initiative_list(request):
    initiatives = (
        Initiative.objects.published()
        .select_related("lead_organisation")
        .order_by(F("start_date").desc(nulls_last=True), "title", "pk")
    )
    return record_list(
        request, filterset_class=InitiativeFilterSet, queryset=initiatives, template="cooperation/initiative_list.html"
    )


@transaction.non_atomic_requests
def initiative_detail(request, slug):
    """An initiative: what, since when, who leads it and takes part, where, its events, the evidence."""
    initiative = get_object_or_404(
        Initiative.objects.published().select_related("lead_organisation", "parent"), slug=slug
    )
    Event = apps.get_model("events", "Event")
    context = {
        "initiative": initiative,
        "lead": initiative.lead_organisation
        if initiative.lead_organisation and initiative.lead_organisation.is_published
        else None,
        "parent": initiative.parent if initiative.parent and initiative.parent.is_published else None,
        "children": initiative.children.published().order_by("title"),
        "parties": InitiativeParty.objects.published()
        .filter(initiative=initiative)
        .select_related("organisation", "person")
        .order_by("role", "pk"),
        "places": initiative.places.published().order_by("name"),
        "events": Event.objects.published()
        .filter(initiatives=initiative)
        .select_related("place")
        .order_by(F("start_date").desc(nulls_last=True), "pk"),
        "alternate_names": initiative.alternate_names.order_by("name"),
        "citations": published_citations_of(initiative),
    }
    return render(request, "cooperation/initiative_detail.html", context)


@transaction.non_atomic_requests
def place_list(request):
    places = Place.objects.published().select_related("parent").order_by("name", "pk")
    return record_list(request, filterset_class=PlaceFilterSet, queryset=places, template="cooperation/place_list.html")


@transaction.non_atomic_requests
def place_detail(request, slug):
    """A place: where it is (on a small map when its coordinates are known), what is in it, its events."""
    place = get_object_or_404(Place.objects.published().select_related("parent__parent__parent"), slug=slug)
    Event = apps.get_model("events", "Event")
    context = {
        "place": place,
        "lineage": [p for p in place.lineage()[1:] if p.is_published],
        "children": place.children.published().order_by("name"),
        # At the place or anywhere inside it, as the lists' `place` filter has it.
        "events": linked_to(Event.objects.published(), within("place"), [place.uuid])
        .select_related("place")
        .order_by(F("start_date").desc(nulls_last=True), "pk"),
        "initiatives": linked_to(Initiative.objects.published(), within("places"), [place.uuid]).order_by(
            "title", "pk"
        ),
        "alternate_names": place.alternate_names.order_by("name"),
        "citations": published_citations_of(place) if place.needs_evidence else [],
    }
    return render(request, "cooperation/place_detail.html", context)


@transaction.non_atomic_requests
def source_list(request):
    sources = (
        Source.objects.published()
        .select_related("publisher")
        .order_by(F("published_date").desc(nulls_last=True), "title", "pk")
    )
    return record_list(
        request, filterset_class=SourceFilterSet, queryset=sources, template="cooperation/source_list.html"
    )


@transaction.non_atomic_requests
def source_detail(request, slug):
    """A source document in full, each quoted passage marked and linked to the records it supports."""
    source = get_object_or_404(Source.objects.published().select_related("publisher", "author"), slug=slug)
    context = {"source": source, "passages": quoted_passages(source)}
    return render(request, "cooperation/source_detail.html", context)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Everything public may be indexed; the admin and the API's paging are not pages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
