"""Writing the download: every table as CSV and into one SQLite database, the API's objects as JSON
Lines, the Frictionless datapackage.json, all zipped; from one snapshot of the records."""

import csv
import datetime as dt
import hashlib
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.test import RequestFactory
from django.utils import timezone, translation
from rest_framework.request import Request

from cooperation.core.changes import FeedEntry
from cooperation.core.dump.tables import CHUNK, Table, tables
from cooperation.core.registry import registry
from cooperation.core.translation import ORIGINAL
from cooperation.core.versioning import DataVersion

ARCHIVE_NAME = "records.zip"

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
        resource["bytes"], resource["hash"] = size_and_digest(data_dir / resource["path"])
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


def size_and_digest(path: Path) -> tuple[int, str]:
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
