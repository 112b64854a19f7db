"""Reads behind the people pages and API, and what people/ adds to floor 1's pages."""

from django.db.models.functions import Coalesce

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
