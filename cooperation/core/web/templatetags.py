"""The template tags every page uses: `{% load records %}`.

- `{% partial_date value %}`: a date at its precision as a <time> element.
- `record|public`: the record if visitors may see it, else None (cooperation.core.visibility).
"""

from django import template
from django.utils.html import format_html

from cooperation.core import visibility

register = template.Library()


@register.simple_tag
def partial_date(value):
    """`<time datetime="2021-01">January 2021</time>` for a PartialDate; nothing for None."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.iso(), value)


@register.filter
def public(record):
    return visibility.public(record)
