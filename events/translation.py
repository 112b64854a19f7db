"""The fields of events that are shown in every language (cooperation/core/translation.py)."""

from cooperation.core.translation import translate
from events.models import Event, Participation

translate(Event, "title", "description", "location_text")
translate(Participation, "name")  # an unnamed group as the source writes it ("ambassadors of ...")
