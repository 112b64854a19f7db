"""Reads behind the people pages and API, and what people/ adds to floor 1's pages."""

from django.db.models.functions import Coalesce

from cooperation.core.registry import registry
from cooperation.selectors import initiatives_preview, published_citations, published_citations_of
from people.models import Position


def positions_at(organisation):
    """Published posts held at an organisation, by post title and holder: its people."""
    return (
        Position.objects.published()
        .filter(post__organisation=organisation)
        .select_related("person", "post")
        .order_by("post__title", "person__name", "pk")
    )


def positions_over_time(*, newest_first=False):
    """Published positions, earliest first (or newest first): by the term's start where known, else
    by the first attestation."""
    began = Coalesce("start_date", "attested_from")
    return (
        Position.objects.published()
        .select_related("post__organisation")
        .order_by(began.desc(nulls_last=True) if newest_first else began.asc(nulls_last=True), "pk")
    )


def person_page(person):
    """The rows of a person's page: the posts they held over time, their other names, their
    initiatives, the evidence, and what higher floors add (the events they took part in)."""
    positions = positions_over_time().filter(person=person).prefetch_related(published_citations())
    context = {
        "person": person,
        "positions": positions,
        "alternate_names": person.alternate_names.order_by("name"),
        "possibly_same_as": person.possibly_same_as.published(),
        "initiatives": initiatives_preview(person),
        "citations": published_citations_of(person),
        **registry.sections_of(person),  # the events they took part in, from events/
    }
    return context
