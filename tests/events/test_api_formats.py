"""The API's other formats: CSV for every list, iCalendar for events."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from icalendar import Calendar
from rest_framework.test import APIClient

from cooperation.core.dates import DatePrecision
from cooperation.models import OrganisationKind, PartyRole, PlaceKind, SourceKind
from events.models import Event, EventKind, ParticipationRole
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
CALENDAR_NAME = "ICESCO–Azerbaijan cooperation: events"
UID_DOMAIN = "icesco-azerbaijan-records"


@pytest.fixture
def api():
    return APIClient()


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def csv_header(response):
    return next(csv.reader(io.StringIO(response.content.decode("utf-8"))), [])


def calendar(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def entries(response):
    return {str(entry["SUMMARY"]): entry for entry in calendar(response).walk("VEVENT")}


# --- CSV ------------------------------------------------------------------------------------------


@pytest.fixture
def visit_and_meeting():
    baku = PlaceFactory(name="Baku", parent=PlaceFactory(name="Azerbaijan", kind=PlaceKind.COUNTRY))
    tour = EventFactory(title="Tour of member states", slug="tour", kind=EventKind.TOUR, start_date=dt.date(2025, 4, 1))
    visit = EventFactory(
        title="Official visit to Bakı",
        slug="visit",
        kind=EventKind.VISIT,
        start_date=dt.date(2025, 4, 29),
        end_date=dt.date(2025, 4, 30),
        end_date_precision=DAY,
        place=baku,
        parent=tour,
    )
    visit.initiatives.add(InitiativeFactory(title="ICESCO Chair"), InitiativeFactory(title="Heritage school"))
    ParticipationFactory(event=visit, person=PersonFactory(name="Salim AlMalik"), order=1)
    ParticipationFactory(event=visit, person=PersonFactory(name="Maryam Qafar-zadə"), order=2)
    ParticipationFactory(
        event=visit, person=None, organisation=OrganisationFactory(name="Ministry of Culture"), order=3
    )
    EventFactory(
        title="Working meeting",
        slug="meeting",
        start_date=dt.date(2025, 3, 1),
        start_date_precision=MONTH,
        place=PlaceFactory(name="Rabat", slug="rabat"),
        parent=tour,
    )
    return visit


def test_events_csv_has_one_row_per_event_with_dates_places_and_participants_joined(api, visit_and_meeting):
    response = api.get("/api/v1/events/", {"format": "csv", "kind": "visit,meeting"})

    rows = csv_rows(response)
    assert csv_header(response) == [
        "id",
        "slug",
        "url",
        "html_url",
        "updated_at",
        "title",
        "kind",
        "status",
        "start_date",
        "start_date_precision",
        "end_date",
        "end_date_precision",
        "place.id",
        "place.name",
        "place.url",
        "location_text",
        "parent.id",
        "parent.name",
        "parent.url",
        "initiatives",
        "participants",
    ]
    assert [
        (row["title"], row["start_date"], row["start_date_precision"], row["end_date"], row["place.name"])
        for row in rows
    ] == [
        ("Official visit to Bakı", "2025-04-29", "day", "2025-04-30", "Baku"),
        ("Working meeting", "2025-03", "month", "", "Rabat"),
    ]
    visit = rows[0]
    assert visit["id"] == str(visit_and_meeting.uuid)
    assert visit["url"] == f"http://testserver/api/v1/events/{visit_and_meeting.uuid}/"
    assert visit["parent.name"] == "Tour of member states"
    assert (
        visit["participants"]
        == "Salim AlMalik (attendee); Maryam Qafar-zadə (attendee); Ministry of Culture (attendee)"
    )
    assert visit["initiatives"] == "Heritage school; ICESCO Chair"
    assert rows[1]["participants"] == ""


def test_events_csv_is_also_given_for_the_accept_header(api, visit_and_meeting):
    by_header = api.get("/api/v1/events/", {"kind": "visit"}, HTTP_ACCEPT="text/csv")
    by_parameter = api.get("/api/v1/events/", {"kind": "visit", "format": "csv"})

    assert [row["title"] for row in csv_rows(by_header)] == ["Official visit to Bakı"]
    assert by_header.content == by_parameter.content


def test_a_filtered_csv_holds_only_the_matching_events(api, visit_and_meeting):
    in_rabat = csv_rows(api.get("/api/v1/events/", {"format": "csv", "year": "2025", "place": "rabat"}))
    awards = csv_rows(api.get("/api/v1/events/", {"format": "csv", "kind": "award"}))

    assert [(row["slug"], row["place.name"]) for row in in_rabat] == [("meeting", "Rabat")]
    assert awards == []


def test_people_csv_has_one_row_per_person(api):
    salim = PersonFactory(name="Salim AlMalik", slug="salim", honorific="Dr.", family_name="AlMalik")
    PositionFactory(person=salim, post=PostFactory(title="Director-General"))
    salim.possibly_same_as.add(PersonFactory(name="S. AlMalik", slug="s-almalik"))
    PersonFactory(name="Maryam Qafar-zadə", slug="maryam")

    rows = csv_rows(api.get("/api/v1/people/", {"format": "csv"}))

    assert [(row["slug"], row["name"], row["honorific"], row["possibly_same_as"]) for row in rows] == [
        ("maryam", "Maryam Qafar-zadə", "", ""),
        ("s-almalik", "S. AlMalik", "", "Salim AlMalik"),
        ("salim", "Salim AlMalik", "Dr.", "S. AlMalik"),
    ]
    assert rows[2]["url"] == f"http://testserver/api/v1/people/{salim.uuid}/"


def test_organisations_csv_has_one_row_per_organisation(api):
    azerbaijan = PlaceFactory(name="Azerbaijan", kind=PlaceKind.COUNTRY)
    ministry = OrganisationFactory(name="Ministry of Culture", kind=OrganisationKind.MINISTRY, country=azerbaijan)
    OrganisationFactory(name="Heritage department", kind=OrganisationKind.DEPARTMENT, parent=ministry)
    OrganisationFactory(name="ICESCO", acronym="ICESCO", founded_date=dt.date(1979, 1, 1), founded_date_precision=YEAR)

    rows = csv_rows(api.get("/api/v1/organisations/", {"format": "csv"}))

    assert [
        (row["name"], row["acronym"], row["kind"], row["parent.name"], row["children"], row["country.name"])
        for row in rows
    ] == [
        ("Heritage department", "", "department", "Ministry of Culture", "", ""),
        ("ICESCO", "ICESCO", "intergovernmental", "", "", ""),
        ("Ministry of Culture", "", "ministry", "", "Heritage department", "Azerbaijan"),
    ]
    assert [(row["founded_date"], row["founded_date_precision"]) for row in rows][1] == ("1979", "year")


def test_initiatives_csv_has_one_row_per_initiative(api):
    chair = InitiativeFactory(
        title="ICESCO Chair",
        start_date=dt.date(2023, 1, 1),
        start_date_precision=YEAR,
        lead_organisation=OrganisationFactory(name="ICESCO"),
    )
    chair.places.add(PlaceFactory(name="Baku"), PlaceFactory(name="Ganja"))
    InitiativeFactory(title="Summer school", parent=chair, start_date=dt.date(2025, 6, 1), start_date_precision=MONTH)

    rows = csv_rows(api.get("/api/v1/initiatives/", {"format": "csv"}))

    assert [
        (row["title"], row["start_date"], row["lead_organisation.name"], row["parent.name"], row["places"])
        for row in rows
    ] == [
        ("Summer school", "2025-06", "", "ICESCO Chair", ""),
        ("ICESCO Chair", "2023", "ICESCO", "", "Baku; Ganja"),
    ]


def test_sources_csv_has_one_row_per_source_without_the_full_text(api):
    SourceFactory(
        title="Director-General in Baku",
        kind=SourceKind.PRESS_RELEASE,
        publisher=OrganisationFactory(name="ICESCO"),
        published_date=dt.date(2025, 4, 29),
        reference="press-2025-04-29.txt",
    )
    SourceFactory(title="About the commission", published_date=dt.date(2019, 1, 1), published_date_precision=YEAR)

    response = api.get("/api/v1/sources/", {"format": "csv"})
    rows = csv_rows(response)

    assert [
        (row["title"], row["kind"], row["publisher.name"], row["published_date"], row["published_date_precision"])
        for row in rows
    ] == [
        ("Director-General in Baku", "press_release", "ICESCO", "2025-04-29", "day"),
        ("About the commission", "news_article", "", "2019", "year"),
    ]
    assert rows[0]["reference"] == "press-2025-04-29.txt"
    assert "text" not in csv_header(response)
    assert "Baku hosted meeting" not in response.content.decode()


def test_places_csv_has_one_row_per_place(api):
    azerbaijan = PlaceFactory(name="Azerbaijan", kind=PlaceKind.COUNTRY, country_code="AZ")
    PlaceFactory(name="Baku", parent=azerbaijan, latitude=Decimal("40.409264"), longitude=Decimal("49.867092"))

    rows = csv_rows(api.get("/api/v1/places/", {"format": "csv"}))

    assert [
        (row["name"], row["kind"], row["country_code"], row["parent.name"], row["latitude"], row["longitude"])
        for row in rows
    ] == [
        ("Azerbaijan", "country", "AZ", "", "", ""),
        ("Baku", "city", "", "Azerbaijan", "40.409264", "49.867092"),
    ]


def test_the_events_csv_has_the_same_columns_whatever_the_events(api):
    EventFactory(kind=EventKind.VISIT, place=PlaceFactory(name="Baku"), parent=EventFactory(kind=EventKind.TOUR))
    EventFactory(kind=EventKind.AWARD)

    with_place = csv_header(api.get("/api/v1/events/", {"format": "csv", "kind": "visit"}))
    without_place = csv_header(api.get("/api/v1/events/", {"format": "csv", "kind": "award"}))

    assert without_place == with_place


def test_an_empty_csv_list_still_has_its_header(api):
    response = api.get("/api/v1/events/", {"format": "csv", "kind": "award"})

    assert csv_header(response)[:3] == ["id", "slug", "url"]


@pytest.mark.parametrize(
    ("collection", "column", "make", "expected"),
    [
        (
            "people",
            "positions",
            lambda: PositionFactory(post=PostFactory(title="Director-General", organisation__name="ICESCO")),
            ["Director-General", "ICESCO"],
        ),
        (
            "initiatives",
            "parties",
            lambda: InitiativePartyFactory(organisation__name="ICESCO", role=PartyRole.LEAD),
            ["ICESCO"],
        ),
        (
            "organisations",
            "relations",
            lambda: OrganisationRelationFactory(subject__name="Azerbaijan", object__name="ICESCO"),
            ["ICESCO"],
        ),
    ],
    ids=["positions", "parties", "relations"],
)
def test_a_csv_column_of_nested_objects_names_them(api, collection, column, make, expected):
    make()

    rows = csv_rows(api.get(f"/api/v1/{collection}/", {"format": "csv"}))

    values = [row[column] for row in rows if row[column].strip("; ")]
    assert values
    assert all(name in values[0] for name in expected)


# --- iCalendar ------------------------------------------------------------------------------------


@pytest.fixture
def season():
    """Two events dated to the day (one over two days in Baku, one in Rabat as written) and two known only
    to the month or the year."""
    salim = PersonFactory(name="Salim AlMalik", slug="salim")
    visit = EventFactory(
        title="Official visit to Baku",
        slug="visit",
        kind=EventKind.VISIT,
        start_date=dt.date(2025, 4, 29),
        end_date=dt.date(2025, 4, 30),
        end_date_precision=DAY,
        place=PlaceFactory(name="Baku"),
    )
    ParticipationFactory(event=visit, person=salim, role=ParticipationRole.DELEGATION_HEAD)
    meeting = EventFactory(
        title="Working meeting", slug="meeting", start_date=dt.date(2025, 3, 12), location_text="Rabat"
    )
    ParticipationFactory(event=meeting, person=PersonFactory(name="Maryam Qafar-zadə", slug="maryam"))
    EventFactory(title="Forum in May", slug="forum", start_date=dt.date(2025, 5, 1), start_date_precision=MONTH)
    EventFactory(title="Accession", slug="accession", start_date=dt.date(1991, 1, 1), start_date_precision=YEAR)
    return {"visit": visit, "meeting": meeting}


FORUM = "Forum in May (May 2025; the sources do not give the day)"
ACCESSION = "Accession (1991; the sources give only the year)"


def test_the_events_calendar_has_one_all_day_entry_per_event_dated_to_the_day(api, season):
    response = api.get("/api/v1/events/", {"format": "ics"})

    assert str(calendar(response)["X-WR-CALNAME"]) == CALENDAR_NAME
    found = entries(response)
    assert sorted(found) == [ACCESSION, FORUM, "Official visit to Baku", "Working meeting"]
    visit, meeting = found["Official visit to Baku"], found["Working meeting"]
    assert str(visit["UID"]) == f"{season['visit'].uuid}@{UID_DOMAIN}"
    assert str(meeting["UID"]) == f"{season['meeting'].uuid}@{UID_DOMAIN}"
    assert visit.decoded("DTSTART") == dt.date(2025, 4, 29)
    assert not isinstance(visit.decoded("DTSTART"), dt.datetime)
    assert visit.decoded("DTEND") == dt.date(2025, 5, 1)
    assert meeting.decoded("DTSTART") == dt.date(2025, 3, 12)
    assert meeting.decoded("DTEND") == dt.date(2025, 3, 13)
    assert not isinstance(meeting.decoded("DTEND"), dt.datetime)
    assert str(visit["LOCATION"]) == "Baku"
    assert str(meeting["LOCATION"]) == "Rabat"
    assert "Salim AlMalik" in str(visit["DESCRIPTION"])
    assert visit["CATEGORIES"].to_ical() == b"visit"  # the kind's label, as the pages show it


def test_an_event_known_only_to_the_month_or_year_spans_that_period_and_says_so(api, season):
    found = entries(api.get("/api/v1/events/", {"format": "ics"}))

    forum, accession = found[FORUM], found[ACCESSION]
    assert (forum.decoded("DTSTART"), forum.decoded("DTEND")) == (dt.date(2025, 5, 1), dt.date(2025, 6, 1))
    assert (accession.decoded("DTSTART"), accession.decoded("DTEND")) == (dt.date(1991, 1, 1), dt.date(1992, 1, 1))
    assert not isinstance(forum.decoded("DTSTART"), dt.datetime)


def test_a_span_known_to_the_month_ends_with_its_last_month(api):
    EventFactory(
        title="Season of culture",
        start_date=dt.date(2025, 3, 1),
        start_date_precision=MONTH,
        end_date=dt.date(2025, 5, 31),
        end_date_precision=MONTH,
    )

    (season,) = entries(api.get("/api/v1/events/", {"format": "ics"})).values()

    assert (season.decoded("DTSTART"), season.decoded("DTEND")) == (dt.date(2025, 3, 1), dt.date(2025, 6, 1))
    assert str(season["SUMMARY"]) == "Season of culture (March 2025; the sources do not give the day)"


def test_the_precision_and_the_kind_are_said_in_the_calendars_language(api, season):
    found = entries(api.get("/api/v1/events/", {"format": "ics", "lang": "ru"}))

    assert found["Official visit to Baku"]["CATEGORIES"].to_ical().decode() == "визит"

    forum = next(entry for summary, entry in found.items() if summary.startswith("Forum in May"))
    assert str(forum["SUMMARY"]) == "Forum in May (Май 2025; источники не называют день)"


def test_calendar_uids_are_the_event_ids_and_stay_the_same_across_requests_and_edits(api, season):
    def uids():
        return sorted(
            str(entry["UID"]) for entry in calendar(api.get("/api/v1/events/", {"format": "ics"})).walk("VEVENT")
        )

    first = uids()
    visit = season["visit"]
    visit.title = "Official visit to Baku (updated)"
    visit.save()
    second = uids()
    ids = {event["slug"]: event["id"] for event in api.get("/api/v1/events/").json()["results"]}

    assert first == second == sorted(f"{ids[slug]}@{UID_DOMAIN}" for slug in ("visit", "meeting", "forum", "accession"))


def test_one_events_calendar_holds_that_event_and_is_named_after_it(api, season):
    visit = season["visit"]

    response = api.get(f"/api/v1/events/{visit.uuid}/", {"format": "ics"})

    parsed = calendar(response)
    assert str(parsed["X-WR-CALNAME"]).startswith("ICESCO–Azerbaijan cooperation")
    assert "Official visit to Baku" in str(parsed["X-WR-CALNAME"])
    assert [str(entry["UID"]) for entry in parsed.walk("VEVENT")] == [f"{visit.uuid}@{UID_DOMAIN}"]
    assert [str(entry["SUMMARY"]) for entry in parsed.walk("VEVENT")] == ["Official visit to Baku"]


def test_the_calendar_of_an_event_known_only_to_the_month_has_its_entry(api, season):
    response = api.get("/api/v1/events/forum/", {"format": "ics"})

    parsed = calendar(response)
    assert "Forum in May" in str(parsed["X-WR-CALNAME"])
    assert [str(entry["SUMMARY"]) for entry in parsed.walk("VEVENT")] == [FORUM]


def test_a_filtered_calendar_holds_only_that_persons_events(api, season):
    salim = entries(api.get("/api/v1/events/", {"format": "ics", "person": "salim"}))
    maryam = entries(api.get("/api/v1/events/", {"format": "ics", "person": "maryam"}))

    assert sorted(salim) == ["Official visit to Baku"]
    assert sorted(maryam) == ["Working meeting"]


def test_the_calendar_is_also_given_for_the_accept_header(api, season):
    response = api.get("/api/v1/events/", HTTP_ACCEPT="text/calendar")

    assert sorted(entries(response)) == [ACCESSION, FORUM, "Official visit to Baku", "Working meeting"]


def test_a_draft_event_is_absent_from_the_calendar(api, season):
    Event.objects.filter(slug="meeting").update(publication_status="draft")

    assert sorted(entries(api.get("/api/v1/events/", {"format": "ics"}))) == [
        ACCESSION,
        FORUM,
        "Official visit to Baku",
    ]
    assert api.get("/api/v1/events/meeting/", {"format": "ics"}).status_code == 404


def test_a_calendar_of_a_list_holds_every_matching_event_not_only_the_first_page(api):
    EventFactory.create_batch(60)

    response = api.get("/api/v1/events/", {"format": "ics"})

    assert len(calendar(response).walk("VEVENT")) == 60
