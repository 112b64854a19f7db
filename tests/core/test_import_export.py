"""Import and export of records in the staff workspace (django-import-export).

The admin's import is two steps: the file is posted with its format and shown as a preview (a dry
run); confirming the preview imports it. A file with any bad row shows the rows at fault and offers
no confirmation. Rows are matched by slug, links are slugs, the UUID and the publication status are
exported but never imported. Exporting records and importing the file back changes nothing.
"""

import csv
import datetime as dt
import io
import re

import pytest
import tablib

from cooperation.core.admin.resources import record_resource
from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from cooperation.core.revisions import Revision
from cooperation.core.roles import EDITORS
from cooperation.models import Initiative, Organisation, Place
from events.models import Event, EventKind
from people.models import Person
from tests.admin_support import (
    EVENT_COLUMNS,
    admin_url,
    body,
    confirm,
    csv_upload,
    export_resource,
    export_through_admin,
    format_choices,
    import_types,
    preview,
    row_messages,
    snapshot,
)
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

FORMAT_TITLES = ["csv", "xlsx", "json"]


def event_row(**values):
    """A valid row for a new event: a meeting held on 2 March 2025."""
    return {
        "slug": "new-meeting",
        "title": "New meeting",
        "kind": EventKind.MEETING,
        "status": "held",
        "start_date": "2025-03-02",
        "start_date_precision": DatePrecision.DAY,
    } | values


# --- The pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Event, Organisation, Person, Place, Initiative])
def test_import_page_offers_csv_xlsx_and_json(admin_client, model):
    response = admin_client.get(admin_url(model, "import"))

    assert response.status_code == 200
    assert list(format_choices(response.context["form"])) == FORMAT_TITLES
    for title, value in format_choices(response.context["form"]).items():
        assert f'<option value="{value}">{title}</option>' in response.content.decode()
    assert 'name="import_file"' in response.content.decode()


@pytest.mark.parametrize("model", [Event, Organisation, Person, Place, Initiative])
def test_export_page_offers_csv_xlsx_and_json_and_every_column(admin_client, model):
    response = admin_client.get(admin_url(model, "export"))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(format_choices(form)) == FORMAT_TITLES
    resource_name = export_resource(model).__name__.lower()
    offered = [name.removeprefix(f"{resource_name}_") for name in form.fields if name.startswith(resource_name)]
    assert offered == list(export_resource(model)().get_export_order())
    assert {"uuid", "slug", "publication_status"} <= set(offered)


def test_changelist_links_to_import_and_export(admin_client):
    response = admin_client.get(admin_url(Event, "changelist"))

    assert re.search(
        rf"""<a href=['"]{admin_url(Event, "import")}['"] class="import_link">""", response.content.decode()
    )
    assert re.search(
        rf"""<a href=['"]{admin_url(Event, "export")}\??['"] class="export_link">""", response.content.decode()
    )


# --- Importing a CSV file of events --------------------------------------------------------------


@pytest.fixture
def links():
    """The records an events file links to by slug."""
    return {
        "baku": PlaceFactory(name="Baku", slug="baku"),
        "regional-office": InitiativeFactory(slug="regional-office"),
        "capitals-of-culture": InitiativeFactory(slug="capitals-of-culture"),
    }


def test_csv_import_previews_then_creates_and_updates_events(admin_client, admin_user, links):
    existing = EventFactory(slug="existing-meeting", title="Meeting in Baku", kind=EventKind.MEETING)
    upload = csv_upload(
        [
            event_row(
                slug="forum-in-baku",
                title="Forum in Baku",
                kind=EventKind.FORUM,
                end_date="2025-03-04",
                end_date_precision=DatePrecision.DAY,
                place="baku",
                initiatives="regional-office|capitals-of-culture",
                description="Three days, two panels.",
                publication_status=PublicationStatus.PUBLISHED,
            ),
            event_row(
                slug="existing-meeting",
                title="Meeting at the Ministry of Culture",
                start_date="2021-01-14",
                place="baku",
                publication_status=PublicationStatus.DRAFT,
            ),
        ]
    )

    page = preview(admin_client, Event, upload)

    result = page.context["result"]
    assert import_types(result) == ["new", "update"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert '<tr class="new">' in page.content.decode()
    assert '<tr class="update">' in page.content.decode()
    assert "Forum in Baku" in body(page)
    # The updated row shows what changes: the title's old words struck out, the new ones inserted.
    assert ">in Baku</del>" in body(page)
    assert ">at the Ministry of Culture</ins>" in body(page)
    # The preview is a dry run: nothing is written before the import is confirmed.
    assert list(Event.objects.values_list("slug", flat=True)) == ["existing-meeting"]
    assert Event.objects.get(pk=existing.pk).title == "Meeting in Baku"

    response = confirm(admin_client, Event, page)

    assert response.status_code == 302
    assert response["Location"] == admin_url(Event, "changelist")
    forum = Event.objects.get(slug="forum-in-baku")
    assert (forum.title, forum.kind, forum.start_date, forum.end_date) == (
        "Forum in Baku",
        EventKind.FORUM,
        dt.date(2025, 3, 2),
        dt.date(2025, 3, 4),
    )
    assert forum.place == links["baku"]
    assert set(forum.initiatives.all()) == {links["regional-office"], links["capitals-of-culture"]}
    assert forum.description == "Three days, two panels."
    # Publishing is a reviewer's decision: a new record is a draft whatever the file says...
    assert forum.publication_status == PublicationStatus.DRAFT
    existing.refresh_from_db()
    assert (existing.title, existing.place) == ("Meeting at the Ministry of Culture", links["baku"])
    # ... and an existing record keeps its status whatever the file says.
    assert existing.publication_status == PublicationStatus.PUBLISHED
    assert Event.objects.count() == 2


def test_csv_import_writes_one_history_row_per_record_naming_the_importer(admin_client, admin_user, links):
    existing = EventFactory(slug="existing-meeting", title="Meeting in Baku")
    history_before = existing.history.count()
    upload = csv_upload(
        [
            event_row(slug="forum-in-baku", place="baku", initiatives="regional-office|capitals-of-culture"),
            event_row(slug="existing-meeting", title="Meeting at the Ministry of Culture", start_date="2021-01-14"),
        ]
    )

    confirm(admin_client, Event, preview(admin_client, Event, upload))

    forum = Event.objects.get(slug="forum-in-baku")
    assert list(forum.history.values_list("history_type", "history_user")) == [("+", admin_user.pk)]
    new_rows = existing.history.all()[: existing.history.count() - history_before]
    assert [(row.history_type, row.history_user_id, row.title) for row in new_rows] == [
        ("~", admin_user.pk, "Meeting at the Ministry of Culture")
    ]


def test_confirmed_import_says_what_it_did(admin_client, links):
    EventFactory(slug="existing-meeting", title="Meeting in Baku", start_date=dt.date(2021, 1, 14))
    upload = csv_upload([event_row(), event_row(slug="existing-meeting", title="Renamed", start_date="2021-01-14")])

    response = confirm(admin_client, Event, preview(admin_client, Event, upload))

    page = admin_client.get(response["Location"])
    assert "Import finished: 1 new, 1 updated, 0 deleted and 0 skipped events." in body(page)


# --- A file with a bad row imports nothing ------------------------------------------------------

BAD_ROWS = {
    "unknown place": (
        event_row(slug="bad-row", place="atlantis"),
        "No place with the slug “atlantis”.",
    ),
    "end before start": (
        event_row(slug="bad-row", end_date="2025-03-01", end_date_precision=DatePrecision.DAY),
        "The end date cannot be before the start date.",
    ),
    "unknown kind": (
        event_row(slug="bad-row", kind="banquet"),
        "Value 'banquet' is not a valid choice.",
    ),
    "precision without a date": (
        event_row(slug="bad-row", end_date_precision="day"),
        "Give a precision (year, month or day) with every date, and none without one.",
    ),
    "unparseable date": (
        event_row(slug="bad-row", start_date="2025-13-45"),
        "“2025-13-45” is not a date: write a year (2027), a month (2027-06) or a day (2027-06-14).",
    ),
}


def file_with_a_bad_row(bad_row):
    """Row 1 updates an existing event, row 2 adds a good one, row 3 is at fault."""
    return [
        event_row(slug="existing-meeting", title="Renamed meeting", start_date="2021-01-14"),
        event_row(slug="good-row", place="baku", initiatives="regional-office"),
        bad_row,
    ]


@pytest.mark.parametrize("case", BAD_ROWS)
def test_file_with_one_bad_row_shows_its_number_and_error_and_imports_nothing(admin_client, links, case):
    existing = EventFactory(slug="existing-meeting", title="Meeting in Baku")
    bad_row, message = BAD_ROWS[case]
    before = snapshot(Event)

    page = preview(admin_client, Event, csv_upload(file_with_a_bad_row(bad_row)))

    assert row_messages(page.context["result"]) == [(3, message)]
    text = body(page)
    assert message in text
    if page.context["result"].has_errors():
        assert f"Line number: 3 - {message}" in text
    else:
        assert "Some rows failed to validate" in text
        assert "<td>3 </td>" in text
    assert "confirm_form" not in page.context
    assert admin_url(Event, "process_import") not in text
    assert snapshot(Event) == before
    assert Event.objects.get(pk=existing.pk).title == "Meeting in Baku"


def test_file_with_a_slug_twice_is_refused(admin_client, links):
    rows = [event_row(slug="forum-in-baku", title="Forum in Baku"), event_row(slug="forum-in-baku", title="Other")]

    page = preview(admin_client, Event, csv_upload(rows))

    result = page.context["result"]
    assert result.has_errors() or result.has_validation_errors(), import_types(result)
    assert "confirm_form" not in page.context


def test_unknown_slug_in_a_many_to_many_column_is_refused(admin_client, links):
    page = preview(admin_client, Event, csv_upload([event_row(initiatives="regional-office|no-such-initiative")]))

    result = page.context["result"]
    assert result.has_errors() or result.has_validation_errors(), import_types(result)
    assert "confirm_form" not in page.context


@pytest.mark.parametrize(
    "case",
    [
        "unknown place",
        pytest.param(
            "end before start",
        ),
        pytest.param(
            "unknown kind",
        ),
    ],
)
def test_resource_import_of_a_file_with_a_bad_row_writes_nothing(links, case):
    EventFactory(slug="existing-meeting", title="Meeting in Baku")
    before = snapshot(Event)
    dataset = tablib.Dataset(headers=EVENT_COLUMNS)
    for row in file_with_a_bad_row(BAD_ROWS[case][0]):
        dataset.append([row.get(column, "") for column in EVENT_COLUMNS])

    result = record_resource(Event)().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)

    assert row_messages(result) == [(3, BAD_ROWS[case][1])]
    assert snapshot(Event) == before


def test_resource_import_with_rollback_on_validation_errors_writes_nothing(links):
    EventFactory(slug="existing-meeting", title="Meeting in Baku")
    before = snapshot(Event)
    dataset = tablib.Dataset(headers=EVENT_COLUMNS)
    for row in file_with_a_bad_row(BAD_ROWS["end before start"][0]):
        dataset.append([row.get(column, "") for column in EVENT_COLUMNS])

    result = record_resource(Event)().import_data(
        dataset, dry_run=False, use_transactions=True, raise_errors=False, rollback_on_validation_errors=True
    )

    assert result.has_validation_errors()
    assert snapshot(Event) == before


def test_row_that_became_invalid_after_the_preview_makes_the_confirmation_import_nothing(admin_client, links):
    visit = EventFactory(slug="visit", title="Visit to Baku")
    meeting = EventFactory(slug="meeting", title="Meeting during the visit")
    rows = [
        event_row(slug="forum-in-baku"),
        event_row(slug="meeting", title="Meeting during the visit", parent="visit"),
    ]
    page = preview(admin_client, Event, csv_upload(rows, columns=[*EVENT_COLUMNS, "parent"]))
    assert import_types(page.context["result"]) == ["new", "update"]
    # Meanwhile someone makes the visit part of the meeting: the file's row 2 would now close a loop.
    Event.objects.filter(pk=visit.pk).update(parent=meeting)

    confirm(admin_client, Event, page)

    assert not Event.objects.filter(slug="forum-in-baku").exists()
    assert Event.objects.get(pk=meeting.pk).parent_id is None


# --- Who may import and export -----------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    user = StaffFactory(username="editor", groups=[EDITORS])
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def groupless_client(client):
    client.force_login(StaffFactory(username="staff"))
    return client


def test_editor_can_import_events(editor_client, links):
    page = preview(editor_client, Event, csv_upload([event_row(place="baku", publication_status="published")]))
    assert import_types(page.context["result"]) == ["new"]

    response = confirm(editor_client, Event, page)

    assert response.status_code == 302
    event = Event.objects.get(slug="new-meeting")
    assert (event.place, event.publication_status) == (links["baku"], PublicationStatus.DRAFT)
    assert list(event.history.values_list("history_type", "history_user")) == [("+", editor_client.user.pk)]


@pytest.mark.parametrize("model", [Event, Organisation, Person, Place], ids=lambda m: m.__name__)
def test_editor_can_export(editor_client, records, model):
    content = export_through_admin(editor_client, model, "csv").decode()

    assert sorted(row["slug"] for row in csv.DictReader(io.StringIO(content))) == sorted(
        model.objects.values_list("slug", flat=True)
    )


@pytest.mark.parametrize("view", ["import", "export"])
def test_staff_member_in_no_group_may_neither_import_nor_export(groupless_client, view):
    assert groupless_client.get(admin_url(Event, view)).status_code == 403
    assert groupless_client.post(admin_url(Event, view), {"format": "0", "resource": "0"}).status_code == 403


def test_staff_member_in_no_group_cannot_confirm_an_import(groupless_client, links):
    response = groupless_client.post(
        admin_url(Event, "process_import"),
        {"import_file_name": "whatever", "original_file_name": "events.csv", "format": "0", "resource": "0"},
    )

    assert response.status_code == 403


def test_an_editors_import_keeps_its_change_to_a_published_event_for_review_and_saves_the_new_draft(sign_in, links):
    EventFactory(slug="existing-meeting", title="Meeting in Baku", start_date=dt.date(2021, 1, 14))
    upload = csv_upload([event_row(), event_row(slug="existing-meeting", title="Renamed", start_date="2021-01-14")])
    editor = sign_in("editor")

    response = confirm(editor, Event, preview(editor, Event, upload))

    page = body(editor.get(response["Location"]))
    assert "Your change to 1 published record is kept for review" in page
    assert "Saved: 1 row of drafts." in page
    assert set(Event.objects.values_list("slug", "title", "publication_status")) == {
        ("existing-meeting", "Meeting in Baku", PublicationStatus.PUBLISHED),  # visitors keep the approved one
        ("new-meeting", "New meeting", PublicationStatus.DRAFT),
    }
    (revision,) = Revision.objects.open()
    assert revision.record.slug == "existing-meeting"
    assert [change.after["title"] for change in revision.rows()] == ["Renamed"]


def test_an_editors_import_of_new_drafts_is_done(sign_in, links):
    editor = sign_in("editor")

    confirm(editor, Event, preview(editor, Event, csv_upload([event_row(slug="forum-in-baku")])))

    assert Event.objects.get(slug="forum-in-baku").publication_status == PublicationStatus.DRAFT


def test_the_events_export_lists_each_events_participants_in_order_with_their_roles(admin_client):
    event = EventFactory(slug="opening", title="Opening ceremony")
    ParticipationFactory(event=event, person=PersonFactory(name="Salim AlMalik"), role="delegation_head", order=0)
    ParticipationFactory(event=event, person=None, name="Ambassadors", role="attendee", order=1)
    for _other in range(3):
        ParticipationFactory(event=EventFactory())

    exported = export_through_admin(admin_client, Event, "csv").decode()

    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert rows["opening"]["participants"] == "Salim AlMalik (delegation head); Ambassadors (attendee)"
    # Read back, the column is ignored: participants are kept on their own rows, with their evidence.
    upload = csv_upload([rows["opening"] | {"participants": "Someone else (host)"}], columns=list(rows["opening"]))
    assert not preview(admin_client, Event, upload).context["result"].has_validation_errors()


def test_a_partial_date_is_imported_as_written_its_precision_inferred(admin_client, links):
    upload = csv_upload(
        [
            event_row(slug="in-a-year", start_date="2025", start_date_precision=""),
            event_row(slug="in-a-month", start_date="2025-03", start_date_precision="", end_date="2025-04"),
            event_row(slug="on-a-day", start_date="2025-03-02", start_date_precision=""),
        ]
    )

    confirm(admin_client, Event, preview(admin_client, Event, upload))

    dates = {
        e.slug: (e.start_date, e.start_date_precision, e.end_date, e.end_date_precision) for e in Event.objects.all()
    }
    assert dates == {
        "in-a-year": (dt.date(2025, 1, 1), "year", None, ""),
        "in-a-month": (dt.date(2025, 3, 1), "month", dt.date(2025, 4, 30), "month"),
        "on-a-day": (dt.date(2025, 3, 2), "day", None, ""),
    }


def test_a_date_in_no_form_read_is_shown_on_its_row_with_the_forms_expected(admin_client, links):
    upload = csv_upload([event_row(), event_row(slug="later", start_date="March 2025", start_date_precision="")])

    page = preview(admin_client, Event, upload)

    assert row_messages(page.context["result"]) == [
        (2, "“March 2025” is not a date: write a year (2027), a month (2027-06) or a day (2027-06-14).")
    ]
    assert not Event.objects.exists()
