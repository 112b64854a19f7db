"""Checks of the evidence behind the records: every quote verbatim in its source, every published
record cited, every citation pointing at a record that exists.

`manage.py verify_citations` runs them over the whole database; tests and the admin reuse them.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from cooperation.core.citations import Citation, is_evidence_model
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


def uncited_records() -> Iterator[Offence]:
    """Published records without a citation from a published source."""
    for model in evidence_models():
        content_type = ContentType.objects.get_for_model(model)
        cited = Citation.objects.published().filter(content_type=content_type).values("object_id")
        for record in model.objects.published().exclude(pk__in=cited).order_by("pk").iterator():
            label = getattr(record, "slug", None) or record.uuid
            yield Offence(
                "uncited", f"{model._meta.verbose_name} {label} ({record}) is published with no published citation"
            )


def all_offences() -> Iterator[Offence]:
    yield from misquoted_citations()
    yield from dangling_citations()
    yield from uncited_records()
