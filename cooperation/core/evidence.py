"""Checks of the evidence behind the records: every quote verbatim in its source, every published
record cited, every citation pointing at a record that exists.

`manage.py verify_citations` runs them over the whole database; tests and the admin reuse them.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext as _

from cooperation.core.citations import Citation, is_evidence_model, source_model
from cooperation.core.registry import registry


@dataclass(frozen=True)
class Offence:
    kind: str
    description: str

    def __str__(self):
        return f"{self.kind}: {self.description}"


def evidence_models():
    """Every concrete record model whose published rows must be supported by a citation."""
    return [model for model in registry.models() if is_evidence_model(model)]


def misquoted_citations() -> Iterator[Offence]:
    """Citations whose quote is not, character for character, in their source's text."""
    source_id, text = None, ""
    rows = Citation.objects.order_by("source_id", "pk").values_list("pk", "source_id", "quote")
    for pk, cited_source_id, quote in rows.iterator(chunk_size=2000):
        if cited_source_id != source_id:
            source_id = cited_source_id
            text = _source_values(source_id, "text")
        if quote not in text:
            reference = _source_values(source_id, "reference")
            yield Offence("misquoted", f"citation {pk}: “{quote}” is not in the text of source {reference}")


def _source_values(source_id, field):
    """One field of a cited source, read through the citations (core names no domain model)."""
    return Citation.objects.filter(source_id=source_id).values_list(f"source__{field}", flat=True).first()


def dangling_citations() -> Iterator[Offence]:
    """Citations whose record no longer exists."""
    for content_type_id in Citation.objects.values_list("content_type_id", flat=True).distinct().order_by():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        existing = model._base_manager.values_list("pk", flat=True) if model else []
        orphans = Citation.objects.filter(content_type_id=content_type_id).exclude(object_id__in=existing)
        for pk, object_id in orphans.values_list("pk", "object_id"):
            yield Offence("dangling", f"citation {pk} cites a missing record (type {content_type_id}, id {object_id})")


def uncited(rows):
    """The public rows of `rows` (a queryset of one evidence model) with no citation from a published
    source: the one evidence rule, which verify_citations checks over everything and every staff
    action over the records it touches (evidence_gaps)."""
    content_type = ContentType.objects.get_for_model(rows.model)
    cited = Citation.objects.published().filter(content_type=content_type).values("object_id")
    return rows.published().exclude(pk__in=cited).order_by("pk")


def _uncited_offence(record):
    label = getattr(record, "slug", None) or record.uuid
    return Offence("uncited", f"{record._meta.verbose_name} {label} ({record}) is published with no published citation")


def uncited_records() -> Iterator[Offence]:
    """Published records without a citation from a published source."""
    for model in evidence_models():
        for record in uncited(model._default_manager.all()).iterator():
            yield _uncited_offence(record)


def _link_steps(model, link):
    """Each step of a visibility link (`post__organisation`) with the model it reaches: ("post", Post),
    ("post__organisation", Organisation)."""
    path = []
    for hop in link.split("__"):
        model = model._meta.get_field(hop).related_model
        path.append(hop)
        yield "__".join(path), model


def _around(record):
    """The querysets of evidence rows whose public evidence a change to `record` can affect: itself
    and its parts (the rows whose visibility it decides, directly or on the way: an event's
    participations, a person's positions, a post's positions); for a source, the records it is cited for."""
    if isinstance(record, source_model()):
        pairs = Citation.objects.filter(source_id=record.pk).values_list("content_type_id", "object_id").order_by()
        ids_by_type: dict[int, set[int]] = {}
        for content_type_id, object_id in pairs:
            ids_by_type.setdefault(content_type_id, set()).add(object_id)
        models = {type_id: ContentType.objects.get_for_id(type_id).model_class() for type_id in ids_by_type}
        return [
            model._default_manager.filter(pk__in=ids_by_type[type_id])
            for type_id, model in models.items()
            if model is not None  # the type of a model since removed
        ]
    model = type(record)
    around = [model._default_manager.filter(pk=record.pk)] if is_evidence_model(model) else []
    for part in evidence_models():
        for link, _optional in part.visibility_links:
            for step, reached in _link_steps(part, link):
                if issubclass(model, reached):
                    around.append(part._default_manager.filter(**{step: record}))
    return around


def _records_of(rows):
    """The records a change is checked around: a citation stands for its record (added, changed or
    deleted: its record is still known); deleted rows (no id) and nothing are left out."""
    for row in rows:
        if isinstance(row, Citation):
            row = row.record
        if row is not None and row.pk is not None:
            yield row


def lock(records) -> None:
    """Lock every row a check around `records` reads (see _around), so that two staff actions on the
    same evidence at once are checked one after the other, each seeing what the other did
    (PostgreSQL; SQLite writes one at a time)."""
    for record in _records_of(records):
        for rows in _around(record):
            list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class Gap:
    """A public record or part left without public evidence."""

    record: Model

    def __str__(self):
        return describe(self.record)


def describe(record) -> str:
    """A record named with its type: event “Meeting in Baku”."""
    return f"{record._meta.verbose_name} “{record}”"


GAPS_LOOKED_FOR = 1_000  # around one change; a database that verify_citations finds clean has none


def evidence_gaps(records, limit=GAPS_LOOKED_FOR) -> list[Gap]:
    """The public rows around `records` (see _around; for a citation, around its record) without a
    citation from a published source, as the database stands now. A staff action compares them before
    and after its change (new_gaps): one that leaves a new gap is refused, naming it."""
    gaps: list[Gap] = []
    seen = set()
    for record in _records_of(records):
        for rows in _around(record):
            for row in uncited(rows)[: limit - len(gaps)]:
                if (type(row), row.pk) not in seen:
                    seen.add((type(row), row.pk))
                    gaps.append(Gap(row))
            if len(gaps) >= limit:
                return gaps
    return gaps


GAPS_NAMED = 20  # a message names at most this many, and says how many more


def new_gaps(before, records) -> list[Gap]:
    """The gaps around `records` now that were not among `before` (evidence_gaps before the change)."""
    known = set(before)
    return [gap for gap in evidence_gaps(records) if gap not in known]


def named(rows) -> str:
    """Records or gaps, named, the first GAPS_NAMED of them: "event “A”; person “B” and 3 more"."""
    rows = list(rows)
    names = "; ".join(str(row) if isinstance(row, Gap) else describe(row) for row in rows[:GAPS_NAMED])
    more = len(rows) - GAPS_NAMED
    return names if more <= 0 else _("%(names)s and %(count)d more") % {"names": names, "count": more}


def all_offences() -> Iterator[Offence]:
    yield from misquoted_citations()
    yield from dangling_citations()
    yield from uncited_records()
