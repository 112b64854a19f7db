"""The bulk download (/data/records.zip): every public record, as CSV tables with a Frictionless
datapackage.json that validates, the API's objects as JSON Lines, a SQLite database; built by
`export_data` from one snapshot, never while a request waits; served with an ETag; and a copy made
from it kept exact by the change feed."""

import csv
import datetime as dt
import io
import json
import sqlite3
import zipfile

import pytest
from django.core.management import call_command
from frictionless import validate

from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from cooperation.core.versioning import DataVersion
from events.models import Event
from tests.api_support import uid
from tests.factories import (
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


@pytest.fixture(autouse=True)
def data_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "bulk_data": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "bulk")},
        },
    }
    settings.SITE_URL = "http://testserver"
    return tmp_path / "bulk"


@pytest.fixture
def records():
    """Published records with every kind of link, and drafts that must stay out."""
    baku = PlaceFactory(uuid=uid(2), name="Baku", slug="baku")
    hidden_place = PlaceFactory(name="Unchecked venue", publication_status=DRAFT)
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco")
    salim = PersonFactory(uuid=uid(20), name="Salim AlMalik", slug="salim")
    secret = PersonFactory(name="Not yet checked", publication_status=DRAFT)
    office = InitiativeFactory(uuid=uid(30), title="Baku office", slug="baku-office", lead_organisation=icesco)
    opening = EventFactory(
        uuid=uid(40),
        title="Opening ceremony",
        slug="opening",
        start_date=dt.date(2025, 4, 1),
        start_date_precision=DatePrecision.MONTH,
        place=baku,
    )
    opening.initiatives.add(office)
    EventFactory(uuid=uid(41), title="Seminar", slug="seminar", place=hidden_place)
    EventFactory(title="Draft meeting", slug="draft-meeting", publication_status=DRAFT)
    head = ParticipationFactory(uuid=uid(42), event=opening, person=salim)
    ParticipationFactory(event=opening, person=secret)
    source = SourceFactory(uuid=uid(70), title="The opening", slug="the-opening", text="Salim opened it. More.")
    unchecked = SourceFactory(title="Unchecked", text="A rumour. More.", publication_status=DRAFT)
    CitationFactory(record=head, source=source, quote="Salim opened it.")
    CitationFactory(record=opening, source=unchecked, quote="A rumour.")
    return {"opening": opening, "head": head}


def unpacked(path):
    archive = zipfile.ZipFile(path)
    return {name: archive.read(name) for name in archive.namelist()}


def table(files, name):
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"].decode())))


@pytest.fixture
def built(records, tmp_path):
    call_command("export_data", "--output", str(tmp_path), stdout=io.StringIO())
    return unpacked(tmp_path / "records.zip")


def test_the_download_holds_a_table_of_each_record_type_the_evidence_the_api_objects_and_a_database(built):
    assert {
        "datapackage.json",
        "events.csv",
        "participations.csv",
        "people.csv",
        "posts.csv",
        "positions.csv",
        "organisations.csv",
        "organisation_relations.csv",
        "initiatives.csv",
        "initiative_parties.csv",
        "places.csv",
        "sources.csv",
        "events_initiatives.csv",
        "citations.csv",
        "alternate_names.csv",
        "events.jsonl",
        "people.jsonl",
        "organisations.jsonl",
        "initiatives.jsonl",
        "sources.jsonl",
        "places.jsonl",
        "records.sqlite",
    } <= set(built)


def test_the_datapackage_describes_every_file_and_validates_with_its_keys(built, tmp_path):
    folder = tmp_path / "unpacked"
    folder.mkdir()
    for name, content in built.items():
        (folder / name).write_bytes(content)
    package = json.loads(built["datapackage.json"])

    report = validate(str(folder / "datapackage.json"))

    assert report.valid, report.flatten(["resource", "type", "note"])
    assert {resource["path"] for resource in package["resources"]} == set(built) - {"datapackage.json"}
    events = next(resource for resource in package["resources"] if resource["name"] == "events")
    assert {"fields": ["place_id"], "reference": {"resource": "places", "fields": ["id"]}} in events["schema"][
        "foreignKeys"
    ]
    assert all(
        field.get("description")
        for resource in package["resources"]
        for field in resource.get("schema", {}).get("fields", [])
    )


def test_a_broken_key_is_caught_by_the_validation(built, tmp_path):
    """The foreign keys are checked, not only declared: an event at a place the download lacks fails."""
    folder = tmp_path / "unpacked"
    folder.mkdir()
    for name, content in built.items():
        (folder / name).write_bytes(content)
    places = [row for row in table(built, "places") if row["slug"] != "baku"]
    with (folder / "places.csv").open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(table(built, "places")[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(places)
    package = json.loads(built["datapackage.json"])
    for resource in package["resources"]:
        resource.pop("hash", None)
        resource.pop("bytes", None)
    (folder / "datapackage.json").write_text(json.dumps(package))

    assert not validate(str(folder / "datapackage.json")).valid


def test_rows_are_what_the_public_sees_with_links_to_drafts_left_empty(built):
    events = {row["slug"]: row for row in table(built, "events")}
    participations = table(built, "participations")

    assert set(events) == {"opening", "seminar"}
    assert events["opening"]["id"] == str(uid(40))
    assert (events["opening"]["start_date"], events["opening"]["start_date_precision"]) == ("2025-04", "month")
    assert events["opening"]["place_id"] == str(uid(2))
    assert events["seminar"]["place_id"] == ""  # a draft place is not named
    assert [row["id"] for row in participations] == [str(uid(42))]  # not the draft person's
    assert table(built, "events_initiatives") == [{"event_id": str(uid(40)), "initiative_id": str(uid(30))}]
    assert [(row["record_type"], row["cited_id"], row["quote"]) for row in table(built, "citations")] == [
        ("participation", str(uid(42)), "Salim opened it.")
    ]
    assert "Not yet checked" not in b"".join(built.values()).decode(errors="ignore")
    assert "A rumour" not in b"".join(built.values()).decode(errors="ignore")


def test_the_database_holds_the_same_rows_with_their_keys(built, tmp_path):
    (tmp_path / "records.sqlite").write_bytes(built["records.sqlite"])
    database = sqlite3.connect(tmp_path / "records.sqlite")

    database.row_factory = sqlite3.Row
    for name in ("events", "participations", "citations", "people", "places", "events_initiatives"):
        rows = [
            {key: "" if row[key] is None else str(row[key]) for key in row.keys()}  # noqa: SIM118  (a Row's names)
            for row in database.execute(f'SELECT * FROM "{name}"')  # noqa: S608  (the test's own names)
        ]
        assert rows == table(built, name)
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    joined = database.execute("SELECT e.title, p.name FROM events e JOIN places p ON p.id = e.place_id")
    assert [tuple(row) for row in joined] == [("Opening ceremony", "Baku")]


def test_the_json_lines_are_the_apis_detail_objects(built, client):
    lines = [json.loads(line) for line in built["events.jsonl"].decode().splitlines()]

    assert [line["slug"] for line in lines] == ["opening", "seminar"]
    for line in lines:
        assert line == client.get(f"/api/v1/events/{line['id']}/").json()


def test_the_site_serves_the_last_download_with_an_etag_and_says_what_it_holds(client, records):
    assert client.get("/data/records.zip").status_code == 503
    call_command("export_data", stdout=io.StringIO())

    response = client.get("/data/records.zip")
    page = client.get("/data/").content.decode()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="records.zip"'
    files = unpacked(io.BytesIO(b"".join(response.streaming_content)))
    assert [row["slug"] for row in table(files, "events")] == ["opening", "seminar"]
    not_modified = client.get(
        "/data/records.zip", HTTP_IF_NONE_MATCH=response["ETag"], HTTP_ORIGIN="https://portal.example"
    )
    assert not_modified.status_code == 304
    assert (not_modified["ETag"], not_modified["Cache-Control"]) == (response["ETag"], "public, max-age=300")
    assert not_modified["Access-Control-Allow-Origin"] == "*"
    assert '<a href="/data/records.zip" download>Download records.zip' in page
    assert "<td><code>events.csv</code></td>" in page
    assert "It holds the records as they are now." in page
    assert client.get("/api/v1/").json()["data"] == "http://testserver/data/records.zip"


def test_the_download_is_built_again_only_when_the_records_change(client, records, data_storage):
    call_command("export_data", "--if-changed", stdout=io.StringIO())
    first = client.get("/data/records.zip")["ETag"]
    out = io.StringIO()

    call_command("export_data", "--if-changed", stdout=out)
    assert "nothing to build" in out.getvalue()
    assert client.get("/data/records.zip")["ETag"] == first

    Event.objects.filter(slug="seminar").update(title="Seminar on heritage")
    DataVersion.bump()
    assert "a new download is built within minutes" in client.get("/data/").content.decode()
    call_command("export_data", "--if-changed", stdout=io.StringIO())
    call_command("export_data", stdout=io.StringIO())

    assert client.get("/data/records.zip")["ETag"] != first
    assert len(list(data_storage.iterdir())) == 2  # the current download and the one before it


def test_a_copy_made_from_the_download_is_kept_exact_by_the_change_feed(client, records, tmp_path):
    call_command("export_data", "--output", str(tmp_path), stdout=io.StringIO())
    files = unpacked(tmp_path / "records.zip")
    copy = {line["id"]: line for line in map(json.loads, files["events.jsonl"].decode().splitlines())}
    cursor = json.loads(files["datapackage.json"])["changes_cursor"]
    # Meanwhile: a new event, one unpublished, a participant's person renamed.
    EventFactory(title="Forum", slug="forum")
    seminar = Event.objects.get(slug="seminar")
    seminar.publication_status = DRAFT
    seminar.save()
    salim = records["head"].person
    salim.name = "Salim bin Mohammed AlMalik"
    salim.save()

    url = f"/api/v1/changes/?since={cursor}"
    while url:
        page = client.get(url).json()
        for entry in page["results"]:
            if entry["type"] != "events":
                continue
            if entry["kind"] in ("unpublished", "deleted"):
                copy.pop(entry["id"], None)
            else:
                copy[entry["id"]] = client.get(entry["url"]).json()
        url = page["next"]

    listed = client.get("/api/v1/events/").json()["results"]
    assert copy == {item["id"]: client.get(item["url"]).json() for item in listed}
    assert copy[str(uid(40))]["participants"][0]["name"] == "Salim bin Mohammed AlMalik"


def test_export_data_refuses_an_output_that_is_not_a_directory(tmp_path):
    with pytest.raises(Exception, match="is not a directory"):
        call_command("export_data", "--output", str(tmp_path / "missing"))
