"""Public pages of people."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from cooperation.core.web.listing import record_list
from cooperation.core.web.preview import previewable
from people.filters import PersonFilterSet
from people.jsonld import person_json_ld
from people.models import Person
from people.selectors import person_page, positions_over_time


def person_list(request):
    """People in the records, by name, each with the posts they are recorded in."""
    positions = positions_over_time(newest_first=True)
    people = (
        Person.objects.published().prefetch_related(Prefetch("positions", queryset=positions)).order_by("name", "pk")
    )
    return record_list(request, filterset_class=PersonFilterSet, queryset=people, template="people/person_list.html")


@previewable(Person)
def person_detail(request, slug):
    """A person: the posts they held over time, the events they took part in, and the evidence."""
    person = get_object_or_404(Person.objects.published(), slug=slug)
    context = person_page(person)
    context["json_ld"] = person_json_ld(request, context)
    return render(request, "people/person_detail.html", context)
