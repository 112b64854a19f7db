"""The download's tables: one per registered record type, built from its fields; the link tables;
the public citations and alternate names. Each table knows its columns (as Frictionless fields) and
reads its rows in chunks."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, F, OuterRef, Subquery, When
from django.utils import translation
from django.utils.text import slugify

from cooperation.core.citations import AlternateName, Citation, evidence_models, is_named_model
from cooperation.core.dates import PartialDate
from cooperation.core.records import Record
from cooperation.core.registry import registry
from cooperation.core.translation import ORIGINAL, TRANSLATIONS, english_columns, translated_fields

CHUNK = 2_000  # rows read at a time: memory stays flat whatever the number of records
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Columns the public never sees, or that only the system uses.
INTERNAL = {"id", "uuid", "version", "publication_status", "search_key", "search_vector", "created_at"}

# --- The tables ----------------------------------------------------------------------------------


@dataclass
class Column:
    name: str
    type: str  # a Frictionless type: string, integer, number, boolean, datetime
    description: str = ""
    constraints: dict[str, Any] = field(default_factory=dict)
    format: str = "default"

    def descriptor(self) -> dict[str, Any]:
        descriptor: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.format != "default":
            descriptor["format"] = self.format
        if self.description:
            descriptor["description"] = self.description
        if self.constraints:
            descriptor["constraints"] = self.constraints
        return descriptor

    @property
    def sqlite_type(self) -> str:
        return {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}.get(self.type, "TEXT")


@dataclass
class Table:
    name: str
    description: str
    columns: list[Column]
    rows: Any  # a callable giving the rows, each a list in the columns' order
    foreign_keys: list[tuple[str, str]] = field(default_factory=list)  # (column, table)
    primary_key: list[str] = field(default_factory=lambda: ["id"])


def table_name(model) -> str:
    """events, participations, organisation_relations, ...: the model's plural name in English."""
    with translation.override(ORIGINAL):
        return slugify(str(model._meta.verbose_name_plural)).replace("-", "_")


def _type_of(model_field) -> tuple[str, str]:
    if isinstance(model_field, models.BooleanField):
        return "boolean", "default"
    if isinstance(model_field, models.IntegerField):
        return "integer", "default"
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return "number", "default"
    if isinstance(model_field, models.DateTimeField):
        return "datetime", "default"
    if isinstance(model_field, models.URLField):
        return "string", "uri"
    return "string", "default"


LANGUAGE_NAMES = {"az": "Azerbaijani", "ar": "Arabic", "ru": "Russian"}
# Columns every record has, described for the reader of the download (their help texts are the staff's).
DESCRIPTIONS = {
    "slug": "The record's address on the site's pages, such as /events/<slug>/.",
    "note": "The editors' note on the record, as the API's detail gives it.",
    "updated_at": "When the record, or anything shown with it, last changed.",
}


def _name(model_field) -> str:
    with translation.override(ORIGINAL):
        return str(model_field.verbose_name)


def _sentence(model_field) -> str:
    """The field's help text as a sentence (its name where it has none)."""
    with translation.override(ORIGINAL):
        text = str(model_field.help_text or model_field.verbose_name).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else f"{text}."


def _visible_uuid(link: str, target) -> Case:
    """The uuid of the record a foreign key points to, where the public may see it; else null."""
    return Case(When(target.visible_q(f"{link}__"), then=F(f"{link}__uuid")), default=None)


def record_table(model) -> Table:
    """A registered record type's public rows, column by column as the model has them."""
    english = english_columns(model)  # the same text as the original column
    columns = [Column("id", "string", "The record's permanent id (the API's).", {"required": True}, "uuid")]
    select: list[Any] = ["uuid"]
    annotations: dict[str, Any] = {}
    foreign_keys = []
    dates = set(getattr(model, "partial_dates", ()))
    for model_field in model._meta.concrete_fields:
        name = model_field.name
        if name in INTERNAL or name in english:
            continue
        if model_field.is_relation:
            target = model_field.related_model
            if target not in registry.models():
                continue
            column = f"{name}_id"
            annotations[f"dump_{column}"] = _visible_uuid(name, target)
            select.append(f"dump_{column}")
            description = f"{_name(model_field).capitalize()}: the id of a row of {table_name(target)}; empty when none is public."
            columns.append(Column(column, "string", description, format="uuid"))
            foreign_keys.append((column, table_name(target)))
        elif name in dates:  # its precision beside it, as the API gives them
            select.extend([name, f"{name}_precision"])
            described = f"{_sentence(model_field)} ISO 8601 at its precision: YYYY, YYYY-MM or YYYY-MM-DD."
            columns.append(Column(name, "string", described, {"pattern": PARTIAL_DATE_PATTERN}))
            columns.append(
                Column(f"{name}_precision", "string", "year, month or day", {"enum": ["year", "month", "day"]})
            )
        elif name.endswith("_precision") and name.removesuffix("_precision") in dates:
            continue  # with its date
        else:
            kind, format_ = _type_of(model_field)
            constraints = {"enum": [value for value, _label in model_field.choices]} if model_field.choices else {}
            description = DESCRIPTIONS.get(name) or _sentence(model_field)
            if name in translated_fields(model):  # the original of a translated field
                description = f"{description.removesuffix('.')}, in English: the original, which the sources support."
            elif getattr(model_field, "language", None) in TRANSLATIONS:  # a rendering: title_az, ...
                original = _sentence(model._meta.get_field(name.rsplit("_", 1)[0])).removesuffix(".")
                language = LANGUAGE_NAMES[model_field.language]
                description = f"{original}, in {language}: the editors' rendering, never evidence; empty where none."
            columns.append(Column(name, kind, description, constraints, format_))
            select.append(name)

    date_positions = {index for index, name in enumerate(select) if name in dates}

    def rows():
        queryset = model.objects.published().annotate(**annotations).order_by("pk").values_list(*select)
        for values in queryset.iterator(chunk_size=CHUNK):
            row, skip = [], False
            for index, value in enumerate(values):
                if skip:  # a partial date's precision, read with it
                    row.append(value or None)
                    skip = False
                elif index in date_positions:
                    partial = PartialDate.stored(value, values[index + 1])
                    row.append(partial.iso() if partial else None)
                    skip = True
                else:
                    row.append(_cell(value))
            yield row

    description = model.__doc__.strip().splitlines()[0] if model.__doc__ else table_name(model)
    return Table(table_name(model), description, columns, rows, foreign_keys)


def _cell(value):
    """A column's value as the CSV and the database hold it: times in UTC ISO 8601, numbers and
    booleans as they are, the rest (ids, decimals) as text."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, float | int | bool) or value is None:
        return value
    return str(value)


def link_tables(model) -> list[Table]:
    """A record type's many-to-many links between public records: events_initiatives (event_id, initiative_id)."""
    tables = []
    for m2m in model._meta.many_to_many:
        target = m2m.related_model
        if target not in registry.models():
            continue
        through = m2m.remote_field.through
        source_field = m2m.m2m_field_name()
        target_field = m2m.m2m_reverse_field_name()
        this, other = model._meta.model_name, target._meta.model_name
        if this == other:
            other = f"other_{other}"
        name = f"{table_name(model)}_{m2m.name}"

        def rows(through=through, source_field=source_field, target_field=target_field, model=model, target=target):
            links = (
                through.objects.filter(model.visible_q(f"{source_field}__"))
                .filter(target.visible_q(f"{target_field}__"))
                .order_by("pk")
                .values_list(f"{source_field}__uuid", f"{target_field}__uuid")
            )
            for left, right in links.iterator(chunk_size=CHUNK):
                yield [str(left), str(right)]

        columns = [
            Column(f"{this}_id", "string", f"The {this}'s id ({table_name(model)}).", {"required": True}, "uuid"),
            Column(
                f"{other}_id", "string", f"The linked record's id ({table_name(target)}).", {"required": True}, "uuid"
            ),
        ]
        keys = [(f"{this}_id", table_name(model)), (f"{other}_id", table_name(target))]
        with translation.override(ORIGINAL):
            description = f"Links of {table_name(model)} to {table_name(target)}: {m2m.verbose_name}."
        tables.append(Table(name, description, columns, rows, keys, primary_key=[f"{this}_id", f"{other}_id"]))
    return tables


def _record_uuids(model):
    return Subquery(model._base_manager.filter(pk=OuterRef("object_id")).values("uuid")[:1])


def citations_table() -> Table:
    """Every public citation: the quote, its source and the row it supports."""
    columns = [
        Column("id", "integer", "The citation's id (the API's /api/v1/citations/<id>/).", {"required": True}),
        Column("source_id", "string", "The source quoted (sources).", {"required": True}, "uuid"),
        Column(
            "record_type",
            "string",
            "What the quote supports (event, participation, position, ...), as the API's citations say.",
            {"required": True, "enum": [model._meta.model_name for model in evidence_models()]},
        ),
        Column(
            "cited_id",
            "string",
            "The id of the row the quote supports, in that type's table (participation: participations.csv).",
            {"required": True},
            "uuid",
        ),
        Column("field", "string", "The field of the row the quote supports; empty for the row as a whole."),
        Column("quote", "string", "A passage copied exactly from the source's text.", {"required": True}),
        Column("updated_at", "datetime", "When the citation last changed."),
    ]

    def rows():
        for model in evidence_models():
            content_type = ContentType.objects.get_for_model(model)
            citations = (
                Citation.objects.public()
                .filter(content_type=content_type)
                .annotate(record_uuid=_record_uuids(model))
                .order_by("pk")
                .values_list("pk", "source__uuid", "record_uuid", "field", "quote", "updated_at")
            )
            for pk, source, record, field_name, quote, updated_at in citations.iterator(chunk_size=CHUNK):
                yield [pk, str(source), model._meta.model_name, str(record), field_name, quote, _cell(updated_at)]

    return Table(
        "citations",
        "The quotes that support the records, each from a published source.",
        columns,
        rows,
        [("source_id", "sources")],
    )


def alternate_names_table() -> Table:
    columns = [
        Column("record_type", "string", "The type of the record (event, person, ...).", {"required": True}),
        Column(
            "record_id",
            "string",
            "The record's id, in that type's table (person: people.csv).",
            {"required": True},
            "uuid",
        ),
        Column("name", "string", "Another name the record is known by.", {"required": True}),
        Column("language", "string", "BCP 47 code; empty when it does not apply."),
        Column("kind", "string", "acronym, spelling_variant, former_name, translation or transliteration."),
    ]

    def rows():
        named: list[Any] = [model for model in registry.models() if is_named_model(model)]
        for model in named:
            content_type = ContentType.objects.get_for_model(model)
            published = model.objects.published().values("pk")
            names = (
                AlternateName.objects.filter(content_type=content_type, object_id__in=published)
                .annotate(record_uuid=_record_uuids(model))
                .order_by("pk")
                .values_list("record_uuid", "name", "language", "kind")
            )
            for record, name, language, kind in names.iterator(chunk_size=CHUNK):
                yield [model._meta.model_name, str(record), name, language, kind]

    return Table("alternate_names", "Other names the records are known by.", columns, rows, primary_key=[])


def tables() -> list[Table]:
    """Every table of the download, in the registry's order, then the evidence."""
    found = []
    for model in registry.models():
        if issubclass(model, Record):
            found.append(record_table(model))
            found.extend(link_tables(model))
    return [*found, citations_table(), alternate_names_table()]
