"""The fields of events that are shown in every language (cooperation/core/translation.py)."""

from cooperation.core.translation import translate
from events.models import Event

translate(Event, "title", "description", "location_text")
