"""The fields of people and posts that are shown in every language (cooperation/core/translation.py)."""

from cooperation.core.translation import translate
from people.models import Person, Post

translate(Person, "name", "honorific", "summary")
translate(Post, "title")
