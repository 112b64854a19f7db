"""Public pages of events."""

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.shortcuts import render

from .api.filters import EventFilterSet
from .models import Event, EventKind, EventStatus

PAGE_SIZE = 20


@transaction.non_atomic_requests
def event_list(request):
    """Events, newest first, filtered and searched as the URL says (the API's filters), with counts."""
    filterset = EventFilterSet(request.GET, queryset=Event.objects.published())
    valid = filterset.is_valid()
    events = filterset.qs if valid else Event.objects.none()
    events = events.select_related("place").order_by(F("start_date").desc(nulls_last=True), "title", "pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = events.order_by()
    context = {
        "filterset": filterset,
        "page": page,
        "query": query.urlencode(),
        "years": counts.exclude(start_date=None)
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-year"),
        "kinds": _labelled(counts, "kind", EventKind),
        "statuses": _labelled(counts, "status", EventStatus),
        "selected": {name: request.GET.get(name, "") for name in ("q", "year", "kind", "status")},
    }
    return render(request, "events/event_list.html", context, status=200 if valid else 400)


def _labelled(events, field, choices):
    """How many of `events` have each value of `field`, with its label, in the choices' order."""
    counts = dict(events.values_list(field).annotate(count=Count("pk", distinct=True)))
    return [
        {"value": value, "label": label, "count": counts[value]} for value, label in choices.choices if value in counts
    ]
