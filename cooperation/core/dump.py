"""The bulk download, `/data/records.zip`: every public record in one file, for partners who mirror
the records instead of paging through six collections.

The archive holds, for each registered record type (its table: events, participations, positions,
...), a CSV file of its public rows; for each page type, a JSON Lines file of the API's detail
objects; link tables for many-to-many links; the public citations and alternate names; a SQLite
database of the same tables (with their keys, for Datasette or any SQLite tool); and a Frictionless
`datapackage.json` describing every file and field. It is built from the registry, so a new record
type is in it without a line here.

Rows are exactly what the public sees: published records, parts every linked record of which is
published, links to a draft left empty, citations from published sources. Ids are the records'
permanent ids (UUIDs), the ones the API uses; a citation's id is the API's.

The archive is built by `manage.py export_data` (from a timer: `--if-changed` builds only when the data
version moved), never while a request waits; the last one is described by `DataDump` and served from
the `bulk_data` storage, with an ETag.
"""

import csv
import datetime as dt
import hashlib
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, models, transaction
from django.db.models import Case, F, Max, OuterRef, Subquery, When
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request

from cooperation.core.changes import FeedEntry
from cooperation.core.citations import AlternateName, Citation, evidence_models, is_named_model
from cooperation.core.dates import PartialDate
from cooperation.core.records import Record
from cooperation.core.registry import registry
from cooperation.core.translation import ORIGINAL, TRANSLATIONS, english_columns, translated_fields
from cooperation.core.versioning import DataVersion

ARCHIVE_NAME = "records.zip"
CHUNK = 2_000  # rows read at a time: memory stays flat whatever the number of records
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Columns the public never sees, or that only the system uses.
INTERNAL = {"id", "uuid", "version", "publication_status", "search_key", "search_vector", "created_at"}


class DataDump(models.Model):
    """The last bulk download built: where it is stored, the data version it holds, its digest."""

    file_name = models.CharField(_("file name"), max_length=200)
    data_version = models.DateTimeField(_("data version"))
    built_at = models.DateTimeField(_("built"))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    changes_cursor = models.PositiveBigIntegerField(
        _("change feed cursor"), help_text=_("The change feed's last entry the download holds: read on from it.")
    )
    tables = models.JSONField(_("tables"), help_text=_("Each file's name, description and number of rows."))

    class Meta:
        verbose_name = _("bulk download")
        verbose_name_plural = _("bulk downloads")
        get_latest_by = "built_at"

    def __str__(self):
        return self.file_name

    @property
    def etag(self) -> str:
        return f'"{self.sha256[:32]}"'

    @property
    def is_current(self) -> bool:
        return self.data_version >= DataVersion.current()


def storage():
    return storages["bulk_data"]


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
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if hasattr(value, "hex") and not isinstance(value, str | bytes | float):  # a UUID
        return str(value)
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


# --- The API's objects ---------------------------------------------------------------------------


def api_request():
    """A request for the site's address (SITE_URL), so that the objects' addresses are the site's."""
    scheme, _sep, host = settings.SITE_URL.partition("://")
    return RequestFactory().get("/api/v1/", secure=scheme == "https", HTTP_HOST=host.rstrip("/"))


def api_objects(record_type):
    """The collection's detail objects, as the API gives them (in English, with their translations)."""
    viewset = record_type.viewset()
    viewset.action = "retrieve"
    viewset.format_kwarg = None
    request = Request(api_request())
    viewset.request = request
    serializer_class = viewset.get_serializer_class()
    records = viewset.get_queryset().order_by("pk")
    with translation.override(ORIGINAL):
        for record in records.iterator(chunk_size=500):
            yield serializer_class(record, context={"request": request, "view": viewset}).data


# --- Building ------------------------------------------------------------------------------------


@dataclass
class Built:
    archive: Path
    contents: list[dict]
    data_version: dt.datetime
    changes_cursor: int


def build(directory: Path) -> Built:
    """Write the archive's files into `directory` and the archive beside them, from one snapshot of
    the records: the change feed's last entry in it is where a copy made from it reads on."""
    outermost = not connection.in_atomic_block  # (a caller's transaction is its own snapshot)
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:  # one snapshot for every table (SQLite's reads are)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return _build(directory)


def _build(directory: Path) -> Built:
    changes_cursor = FeedEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    version = DataVersion.current()
    data_dir = directory / "records"
    data_dir.mkdir()
    database = sqlite3.connect(data_dir / "records.sqlite")
    resources: list[dict[str, Any]] = []
    contents: list[dict[str, Any]] = []
    for table in tables():
        count = _write_table(table, data_dir, database)
        resources.append(_resource(table))
        contents.append({"file": f"{table.name}.csv", "description": table.description, "rows": count})
    database.commit()
    database.close()
    for record_type in registry.page_types():
        path = data_dir / f"{record_type.api_prefix}.jsonl"
        count = 0
        with path.open("w", encoding="utf-8") as out:
            for item in api_objects(record_type):
                out.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
                count += 1
        description = (
            f"The API's {record_type.api_prefix} detail objects (/api/v1/{record_type.api_prefix}/<id>/), one per line."
        )
        resources.append(
            {
                "name": f"{record_type.api_prefix}-api",
                "path": path.name,
                "type": "file",  # nested objects: read them as the API's, not as a table
                "format": "jsonl",
                "mediatype": "application/jsonl",
                "encoding": "utf-8",
                "description": description,
            }
        )
        contents.append({"file": path.name, "description": description, "rows": count})
    resources.append(
        {
            "name": "records-database",
            "path": "records.sqlite",
            "type": "file",
            "format": "sqlite",
            "mediatype": "application/vnd.sqlite3",
            "description": "The CSV tables as one SQLite database, with their keys: open it in Datasette or any SQLite tool.",
        }
    )
    contents.append({"file": "records.sqlite", "description": resources[-1]["description"], "rows": None})
    package = {
        "profile": "data-package",
        "name": "icesco-azerbaijan-cooperation-records",
        "title": "ICESCO–Azerbaijan cooperation records",
        "description": (
            "Every public record of the ICESCO–Azerbaijan cooperation records: organisations, people and the "
            "posts they held, events and who took part, initiatives, places and sources, each fact with the "
            "quotes that support it. Ids are the API's."
        ),
        "homepage": f"{settings.SITE_URL.rstrip('/')}/data/",
        "version": version.isoformat(),
        "created": timezone.now().isoformat(),
        # Where a copy made from this download reads on: /api/v1/changes/?since=<changes_cursor>.
        "changes_cursor": str(changes_cursor),
        "resources": resources,
    }
    for resource in resources:  # a partner can check each file it unpacks
        resource["bytes"], resource["hash"] = _size_and_digest(data_dir / resource["path"])
    (data_dir / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    contents.insert(
        0,
        {"file": "datapackage.json", "description": "What every file and field is (Frictionless Data).", "rows": None},
    )
    archive = directory / ARCHIVE_NAME
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for item in contents:
            zipped.write(data_dir / item["file"], item["file"])
    return Built(archive, contents, version, changes_cursor)


def _size_and_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return path.stat().st_size, f"sha256:{digest.hexdigest()}"


def _write_table(table: Table, directory: Path, database) -> int:
    columns = ", ".join(f'"{c.name}" {c.sqlite_type}' for c in table.columns)
    keys = "".join(f', FOREIGN KEY ("{column}") REFERENCES "{target}"("id")' for column, target in table.foreign_keys)
    primary = f", PRIMARY KEY ({', '.join(table.primary_key)})" if table.primary_key else ""
    # The names are the registry's models' and their fields', never a request's.
    database.execute(f'CREATE TABLE "{table.name}" ({columns}{primary}{keys})')
    for column, _target in table.foreign_keys:
        database.execute(f'CREATE INDEX "{table.name}_{column}" ON "{table.name}" ("{column}")')
    insert = f'INSERT INTO "{table.name}" VALUES ({", ".join("?" for _ in table.columns)})'  # noqa: S608
    count = 0
    with (directory / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([column.name for column in table.columns])
        batch = []
        for row in table.rows():
            writer.writerow(["" if value is None else _csv_value(value) for value in row])
            batch.append(row)
            count += 1
            if len(batch) >= CHUNK:
                database.executemany(insert, batch)
                batch = []
        database.executemany(insert, batch)
    return count


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _resource(table: Table) -> dict:
    schema: dict[str, Any] = {"fields": [column.descriptor() for column in table.columns]}
    if table.primary_key:
        schema["primaryKey"] = table.primary_key
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
            for column, target in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "schema": schema,
    }


def export(*, if_changed=False) -> DataDump | None:
    """Build the archive and store it as the current bulk download; with `if_changed`, only when the
    records changed since the last one. The previous archive is kept until the next build, for
    downloads under way."""
    latest = DataDump.objects.order_by("-built_at").first()
    if if_changed and latest is not None and latest.data_version >= DataVersion.current():
        return None
    with tempfile.TemporaryDirectory() as directory:
        built = build(Path(directory))
        archive = built.archive
        size, digest = _size_and_digest(archive)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        with archive.open("rb") as data:
            name = storage().save(f"records-{stamp}.zip", File(data))
        dump = DataDump.objects.create(
            file_name=name,
            data_version=built.data_version,
            changes_cursor=built.changes_cursor,
            built_at=timezone.now(),
            size=size,
            sha256=digest.removeprefix("sha256:"),
            tables=built.contents,
        )
    for old in DataDump.objects.exclude(pk__in=[dump.pk, *([latest.pk] if latest else [])]):
        storage().delete(old.file_name)
        old.delete()
    return dump


def current() -> DataDump | None:
    return DataDump.objects.order_by("-built_at").first()
