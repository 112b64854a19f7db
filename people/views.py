"""Public pages of people."""

from django.db import transaction
from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from cooperation.jsonld import json_ld
from cooperation.pages import record_list
from cooperation.selectors import initiatives_of, published_citations, published_citations_of

from .api.filters import PersonFilterSet
from .models import Person, Position


@transaction.non_atomic_requests
def person_list(request):
    """People in the records, by name, each with the posts they are recorded in."""
    positions = (
        Position.objects.published()
        .select_related("post__organisation")
        .order_by(Coalesce("start_date", "attested_from").desc(nulls_last=True), "pk")
    )
    people = (
        Person.objects.published().prefetch_related(Prefetch("positions", queryset=positions)).order_by("name", "pk")
    )
    return record_list(request, filterset_class=PersonFilterSet, queryset=people, template="people/person_list.html")


@transaction.non_atomic_requests
def person_detail(request, slug):
    """A person: the posts they held over time, the events they took part in, and the evidence."""
    person = get_object_or_404(Person.objects.published(), slug=slug)
    positions = (
        Position.objects.published()
        .filter(person=person)
        .select_related("post__organisation")
        .prefetch_related(published_citations())
        .order_by(Coalesce("start_date", "attested_from").asc(nulls_last=True), "pk")
    )
    # Reached through the relation: people/ (floor 2) does not import events/ (floor 3).
    participations = (
        person.participations.model.objects.published()
        .filter(person=person)
        .select_related("event", "position__post__organisation")
        .order_by(F("event__start_date").desc(nulls_last=True), "pk")
    )
    context = {
        "person": person,
        "positions": positions,
        "participations": participations,
        "alternate_names": person.alternate_names.order_by("name"),
        "possibly_same_as": person.possibly_same_as.published(),
        "initiatives": initiatives_of(person),
        "citations": published_citations_of(person),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "alternateName": [name.name for name in context["alternate_names"]],
        "jobTitle": list(dict.fromkeys(f"{p.post.title}, {p.post.organisation.name}" for p in positions)),
    }
    context["json_ld"] = json_ld(data)
    return render(request, "people/person_detail.html", context)
