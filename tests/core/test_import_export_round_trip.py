"""Import and export of records in the staff workspace (django-import-export): exporting records and
importing the file back changes nothing, in every format, through the resource and through the admin;
the UUID and the publication status are exported but never imported.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import CSV, JSON, XLSX

from cooperation.core.admin.resources import record_resource
from cooperation.core.spreadsheets import neutralised, restored
from cooperation.models import Organisation, Place
from events.models import Event
from people.models import Person
from tests.admin_support import (
    confirm,
    csv_upload,
    export_resource,
    export_through_admin,
    import_types,
    preview,
    row_messages,
    snapshot,
)
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


# --- Export, then import the file back: nothing changes ------------------------------------------


EXCHANGED_MODELS = [Event, Organisation, Person, Place]


def export_file(model, file_format):
    """The file the admin's export writes: native cell types for binary formats such as XLSX."""
    dataset = record_resource(model)().export(force_native_type=file_format.is_binary())
    return file_format.export_data(dataset)


@pytest.mark.parametrize("file_format", [CSV(), JSON(), XLSX()], ids=["CSV", "JSON", "XLSX"])
@pytest.mark.parametrize("model", EXCHANGED_MODELS, ids=lambda m: m.__name__)
def test_exported_file_imports_back_without_changing_anything(records, model, file_format):
    file_format = file_format() if isinstance(file_format, type) else file_format
    before, history_before = snapshot(model), model.history.count()
    dataset = file_format.create_dataset(export_file(model, file_format))
    assert len(dataset) == model.objects.count()

    result = record_resource(model)().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)

    assert row_messages(result) == []
    assert set(import_types(result)) == {"skip"}
    assert snapshot(model) == before
    assert model.history.count() == history_before


def test_event_with_an_empty_description_round_trips_through_xlsx():
    EventFactory(slug="meeting", note="Dated by the article.", description="", location_text="Baku")
    dataset = XLSX().create_dataset(export_file(Event, XLSX()))

    result = record_resource(Event)().import_data(dataset, dry_run=True, raise_errors=False)

    assert row_messages(result) == []


def test_unchanged_dated_event_is_skipped_when_its_xlsx_export_is_imported_back():
    EventFactory(slug="meeting", note="Dated by the article.", description="A meeting.", location_text="Baku")
    before, history_before = snapshot(Event), Event.history.count()
    dataset = XLSX().create_dataset(export_file(Event, XLSX()))

    result = record_resource(Event)().import_data(dataset, dry_run=False, raise_errors=False)

    assert row_messages(result) == []
    assert import_types(result) == ["skip"]
    assert snapshot(Event) == before
    assert Event.history.count() == history_before


@pytest.mark.parametrize("model", [Event, Organisation, Person], ids=lambda m: m.__name__)
def test_admin_export_then_admin_import_of_the_csv_changes_nothing(admin_client, records, model):
    before, history_before = snapshot(model), model.history.count()
    content = export_through_admin(admin_client, model, "csv")
    assert content.decode().splitlines()[0].split(",") == list(export_resource(model)().get_export_order())

    page = preview(admin_client, model, SimpleUploadedFile("export.csv", content, content_type="text/csv"))

    assert set(import_types(page.context["result"])) == {"skip"}
    assert len(page.context["result"].rows) == model.objects.count()
    response = confirm(admin_client, model, page)
    assert response.status_code == 302
    assert snapshot(model) == before
    assert model.history.count() == history_before


def test_admin_export_of_json_imports_back_through_the_admin_unchanged(admin_client, records):
    before = snapshot(Event)
    content = export_through_admin(admin_client, Event, "json")

    page = preview(
        admin_client, Event, SimpleUploadedFile("export.json", content, content_type="application/json"), "json"
    )

    assert set(import_types(page.context["result"])) == {"skip"}
    confirm(admin_client, Event, page)
    assert snapshot(Event) == before


def test_admin_export_of_xlsx_imports_back_through_the_admin(admin_client, records):
    content = export_through_admin(admin_client, Event, "xlsx")

    page = preview(admin_client, Event, SimpleUploadedFile("export.xlsx", content), "xlsx")

    assert row_messages(page.context["result"]) == []
    assert "confirm_form" in page.context


def test_admin_export_includes_uuid_and_publication_status_but_import_ignores_them(admin_client, records):
    content = export_through_admin(admin_client, Event, "csv").decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    meeting = Event.objects.get(slug="meeting")
    (row,) = [row for row in rows if row["slug"] == "meeting"]
    assert (row["uuid"], row["publication_status"], row["parent"]) == (str(meeting.uuid), "draft", "visit")
    exported_uuid = row["uuid"]
    row |= {"uuid": "00000000-0000-0000-0000-000000000001", "publication_status": "published"}
    columns = list(rows[0])
    upload = csv_upload([row], columns=columns)

    page = preview(admin_client, Event, upload)
    assert import_types(page.context["result"]) == ["skip"]
    confirm(admin_client, Event, page)

    meeting.refresh_from_db()
    assert (str(meeting.uuid), meeting.publication_status) == (exported_uuid, "draft")


# --- Text a spreadsheet would run ------------------------------------------------------------------

# (A leading carriage return is neutralised too, see the test below; CSV itself reads it back as a line
# break, so it is not among the texts that round-trip.)
FORMULAS = ['=HYPERLINK("http://evil.example","Baku")', "+1+1", "-2+3", "@SUM(A1)", "\tTabbed"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_typed_into_a_record_is_exported_neutralised_and_imported_back_unchanged(admin_client, formula):
    EventFactory(slug="opening", title="Opening", description=formula)
    before = snapshot(Event)

    content = export_through_admin(admin_client, Event, "csv")
    exported = next(csv.DictReader(io.StringIO(content.decode())))
    page = preview(admin_client, Event, SimpleUploadedFile("export.csv", content, content_type="text/csv"))
    confirm(admin_client, Event, page)

    assert exported["description"] == "'" + formula
    assert set(import_types(page.context["result"])) == {"skip"}
    assert snapshot(Event) == before


@pytest.mark.parametrize("text", ["=1", "+1a", "-a", "@a", "\ta", "\ra"])
def test_every_start_a_spreadsheet_runs_is_neutralised_and_restored(text):
    assert neutralised(text) == "'" + text
    assert restored(neutralised(text)) == text
    assert neutralised("-40.5") == "-40.5"
    assert restored("'quoted") == "'quoted"


def test_the_apis_csv_neutralises_formulas_but_leaves_numbers_and_plain_text(client):
    EventFactory(slug="opening", title="=1+1", location_text="-40.5")
    EventFactory(slug="forum", title="Forum - the second", location_text="@home")

    rows = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(client.get("/api/v1/events/?format=csv").content.decode()))
    }

    assert (rows["opening"]["title"], rows["opening"]["location_text"]) == ("'=1+1", "-40.5")
    assert (rows["forum"]["title"], rows["forum"]["location_text"]) == ("Forum - the second", "'@home")
