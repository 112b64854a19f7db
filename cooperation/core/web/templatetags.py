"""The template tags every page uses: `{% load records %}`.

- `{% partial_date value %}`: a date at its precision as a <time> element.
- `record|public`: the record if visitors may see it, else None (cooperation.core.visibility).
- `record|text:"title"`: a translated field's text in the page's language, isolated in a `<bdi>`, marked
  `lang="en"` when it is the English fallback (cooperation.core.translation).
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import pgettext

from cooperation.core import translation, visibility

register = template.Library()


@register.simple_tag
def partial_date(value):
    """`<time datetime="2021-01">January 2021</time>` for a PartialDate; nothing for None."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.iso(), value)


@register.simple_tag
def comma():
    """The separator of a list in a sentence, in the page's language: ", ", or Arabic's "، "."""
    return pgettext("list separator", ", ")


@register.filter
def public(record):
    return visibility.public(record)


@register.filter
def text(record, name):
    """A record's field for the page's language, isolated: `{{ event|text:"title" }}`."""
    if record is None:
        return ""
    return translation.isolated(record, name)


@register.filter
def as_written(text):
    """English text kept as written (a note, a byline), marked and isolated on other languages' pages."""
    return translation.as_written(text)


@register.filter
def label(record):
    """A record's name as lists show it, isolated: `{{ record|label }}`."""
    return translation.isolated_label(record)
