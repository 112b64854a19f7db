"""Writes that touch several records or enforce a rule beyond one form."""

from dataclasses import dataclass, field

from django.db import transaction

from cooperation.core.records import PublicationStatus
from cooperation.core.versioning import DataVersion


@dataclass
class PublicationChange:
    changed: list = field(default_factory=list)
    unsupported: list = field(default_factory=list)  # not published: no source is cited for them


def set_publication(queryset, status, *, reason=""):
    """Publish or unpublish the records of `queryset`.

    Each record is saved on its own, so that each change leaves its history row (with the signed-in
    user and `reason`) and moves the record's version on (an editor's open form on it goes stale);
    the data version moves on once, at the end (caches and 304s see it; one move a record would run
    Last-Modified ahead of the clock). A record that needs evidence is not published until a source
    is cited for it.
    """
    result = PublicationChange()
    with transaction.atomic(), DataVersion.batch():
        # Locked by id alone: the admin's list query joins optional links, which FOR UPDATE cannot lock.
        ids = list(queryset.exclude(publication_status=status).values_list("pk", flat=True))
        for record in queryset.model._default_manager.select_for_update().filter(pk__in=ids).order_by("pk"):
            if status == PublicationStatus.PUBLISHED and record.needs_evidence and not record.citations.exists():
                result.unsupported.append(record)
                continue
            record.publication_status = status
            record._change_reason = reason
            record.save(update_fields=["publication_status", "updated_at"])
            result.changed.append(record)
    return result
