"""Backups (cooperation/core/backups.py, `manage.py backup` and `manage.py restore`): a restore gives back
the records, their citations and their history exactly (the API answers the same bytes); it refuses a
database that holds records without --force, and a backup of the other engine; retention keeps the
newest backups and touches nothing else; a full disk leaves no backup, whole or half, behind.

Every test runs on the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL), outside a
test transaction: the backup reads the database through a connection (SQLite) or a process (pg_dump) of
its own, which sees committed rows only.
"""

import errno
import os
import sqlite3
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cooperation.core import backups
from cooperation.core.citations import Citation
from cooperation.core.registry import registry
from events.models import Event, Participation
from people.models import Position
from tests.factories import (
    CitationFactory,
    EventFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def suffix(vendor=None):
    return backups.SUFFIXES[vendor or connection.vendor]


def other_vendor():
    return next(vendor for vendor in backups.SUFFIXES if vendor != connection.vendor)


def run(*arguments):
    """A command's output, as the operator reads it."""
    out = StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


def only_files(directory):
    return sorted(path.name for path in directory.iterdir())


@pytest.fixture
def backup_dir(tmp_path):
    return tmp_path / "backups"


@pytest.fixture
def world():
    """An event with two participants and its citations from a source, a person with a cited position,
    and history: the event edited after it was made."""
    source = SourceFactory()
    person = PersonFactory(name="Anar Karimov")
    position = PositionFactory(person=person)
    event = EventFactory(title="Opening of the regional office")
    for participant in (person, PersonFactory()):
        ParticipationFactory(event=event, person=participant)
    for record in (event, person, position):
        CitationFactory(record=record, source=source)
    event.title = "Opening of the ICESCO regional office"
    event.save()
    return event, person


def answers(client, event, person):
    """The API's answers (JSON bytes) of lists and details of several collections, and the change feed."""
    urls = [
        "/api/v1/events/",
        f"/api/v1/events/{event.uuid}/",
        "/api/v1/citations/",
        "/api/v1/people/",
        f"/api/v1/people/{person.uuid}/",
        "/api/v1/changes/",
    ]
    responses = {url: client.get(url, HTTP_ACCEPT="application/json") for url in urls}
    assert {url: response.status_code for url, response in responses.items()} == dict.fromkeys(urls, 200)
    return {url: response.content for url, response in responses.items()}


def history():
    """Every history row of every record type."""
    return {
        model._meta.label: list(model.history.order_by("history_id").values_list("history_id", "id", "history_type"))
        for model in registry.models()
    }


def test_a_restore_gives_back_the_records_citations_and_history_byte_for_byte(client, world, backup_dir):
    event, person = world
    before, rows = answers(client, event, person), history()
    assert rows["events.Event"]
    assert rows["cooperation.Citation"]

    printed = run("backup", "--output", str(backup_dir), "--keep", "3")
    (written,) = backup_dir.iterdir()
    assert printed.startswith(f"Wrote {written} (")
    assert written.name.endswith(suffix())

    # Wreck the records: an event renamed, its participants gone, a citation and the history deleted,
    # a person added.
    Event.objects.filter(pk=event.pk).update(title="Wrecked")
    Participation.objects.filter(event=event).delete()
    Citation.objects.filter(object_id=person.pk).delete()
    Event.history.all().delete()
    PersonFactory(name="Added after the backup")
    wrecked = client.get("/api/v1/events/", HTTP_ACCEPT="application/json")
    assert answers(client, event, person) != before

    printed = run("restore", str(written), "--force")

    assert printed.startswith(f"Restored {written} into the database ")
    assert "1 event," in printed
    assert "2 people" in printed  # not the one added after the backup
    assert answers(client, event, person) == before
    assert history() == rows
    # A client holding the wrecked list is not told it is current: the data version moved past it.
    again = client.get(
        "/api/v1/events/", HTTP_ACCEPT="application/json", HTTP_IF_MODIFIED_SINCE=wrecked["Last-Modified"]
    )
    assert again.status_code == 200


def test_a_restore_into_an_empty_database_needs_no_force(client, world, backup_dir):
    event, person = world
    before = answers(client, event, person)
    written = backups.backup(backup_dir, keep=14)
    call_command("flush", interactive=False)
    assert not any(backups.records_held().values())

    run("restore", str(written))

    assert answers(client, event, person) == before


def test_a_restore_refuses_a_database_that_holds_records_and_changes_nothing(client, backup_dir):
    event = EventFactory(title="In the backup")
    written = backups.backup(backup_dir, keep=14)
    Event.objects.filter(pk=event.pk).update(title="Written after the backup")
    before = client.get("/api/v1/events/", HTTP_ACCEPT="application/json").content

    with pytest.raises(CommandError, match=r"holds records \(1 event\).*Nothing was changed.*--force"):
        call_command("restore", str(written))

    assert Event.objects.get().title == "Written after the backup"
    assert client.get("/api/v1/events/", HTTP_ACCEPT="application/json").content == before
    assert written.exists()


def test_retention_keeps_the_newest_backups_and_never_touches_other_files(settings, backup_dir):
    backup_dir.mkdir()
    ours = [backup_dir / f"records-2024010{day}T023000Z{suffix()}" for day in range(1, 6)]
    others = [
        backup_dir / "notes.txt",
        backup_dir / f"records-20240101T023000Z{suffix(other_vendor())}",  # the other engine's
        backup_dir / f"records-latest{suffix()}",
        backup_dir / f"old-records-20240101T023000Z{suffix()}",
        backup_dir / f".records-20240101T023000Z{suffix()}.abc.partial",
    ]
    for path in (*ours, *others):
        path.write_bytes(b"not a backup")
    settings.BACKUP_DIR, settings.BACKUP_KEEP = str(backup_dir), 3
    PersonFactory()

    run("backup")

    (written,) = set(backup_dir.iterdir()) - {*ours, *others}
    assert backups.NAME.fullmatch(written.name)
    assert only_files(backup_dir) == sorted(path.name for path in (written, ours[4], ours[3], *others))


def test_keeping_no_backup_is_refused(backup_dir):
    with pytest.raises(CommandError, match="Keep at least one backup"):
        call_command("backup", "--output", str(backup_dir), "--keep", "0")


def full_disk_copy(monkeypatch):
    """Make the engine's copy run out of space halfway: SQLite's backup into a file that may not grow
    (SQLITE_FULL, as on a full disk), or pg_dump writing part of the file and then failing."""
    if connection.vendor == "sqlite":
        connect = sqlite3.connect

        def connect_to_a_full_disk(target, *args, **kwargs):
            opened = connect(target, *args, **kwargs)
            if str(target).endswith(".partial"):
                opened.execute("PRAGMA max_page_count = 2")
            return opened

        monkeypatch.setattr(backups.sqlite3, "connect", connect_to_a_full_disk)
        return

    def pg_dump_out_of_space(arguments, **kwargs):
        (target,) = (argument.removeprefix("--file=") for argument in arguments if argument.startswith("--file="))
        with open(target, "wb") as file:
            file.write(b"PGDMP half a dump")
        error = "pg_dump: error: could not write to output file: No space left on device\n"
        return subprocess.CompletedProcess(arguments, 1, "", error)

    monkeypatch.setattr(backups.subprocess, "run", pg_dump_out_of_space)


def fsync_on_a_full_disk(monkeypatch):
    """The copy's last bytes, flushed to a full disk."""

    def full(handle):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(backups.os, "fsync", full)


@pytest.mark.parametrize("fault", [full_disk_copy, fsync_on_a_full_disk])
def test_a_full_disk_is_a_clear_error_and_leaves_nothing_behind(fault, monkeypatch, backup_dir):
    EventFactory()
    backup_dir.mkdir()
    older = backup_dir / f"records-20240101T023000Z{suffix()}"
    older.write_bytes(b"an older backup")
    fault(monkeypatch)

    with pytest.raises(CommandError, match=rf"The backup directory {backup_dir} is full \(.+ free\): no backup was"):
        call_command("backup", "--output", str(backup_dir), "--keep", "1")

    assert only_files(backup_dir) == [older.name]  # no new backup, no temporary file; the old one kept


def test_a_backup_of_the_other_engine_is_refused(tmp_path):
    event = EventFactory()
    other = tmp_path / f"records-20240101T023000Z{suffix(other_vendor())}"
    other.write_bytes(backups.MAGIC[other_vendor()] + bytes(100))

    with pytest.raises(CommandError, match=rf"is a {backups.ENGINE_NAMES[other_vendor()]} backup, and this database"):
        call_command("restore", str(other), "--force")

    assert Event.objects.get() == event


@pytest.mark.parametrize("name", ["records-20240101T023000Z{suffix}", "records.zip"])
def test_a_file_that_is_not_a_backup_is_refused(tmp_path, name):
    """Named like a backup of this engine, or not, holding something else."""
    position = PositionFactory()
    path = tmp_path / name.format(suffix=suffix())
    path.write_bytes(b"not a backup")

    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(path), "--force")

    assert Position.objects.get() == position
