"""Floor 1's public pages: organisations, initiatives, places and sources, each a list and a detail."""

from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.core.translation import isolated
from cooperation.core.web.listing import record_list
from cooperation.core.web.preview import previewable
from cooperation.core.web.templatetags import partial_date
from cooperation.filters import InitiativeFilterSet, OrganisationFilterSet, PlaceFilterSet, SourceFilterSet
from cooperation.jsonld import organisation_json_ld
from cooperation.models import Initiative, Organisation, Place, RelationKind, Source
from cooperation.selectors import initiative_page, organisation_page, place_page, quoted_passages


def organisation_list(request):
    organisations = Organisation.objects.published().select_related("country", "parent").order_by("name", "pk")
    return record_list(
        request,
        filterset_class=OrganisationFilterSet,
        queryset=organisations,
        template="cooperation/organisation_list.html",
    )


@previewable(Organisation)
def organisation_detail(request, slug):
    """An organisation: what it is part of, its parts, its relations, its people and its events."""
    organisation = get_object_or_404(
        Organisation.objects.published().select_related("parent", "country", "headquarters"), slug=slug
    )
    context = organisation_page(organisation)
    context["relations"] = [
        {"sentence": relation_sentence(relation), "citations": relation.citations.all()}
        for relation in context["relations"]
    ]
    context["json_ld"] = organisation_json_ld(request, context)
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
        return format_html('<a href="{}">{}</a>', organisation.get_absolute_url(), isolated(organisation, "name"))

    sentence = format_html(
        RELATION_SENTENCES[relation.kind], subject=link(relation.subject), object=link(relation.object)
    )
    if relation.start:
        sentence = format_html(_("{relation}, since {date}"), relation=sentence, date=partial_date(relation.start))
    return sentence


def initiative_list(request):
    initiatives = Initiative.objects.published().select_related("lead_organisation").newest_first("title")
    return record_list(
        request, filterset_class=InitiativeFilterSet, queryset=initiatives, template="cooperation/initiative_list.html"
    )


@previewable(Initiative)
def initiative_detail(request, slug):
    """An initiative: what, since when, who leads it and takes part, where, its events, the evidence."""
    initiative = get_object_or_404(
        Initiative.objects.published().select_related("lead_organisation", "parent"), slug=slug
    )
    context = initiative_page(initiative)
    return render(request, "cooperation/initiative_detail.html", context)


def place_list(request):
    places = Place.objects.published().select_related("parent").order_by("name", "pk")
    return record_list(request, filterset_class=PlaceFilterSet, queryset=places, template="cooperation/place_list.html")


@previewable(Place)
def place_detail(request, slug):
    """A place: where it is (on a small map when its coordinates are known), what is in it, its events."""
    place = get_object_or_404(Place.objects.published().select_related("parent__parent__parent"), slug=slug)
    context = place_page(place)
    return render(request, "cooperation/place_detail.html", context)


def source_list(request):
    sources = Source.objects.published().select_related("publisher").newest_first("title")
    return record_list(
        request, filterset_class=SourceFilterSet, queryset=sources, template="cooperation/source_list.html"
    )


@previewable(Source)
def source_detail(request, slug):
    """A source document in full, each quoted passage marked and linked to the records it supports."""
    source = get_object_or_404(Source.objects.published().select_related("publisher", "author"), slug=slug)
    context = {"source": source, "passages": quoted_passages(source)}
    return render(request, "cooperation/source_detail.html", context)
