"""Load the seed records from the YAML files in fixtures/ (see fixtures/README.md for the format).

Every record is checked with `full_clean()` (so every quote is verbatim in its source and every
rule holds) and saved in one transaction: a seed with one bad record loads nothing.

Identity: each record's UUID is derived from its seed key (uuid5), so it is the same in every
database and on every run. A record that already exists is left as it is, with its citations and
alternate names (staff may have corrected them since); `update=True` writes the fixture's values
over it, adds any citation or name it lacks, and removes those the fixtures no longer give, when the
seed made them and no one has changed them since (a quote replaced in the fixtures by a better one).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from cooperation.core.citations import AlternateName, Citation, source_model
from cooperation.core.dates import PartialDate, period_end
from cooperation.core.parts import part_changed
from cooperation.core.records import PublicationStatus, PublicRecord
from cooperation.core.registry import registry
from cooperation.core.translation import LANGUAGES, ORIGINAL, TRANSLATIONS, column, translated_fields
from cooperation.core.versioning import DataVersion

# Never change: the seed records' UUIDs are derived from it.
SEED_NAMESPACE = uuid.UUID("6f1c2a4e-8b0d-4a57-9a43-3c1f5e2d7b90")

EVIDENCE_KEYS = ("cite", "alternate_names")


class SeedError(Exception):
    """A fixture that cannot be loaded; the message names the file, the record and the problem."""


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)

    def lines(self):
        labels = sorted(set(self.created) | set(self.updated) | set(self.unchanged) | set(self.removed))
        for label in labels:
            line = f"{label}: {self.created[label]} created, {self.updated[label]} updated, {self.unchanged[label]} unchanged"
            yield line + (f", {self.removed[label]} removed" if self.removed[label] else "")


def seed_uuid(model, key: str) -> uuid.UUID:
    return uuid.uuid5(SEED_NAMESPACE, f"{model._meta.label_lower}:{key}")


def read_fixtures(directory: Path) -> list[tuple[Path, dict]]:
    documents = []
    for path in sorted(directory.glob("**/*.yaml")):
        with path.open(encoding="utf-8") as handle:
            documents.append((path, yaml.safe_load(handle) or {}))
    return documents


SEED_CHANGE_REASON = "seed: loaded from the fixtures by manage.py seed"
SEED_REMOVAL_REASON = "seed: no longer in the fixtures (manage.py seed --update)"


def seed_load(*, directory: Path, update: bool = False) -> SeedReport:
    """Load every fixture under `directory`; raise SeedError (and load nothing) on any problem."""
    loader = _Loader(directory=directory, update=update)
    documents = read_fixtures(directory)
    with transaction.atomic(), DataVersion.batch():
        for model, section, _order in registry.seeded():
            for path, document in documents:
                for item in document.get(section) or []:
                    loader.load(path, model, item)
        loader.load_evidence()
    return loader.report


class _Loader:
    def __init__(self, *, directory: Path, update: bool):
        self.directory = directory
        self.update = update
        self.report = SeedReport()
        self.pending_evidence: list[tuple[Path, models.Model, dict]] = []

    def load(self, path, model, item, parent=None):
        item = dict(item)
        evidence = {key: item.pop(key) for key in EVIDENCE_KEYS if key in item}
        nested = registry.nested_in(model)
        children, parent_field = [], None
        if nested is not None:
            child_model, nested_key, parent_field = nested
            children = [(child_model, child) for child in item.pop(nested_key, [])]
        if parent is not None:
            item[parent[0]] = parent[1]
        key = self.key_of(model, item)
        try:
            record, written = self.save(model, key, item)
        except (ValidationError, SeedError, LookupError, ValueError, OSError) as error:
            raise SeedError(f"{path.name}: {model._meta.verbose_name} “{key}”: {_describe(error)}") from error
        if written:
            self.pending_evidence.append((path, record, evidence))
        for child_model, child in children:
            self.load(path, child_model, child, parent=(parent_field, key))
        return record

    def key_of(self, model, item):
        """The record's seed key, from which its UUID is derived: its slug, or as its type says."""
        seed = registry.get(model).seed if model in registry else None
        if seed is not None and seed.key is not None:
            return seed.key(item)
        if issubclass(model, PublicRecord):
            return item["slug"]
        raise SeedError(f"no seed key defined for {model._meta.label}")

    def save(self, model, key, item):
        """Create the record, or overwrite it in update mode; return it and whether it was written."""
        record_uuid = seed_uuid(model, key)
        existing = model.objects.filter(uuid=record_uuid).first()
        if existing is not None and not self.update:
            self.report.unchanged[model._meta.verbose_name_plural] += 1
            return existing, False
        record = existing or model(uuid=record_uuid)
        many_to_many = {}
        if issubclass(model, PublicRecord):
            item.setdefault("publication_status", PublicationStatus.PUBLISHED)
        if "text_file" in item:
            item["text"] = (self.directory / "sources" / item.pop("text_file")).read_text(encoding="utf-8")
        for name, value in item.items():
            field_ = model._meta.get_field(name)
            if field_.many_to_many:
                many_to_many[name] = [self.resolve(field_.related_model, slug) for slug in value]
            elif field_.is_relation:
                setattr(record, name, self.resolve(field_.related_model, value, owner=item))
            elif name in model.partial_dates:
                self.set_partial_date(record, name, value)
            elif isinstance(value, dict) and name in translated_fields(model):
                self.set_translations(record, name, value)
            elif isinstance(field_, models.DecimalField) and value is not None:
                setattr(record, name, Decimal(str(value)))  # YAML reads 40.409264 as a float
            else:
                setattr(record, name, value)
        record.full_clean()
        record._change_reason = SEED_CHANGE_REASON  # the history's "who" for a row no one signed in for
        record.save()
        part_changed(record)
        for name, related in many_to_many.items():
            getattr(record, name).set(related)
        counter = self.report.updated if existing else self.report.created
        counter[model._meta.verbose_name_plural] += 1
        return record, True

    @staticmethod
    def set_translations(record, name, texts):
        """A translated field written as {en: ..., az: ..., ar: ..., ru: ...}: English (the original,
        required) and the editors' renderings."""
        unknown = set(texts) - set(LANGUAGES)
        if unknown or ORIGINAL not in texts:
            raise SeedError(
                f"{name}: a text in each of {', '.join(LANGUAGES)} ({ORIGINAL} required); "
                f"not {', '.join(sorted(unknown)) or 'without ' + ORIGINAL}"
            )
        setattr(record, name, texts[ORIGINAL])
        for language in TRANSLATIONS:
            setattr(record, column(name, language), texts.get(language) or None)

    def resolve(self, model, key, owner=None):
        if key is None:
            return None
        seed = registry.get(model).seed if model in registry else None
        if seed is not None and seed.reference is not None:
            key = seed.reference(str(key), owner)
        try:
            return model.objects.get(uuid=seed_uuid(model, str(key)))
        except model.DoesNotExist:
            raise SeedError(f"refers to {model._meta.verbose_name} “{key}”, which is not defined before it") from None

    @staticmethod
    def set_partial_date(record, name, value):
        if value is None:
            setattr(record, name, None)
            setattr(record, f"{name}_precision", "")
            return
        partial = PartialDate(value) if isinstance(value, dt.date) else PartialDate.parse(str(value))
        stored = period_end(partial.date, partial.precision) if name in record.period_end_fields else partial.date
        setattr(record, name, stored)
        setattr(record, f"{name}_precision", partial.precision)

    def load_evidence(self):
        """Citations and alternate names, once every source and record exists."""
        sources = {}
        for path, record, evidence in self.pending_evidence:
            content_type = ContentType.objects.get_for_model(record)
            kept: dict[type[models.Model], set[int]] = {Citation: set(), AlternateName: set()}
            for citation in evidence.get("cite", []):
                slug = citation["source"]
                if slug not in sources:
                    sources[slug] = self.resolve(source_model(), slug)
                kept[Citation].add(
                    self.attach(
                        path,
                        record,
                        Citation,
                        content_type=content_type,
                        source=sources[slug],
                        field=citation.get("field", ""),
                        quote=citation["quote"],
                        note=citation.get("note", ""),
                    )
                )
            for name in evidence.get("alternate_names", []):
                kept[AlternateName].add(
                    self.attach(
                        path,
                        record,
                        AlternateName,
                        content_type=content_type,
                        name=name["name"],
                        kind=name["kind"],
                        language=name.get("language", ""),
                        note=name.get("note", ""),
                    )
                )
            if self.update:
                for model, pks in kept.items():
                    self.remove_dropped(record, model, content_type=content_type, kept=pks)

    def attach(self, path, record, model, *, content_type, note, **identity):
        label = model._meta.verbose_name_plural
        lookup = {"content_type": content_type, "object_id": record.pk, **identity}
        found = model.objects.filter(**lookup).values_list("pk", flat=True).first()
        if found is not None:
            self.report.unchanged[label] += 1
            return found
        row = model(**lookup, note=note)
        try:
            row.full_clean()
        except ValidationError as error:
            raise SeedError(f"{path.name}: {model._meta.verbose_name} of “{record}”: {_describe(error)}") from error
        row._change_reason = SEED_CHANGE_REASON
        row.save()
        part_changed(row)
        self.report.created[label] += 1
        return row.pk

    def remove_dropped(self, record, model, *, content_type, kept):
        """Remove the record's citations (or names) the fixtures no longer give, if the seed made them and
        every change since was the seed's: one that staff added or edited is theirs, and stays."""
        dropped = model.objects.filter(content_type=content_type, object_id=record.pk).exclude(pk__in=kept)
        for row in dropped:
            if row.history.exclude(history_change_reason=SEED_CHANGE_REASON).exists() or not row.history.exists():
                continue
            row._change_reason = SEED_REMOVAL_REASON
            row.delete()
            part_changed(row)
            self.report.removed[model._meta.verbose_name_plural] += 1


def _describe(error):
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
