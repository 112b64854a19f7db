"""Template tags of the admin pages ({% load review %}): the state of an editor's work, a record's change
awaiting review."""

from django import template

from cooperation.core.admin.forms import change_url
from cooperation.core.admin.review import work_of
from cooperation.core.revisions import Revision

register = template.Library()


@register.simple_tag
def your_work(user):
    """The drafts `user` submitted for review, each with where it stands and its admin page."""
    return [
        {
            "record": record,
            "review": review,
            "url": change_url(record, record.pk),
        }
        for record, review in work_of(user)
    ]


@register.simple_tag
def pending_revision(record):
    """The open revision of a published record (its change awaiting review), or None."""
    return Revision.objects.open().of(record).first()
