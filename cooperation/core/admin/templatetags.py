"""Template tags of the admin pages ({% load review %}): the state of an editor's work."""

from django import template
from django.urls import reverse

from cooperation.core.admin.review import work_of

register = template.Library()


@register.simple_tag
def your_work(user):
    """The drafts `user` submitted for review, each with where it stands and its admin page."""
    return [
        {
            "record": record,
            "review": review,
            "url": reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]),
        }
        for record, review in work_of(user)
    ]
