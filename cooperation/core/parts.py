"""What a change to a part of a record does to the record it is shown on.

A part is a row shown on another record's page: a participation on its event, a position on its
person, a citation or an alternate name on its record. When a part is saved or deleted, its record
changed too: `part_changed` moves the record's `updated_at` (so that `updated_since` finds an event
whose participants changed) and its version (so that an admin form opened on the record before the
change goes stale), and refreshes the record's search key when its names changed.

Every write path calls it: the admin (RecordAdmin and the evidence admins, forms and inlines alike,
history restore included), the seed loader, and the test factories. Code that writes parts another
way (a shell session, a new command) calls it too.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from django.utils import timezone

from cooperation.core import changes
from cooperation.core.citations import AlternateName, Citation
from cooperation.core.records import PublicRecord


def shown_on(row):
    """The public record a row is shown on: a part's record, a citation's or a name's record (or that
    record's own record, for a citation of a participation); None for a public record itself, and
    for a part whose record is gone (deleted with it)."""
    try:
        if isinstance(row, PublicRecord):
            return None
        if isinstance(row, Citation | AlternateName):
            if not row.object_id:
                return None
            record = row.content_type.get_object_for_this_type(pk=row.object_id)
            return shown_on(record) or record  # a participation's citation is shown on its event
        field = getattr(row, "public_record_field", None)
        return getattr(row, field, None) if field else None
    except ObjectDoesNotExist:
        return None


def part_changed(part, *, was_on=None) -> None:
    """A part was saved or deleted: its record moves on (see the module's docstring), and so does the
    record it was shown on before, `was_on`, when the change moved it (a participation moved to
    another event). Nothing for a whole record, whose own save has moved it already."""
    records = {shown_on(part), was_on} - {None}
    for record in records:
        type(record).objects.filter(pk=record.pk).update(updated_at=timezone.now(), version=F("version") + 1)
        if isinstance(part, AlternateName):
            record.refresh_search_key()
    changes.part_changed(part, records)  # the change feed's entries
