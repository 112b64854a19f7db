"""The fields of floor 1's records that are shown in every language (cooperation/core/translation.py)."""

from cooperation.core.translation import translate
from cooperation.models import Initiative, Organisation, Place, Source

translate(Place, "name", "description")
translate(Organisation, "name", "acronym", "description")
translate(Initiative, "title", "description")
translate(Source, "title")
