from django.apps import apps
from django.db import transaction
from django.shortcuts import get_object_or_404, render

from .selectors import key_figures

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
        citations = record.citations.published().select_related("source__publisher").order_by("source", "pk")
    context = {
        "record": record,
        "record_type": model._meta.verbose_name,
        "description": getattr(record, "description", "") or getattr(record, "summary", ""),
        "citations": citations,
    }
    return render(request, "cooperation/record_detail.html", context)
