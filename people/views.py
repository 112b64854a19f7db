"""Public pages of people."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from cooperation.core.registry import registry
from cooperation.core.web.jsonld import json_ld
from cooperation.core.web.listing import record_list
from cooperation.selectors import initiatives_of, published_citations, published_citations_of
from people.filters import PersonFilterSet
from people.models import Person
from people.selectors import positions_over_time


def person_list(request):
    """People in the records, by name, each with the posts they are recorded in."""
    positions = positions_over_time(newest_first=True)
    people = (
        Person.objects.published().prefetch_related(Prefetch("positions", queryset=positions)).order_by("name", "pk")
    )
    return record_list(request, filterset_class=PersonFilterSet, queryset=people, template="people/person_list.html")


def person_detail(request, slug):
    """A person: the posts they held over time, the events they took part in, and the evidence."""
    person = get_object_or_404(Person.objects.published(), slug=slug)
    positions = positions_over_time().filter(person=person).prefetch_related(published_citations())
    context = {
        "person": person,
        "positions": positions,
        "alternate_names": person.alternate_names.order_by("name"),
        "possibly_same_as": person.possibly_same_as.published(),
        "initiatives": initiatives_of(person),
        "citations": published_citations_of(person),
        **registry.sections_of(person),  # the events they took part in, from events/
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
