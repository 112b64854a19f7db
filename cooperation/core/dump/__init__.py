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

from cooperation.core.dump.archive import ARCHIVE_NAME, Built, build
from cooperation.core.dump.stored import DataDump, current, export, storage

__all__ = ["ARCHIVE_NAME", "Built", "DataDump", "build", "current", "export", "storage"]
