"""Writes that touch several records or enforce a rule beyond one form: publishing and unpublishing,
under the one evidence rule (cooperation/core/evidence.py)."""

from dataclasses import dataclass, field

from django.db import transaction

from cooperation.core.citations import source_model
from cooperation.core.evidence import Gap, evidence_gaps, lock, new_gaps
from cooperation.core.records import PublicationStatus, PublicRecord
from cooperation.core.reviews import resolve
from cooperation.core.versioning import DataVersion


@dataclass
class Refusal:
    """A record left as it was, and the public records or parts the change would leave without public
    evidence."""

    record: object
    gaps: list[Gap]


@dataclass
class PublicationChange:
    changed: list = field(default_factory=list)
    sources_published: list = field(default_factory=list)  # draft sources published with their records
    also_unpublished: list = field(default_factory=list)  # records left without public evidence, unpublished
    refused: list[Refusal] = field(default_factory=list)


def set_publication(queryset, status, *, reason="", with_sources=False, also_unpublish=False):
    """Publish or unpublish the records of `queryset`, each only if no public record or part is left
    without a citation from a published source (the rule verify_citations checks).

    Publishing a record checks it and the parts it makes public (an event's participations); with
    `with_sources`, the draft sources cited for them are published in the same step, where that is
    what they lack. Unpublishing a source checks the records it is cited for; with `also_unpublish`,
    those left without public evidence are unpublished too (a part cannot be: it keeps the source
    published until it is cited elsewhere or removed). A record the rule refuses is left as it was,
    named with what it lacks. The rows the check reads are locked first (evidence.lock), so that two
    actions on the same evidence at once are checked one after the other.

    Each record is saved on its own, so that each change leaves its history row (with the signed-in
    user and `reason`) and moves the record's version on (an editor's open form on it goes stale);
    the data version moves on once, at the end (caches and 304s see it; one move a record would run
    Last-Modified ahead of the clock).
    """
    result = PublicationChange()
    with transaction.atomic(), DataVersion.batch():
        # Locked by id alone: the admin's list query joins optional links, which FOR UPDATE cannot lock.
        ids = list(queryset.exclude(publication_status=status).values_list("pk", flat=True))
        for record in queryset.model._default_manager.select_for_update().filter(pk__in=ids).order_by("pk"):
            try:
                with transaction.atomic():  # a savepoint: a refused record's change is rolled back
                    sources, unpublished = _change(record, status, reason, with_sources, also_unpublish)
            except _Refused as refused:
                result.refused.append(Refusal(record, refused.gaps))
                continue
            result.changed.append(record)
            result.sources_published += sources
            result.also_unpublished += unpublished
        if status == PublicationStatus.PUBLISHED:
            resolve([*result.changed, *result.sources_published])  # their reviews are done
    return result


class _Refused(Exception):
    def __init__(self, gaps):
        self.gaps = gaps


def _change(record, status, reason, with_sources, also_unpublish):
    """Change one record's status under the rule; return the sources published and the records
    unpublished with it, or raise _Refused with the gaps it would leave."""
    lock([record])
    before = evidence_gaps([record])  # gaps already there are not this change's doing
    _save(record, status, reason)
    gaps = new_gaps(before, [record])
    sources, unpublished = [], []
    if gaps and with_sources and status == PublicationStatus.PUBLISHED:
        sources = _draft_sources_cited_for([gap.record for gap in gaps])
    elif gaps and also_unpublish and status == PublicationStatus.DRAFT:
        unpublished = [gap.record for gap in gaps if isinstance(gap.record, PublicRecord)]
    for other in [*sources, *unpublished]:
        _save(other, status, reason)
    if sources or unpublished:
        gaps = new_gaps(before, [record])
    if gaps:
        raise _Refused(gaps)
    return sources, unpublished


def _save(record, status, reason):
    record.publication_status = status
    record._change_reason = reason
    record.save(update_fields=["publication_status", "updated_at"])


def _draft_sources_cited_for(records):
    """The draft sources quoted for `records`."""
    cited = set()
    for record in records:
        cited |= set(record.citations.values_list("source_id", flat=True))
    return list(
        source_model()
        ._default_manager.filter(pk__in=cited)
        .exclude(publication_status=PublicationStatus.PUBLISHED)
        .order_by("pk")
    )
