"""Backups of the whole database, and restoring one (`manage.py backup`, `manage.py restore`).

A backup is one file in a directory, named for the UTC time it was taken and for its engine:
`records-20250101T023000Z.sqlite3` (SQLite's online backup API: a consistent copy of the live file,
taken while the site runs) or `records-20250101T023000Z.dump` (PostgreSQL: `pg_dump`'s custom format,
one snapshot, read with `pg_restore`). It is written under a temporary name in the same directory,
flushed to disk and then renamed, so a file with a backup's name is always whole: a full disk or a
crash leaves no half-written backup behind. Then the oldest backups of the engine beyond the number
kept are removed; no other file in the directory is ever touched.

Restoring replaces the database with the backup's: it refuses a database that holds records unless
forced, so that a mistyped command never wipes the records. After it, `migrate` brings the backup's
schema up to the code's and reinstalls what the database derives (the events tally's table and
triggers, events/tally.py), and the data version moves past every version served before the restore,
so that no cached answer and no client's If-Modified-Since keeps a pre-restore copy. The change feed
goes back with the rest: partners who follow it reload (docs/operations.md, "Restoring").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Model
from django.template.defaultfilters import filesizeformat

from cooperation.core.registry import registry
from cooperation.core.versioning import DataVersion

logger = logging.getLogger(__name__)

PREFIX = "records-"
# Each engine's backups: their suffix, the first bytes of such a file, and the engine's name in messages.
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# The names backup() writes, and so the only files retention may remove. Fixed width: by name is by age.
NAME = re.compile(rf"{PREFIX}\d{{8}}T\d{{6}}Z(?:{'|'.join(re.escape(s) for s in SUFFIXES.values())})")
# To the second, for names an operator types; a second backup within the same second replaces the first.
STAMP = "%Y%m%dT%H%M%SZ"
# The table every Django database has: a file without it is not a backup of the site (pg_restore --list).
MIGRATIONS_TABLE = re.compile(r"\bTABLE DATA \S+ django_migrations\b")
# How pg_dump reports a full disk (it exits 1 with this in its message, not with an errno).
NO_SPACE = "No space left on device"
# libpq's variables for the connection options a DATABASE_URL may carry (?sslmode=require...).
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}
# pg_restore waits this long for a table's lock, then fails and changes nothing: an app server left
# running holds locks that would otherwise make the restore hang.
RESTORE_LOCK_TIMEOUT = "60s"


class BackupError(Exception):
    """A backup or a restore that did not happen; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    """What a restore put in place: the file, and how many rows of each record type it holds."""

    path: Path
    records: dict[type[Model], int]


def backup(directory: Path, keep: int) -> Path:
    """Write a backup of the database into `directory` (created if missing), keep the newest `keep`
    backups of this engine there and remove the older ones. Returns the backup's path."""
    if keep < 1:
        raise BackupError(f"Keep at least one backup (asked to keep {keep}).")
    vendor = _vendor()
    directory = Path(directory)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Cannot use {directory} for backups: {error.strerror}.") from error
    final = directory / f"{PREFIX}{dt.datetime.now(dt.UTC).strftime(STAMP)}{SUFFIXES[vendor]}"
    # A dot name no pattern matches: retention and restore never take it for a backup. mkstemp makes
    # it readable by this user alone, as a backup holds password hashes and sessions.
    try:
        handle, name = tempfile.mkstemp(dir=directory, prefix=f".{final.name}.", suffix=".partial")
    except OSError as error:  # a disk too full for even an empty file
        raise _failed(error, directory) from error
    os.close(handle)
    partial = Path(name)
    try:
        _WRITERS[vendor](partial)
        _fsync(partial)
        os.replace(partial, final)
        _fsync(directory)  # the rename itself, so that a power cut does not undo it
    except (OSError, sqlite3.Error) as error:
        _discard(partial)
        raise _failed(error, directory) from error
    except BaseException:
        _discard(partial)
        raise
    _prune(directory, SUFFIXES[vendor], keep, final)
    return final


def restore(path: Path, force: bool = False) -> Restored:
    """Replace the database with the backup at `path`. Refuses a backup of the other engine, and a
    database that holds records unless `force`; in either case nothing is changed."""
    vendor = _vendor()
    path = Path(path)
    _check_backup(path, vendor)
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction: it replaces the whole database.")
    held = records_held()
    if any(held.values()) and not force:
        raise BackupError(
            f"The database holds records ({describe(held)}): restoring {path.name} would replace them. "
            "Nothing was changed. Back them up first, then run the restore again with --force."
        )
    before = _version()
    try:
        _RESTORERS[vendor](path)
    except (BackupError, OSError, sqlite3.Error) as error:
        raise BackupError(f"The restore of {path} failed and changed nothing: {error}") from error
    try:
        _after_restore(before)
    except Exception as error:
        raise BackupError(
            f"Restored {path}, but bringing the database up to this code failed: {error}. "
            "Run `manage.py migrate` and read its error."
        ) from error
    return Restored(path, records_held())


def records_held() -> dict[type[Model], int]:
    """How many rows each registered record type's table holds, in the registry's order; a table the
    database does not have (a database not yet migrated) holds none."""
    tables = set(connection.introspection.table_names())
    return {model: model._base_manager.count() if model._meta.db_table in tables else 0 for model in registry.models()}


def describe(records: dict[type[Model], int]) -> str:
    """The records counted, as "1 event, 2 people", or "no records"."""
    return (
        ", ".join(
            f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
            for model, count in records.items()
            if count
        )
        or "no records"
    )


def _vendor() -> str:
    if connection.vendor not in SUFFIXES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]  # SQLite's wrapper has it
        raise BackupError("The database is in memory: there is no file to back up or restore.")
    return connection.vendor


def _check_backup(path: Path, vendor: str) -> None:
    """Refuse, before anything is changed, a file that is not a backup this database can take."""
    engine = next((name for name, suffix in SUFFIXES.items() if path.name.endswith(suffix)), None)
    if engine is None:
        raise BackupError(f"{path.name} is not a backup: its name ends in neither {' nor '.join(SUFFIXES.values())}.")
    if engine != vendor:
        raise BackupError(
            f"{path.name} is a {ENGINE_NAMES[engine]} backup, and this database is {ENGINE_NAMES[vendor]}: "
            f"restore a {SUFFIXES[vendor]} backup, or move the records across with `manage.py dumpdata` and `loaddata`."
        )
    try:
        with path.open("rb") as file:
            start = file.read(len(MAGIC[vendor]))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from error
    if start != MAGIC[vendor] or not _holds_migrations(path, vendor):
        raise BackupError(f"{path} is not a {ENGINE_NAMES[vendor]} backup of this site's database.")


def _holds_migrations(path: Path, vendor: str) -> bool:
    """Whether the file is a whole database of a Django site (it has the migrations' table): another
    SQLite file, such as the bulk download's, must never replace the records."""
    if vendor == "postgresql":
        return MIGRATIONS_TABLE.search(_run("pg_restore", "--list", str(path))) is not None
    try:
        with contextlib.closing(_read_only(path)) as source:
            return source.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone() is not None
    except sqlite3.Error:
        return False


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _write_sqlite(target: Path) -> None:
    """Copy the live database into `target` with SQLite's online backup API: in one step, so the copy
    is one consistent state of the database while the site goes on reading and writing."""
    # A connection of its own (never created: mode=rw), so the copy holds committed writes only.
    live = Path(connection.settings_dict["NAME"]).resolve()
    source = sqlite3.connect(f"{live.as_uri()}?mode=rw", uri=True, timeout=20)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
            # One self-contained file: the live database's WAL mode comes with its pages, and would keep
            # later writes in a -wal file beside the backup.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        source.close()


def _write_postgresql(target: Path) -> None:
    _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")


def _restore_sqlite(path: Path) -> None:
    """Copy the backup over the live database through Django's connection, with the backup API: in one
    write transaction, so a failure leaves the database as it was."""
    connection.ensure_connection()
    with contextlib.closing(_read_only(path)) as source:
        source.backup(connection.connection)


def _restore_postgresql(path: Path) -> None:
    # --clean --if-exists: every object the backup holds is dropped and made again; --single-transaction
    # with --exit-on-error: the first error undoes the whole restore.
    _run(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
        str(path),
        extra={"PGOPTIONS": f"-c lock_timeout={RESTORE_LOCK_TIMEOUT}"},
    )


_WRITERS = {"sqlite": _write_sqlite, "postgresql": _write_postgresql}
_RESTORERS = {"sqlite": _restore_sqlite, "postgresql": _restore_postgresql}


def _run(program: str, *arguments: str, extra: dict[str, str] | None = None) -> str:
    """Run a PostgreSQL client program against the site's database; its output, or BackupError with
    its message (OSError for a full disk, which the caller reports with the free space)."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} was not found on PATH: install PostgreSQL's client programs (postgresql-client), "
            "of the server's major version or newer."
        )
    # A fixed program with arguments of our own (the file's path, the settings' database name), no shell.
    finished = subprocess.run(  # noqa: S603
        [executable, *arguments], env=_libpq_environment(extra), capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        message = finished.stderr.strip() or f"exit status {finished.returncode}"
        if NO_SPACE in message:
            raise OSError(errno.ENOSPC, message)
        raise BackupError(f"{program} failed: {message}")
    return finished.stdout


def _libpq_environment(extra: dict[str, str] | None) -> dict[str, str]:
    """The environment of pg_dump and pg_restore: the site's connection in libpq's variables (the
    password in PGPASSWORD, never on a command line that `ps` shows), and none of the caller's own
    PG* variables, which could point them at another database."""
    settings = connection.settings_dict
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PG")}
    given = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        **{variable: settings.get("OPTIONS", {}).get(option) for option, variable in LIBPQ_OPTIONS.items()},
        **(extra or {}),
    }
    environment.update({name: str(value) for name, value in given.items() if value})
    return environment


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _discard(partial: Path) -> None:
    """Remove a backup that was not finished, with any journal SQLite left beside it."""
    for leftover in (partial, *(partial.with_name(partial.name + end) for end in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)


def _failed(error: Exception, directory: Path) -> BackupError:
    full = (isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)) or (
        isinstance(error, sqlite3.Error) and getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    )
    if not full:
        return BackupError(f"The backup into {directory} failed, and nothing of it was left there: {error}")
    try:
        free = filesizeformat(shutil.disk_usage(directory).free)
    except OSError:
        free = "unknown space"
    return BackupError(
        f"The backup directory {directory} is full ({free} free): no backup was written, and nothing of it "
        "was left there. Free some space (or keep fewer backups: --keep, BACKUP_KEEP), or back up into "
        "another directory with --output."
    )


def _prune(directory: Path, suffix: str, keep: int, written: Path) -> None:
    """Keep `written` and the newest `keep` - 1 other backups of this engine in `directory`; remove the
    older ones. Only after a backup succeeded: a failed one never costs an old one."""
    others = sorted(
        (
            path
            for path in directory.iterdir()
            if path != written and NAME.fullmatch(path.name) and path.name.endswith(suffix) and path.is_file()
        ),
        key=lambda path: path.name,
        reverse=True,
    )
    for older in others[keep - 1 :]:
        try:
            older.unlink()
        except OSError as error:
            raise BackupError(f"Wrote {written}, but could not remove the older {older}: {error.strerror}.") from error
        logger.info("Removed the older backup %s.", older)


def _version() -> dt.datetime | None:
    """The data version before a restore, when the database has one."""
    if DataVersion._meta.db_table not in connection.introspection.table_names():
        return None
    return DataVersion.objects.filter(pk=1).values_list("changed_at", flat=True).first()


def _after_restore(before: dt.datetime | None) -> None:
    """Make the restored database whole for this code, and every answer served before it stale."""
    # The backup's content types may have other ids than those this process has cached.
    ContentType.objects.clear_cache()
    # The backup may predate the code's migrations; and after every migrate the events tally's table and
    # triggers are checked and, if missing, installed and counted afresh (events/tally.py).
    call_command("migrate", interactive=False, verbosity=0)
    # The restored version is the backup's, older than answers served since (cached, or held by clients
    # with their Last-Modified): move it past the last one served, so that none of them is taken as current.
    DataVersion.bump()
    if before is not None:
        DataVersion.objects.filter(pk=1, changed_at__lte=before).update(changed_at=before + dt.timedelta(seconds=1))
