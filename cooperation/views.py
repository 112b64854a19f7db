from django.apps import apps
from django.db import transaction
from django.shortcuts import render

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
