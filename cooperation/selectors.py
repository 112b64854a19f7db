"""Reads that pages and the API share, beyond a single queryset method."""

from django.apps import apps

from cooperation.models import Initiative, Organisation, Source


def key_figures():
    """Counts of published records, by kind, for the home page."""
    Event = apps.get_model("events", "Event")
    Person = apps.get_model("people", "Person")
    return {
        "events": Event.objects.published().count(),
        "people": Person.objects.published().count(),
        "organisations": Organisation.objects.published().count(),
        "initiatives": Initiative.objects.published().count(),
        "sources": Source.objects.published().count(),
    }
