"""The timeline: the cooperation from 1991 drawn as an SVG, one mark per event, empty years folded."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from cooperation.core.records import PublicationStatus
from events.timeline import GAP_WIDTH, MARK_SPACING, MARKS_PER_COLUMN, MONTH_WIDTH, YEAR_WIDTH, timeline
from tests.factories import EventFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def svg(response):
    body = response.content.decode()
    return ET.fromstring(re.search(r"<svg\b.*?</svg>", body, re.S).group(0))  # noqa: S314 (the site's own page)


def marks(response):
    return [
        {
            "href": a.get("href"),
            "classes": a.get("class").split(),
            "title": a.findtext("title"),
            "x": int(a.find("circle").get("cx")),
            "y": int(a.find("circle").get("cy")),
        }
        for a in svg(response).iter("a")
        if "timeline-mark" in a.get("class").split()
    ]


def columns(response):
    return [
        (g.findtext("text"), "timeline-gap" in g.get("class").split(), int(g.find("rect").get("width")))
        for g in svg(response).iter("g")
    ]


def year_by_year(response):
    """The "Year by year" section as (year, [titles]), in page order."""
    section = response.content.decode().split('<h2 id="by-year-heading">', 1)[1]
    return [
        (int(year), re.findall(r'<a href="/events/[^"]+/">([^<]+)</a>', events))
        for year, events in re.findall(r'<h3 id="year-\d+">(\d+)</h3>(.*?)</ul>', section, re.S)
    ]


@pytest.fixture
def cooperation():
    accession = EventFactory(
        title="Azerbaijan joins ICESCO", slug="accession", start_date=dt.date(1992, 1, 1), start_date_precision="year"
    )
    visit = EventFactory(title="Official visit", slug="visit", start_date=dt.date(2021, 1, 14), place=PlaceFactory())
    EventFactory(title="Press conference", slug="press", start_date=dt.date(2021, 1, 14), parent=visit)
    EventFactory(title="Meeting in Baku", slug="meeting", start_date=dt.date(2021, 9, 1), start_date_precision="month")
    forum = EventFactory(title="Heritage forum", slug="forum", status="planned", start_date=dt.date(2025, 7, 28))
    EventFactory(
        title="Unreviewed meeting",
        slug="draft",
        start_date=dt.date(2023, 5, 5),
        publication_status=PublicationStatus.DRAFT,
    )
    EventFactory(title="A meeting of unknown date", slug="undated", start_date=None, start_date_precision="")
    return accession, visit, forum


def test_each_published_top_level_dated_event_is_one_mark_linking_to_its_page(client, cooperation):
    response = client.get("/timeline/")

    assert response.status_code == 200
    assert [(mark["href"], mark["title"]) for mark in marks(response)] == [
        ("/events/accession/", "1992 — Azerbaijan joins ICESCO (held)"),
        ("/events/visit/", "14 January 2021 — Official visit (held)"),
        ("/events/meeting/", "September 2021 — Meeting in Baku (held)"),
        ("/events/forum/", "28 July 2025 — Heritage forum (planned)"),
    ]
    body = response.content.decode()
    for absent in ("Press conference", "Unreviewed meeting", "A meeting of unknown date"):
        assert absent not in body
    assert "4 events on the timeline." in body


def test_marks_follow_the_dates_from_left_to_right(client, cooperation):
    xs = [mark["x"] for mark in marks(client.get("/timeline/"))]

    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)


def test_the_timeline_starts_in_1991_and_folds_runs_of_empty_years_into_one_narrow_column(client, cooperation):
    response = client.get("/timeline/")

    assert columns(response) == [
        ("1991", False, YEAR_WIDTH),
        ("1992", False, YEAR_WIDTH),
        ("1993–2020", True, GAP_WIDTH),
        ("2021", False, YEAR_WIDTH),
        ("2022–2024", True, GAP_WIDTH),
        ("2025", False, YEAR_WIDTH),
    ]
    body = response.content.decode()
    assert "From Azerbaijan joining ICESCO in 1991 to the newest recorded event, in 2025." in body
    assert int(svg(response).get("width")) == 4 * YEAR_WIDTH + 2 * GAP_WIDTH + 20


def test_one_empty_year_is_a_gap_labelled_with_that_year(client):
    EventFactory(start_date=dt.date(1993, 6, 1))

    assert columns(client.get("/timeline/")) == [
        ("1991", False, YEAR_WIDTH),
        ("1992", True, GAP_WIDTH),
        ("1993", False, YEAR_WIDTH),
    ]


def test_the_timeline_with_no_events_is_the_year_1991_alone(client):
    response = client.get("/timeline/")

    assert response.status_code == 200
    assert columns(response) == [("1991", False, YEAR_WIDTH)]
    assert marks(response) == []
    assert "0 events on the timeline." in response.content.decode()


@pytest.mark.parametrize(
    ("status", "hollow"), [("held", False), ("planned", True), ("postponed", True), ("cancelled", True)]
)
def test_events_not_held_are_drawn_as_hollow_marks(client, status, hollow):
    EventFactory(status=status, start_date=dt.date(2025, 7, 28))

    (mark,) = marks(client.get("/timeline/"))

    assert mark["classes"] == (["timeline-mark", f"timeline-mark-{status}"] if hollow else ["timeline-mark"])


def test_year_by_year_lists_the_same_events_newest_year_first(client, cooperation):
    response = client.get("/timeline/")

    assert year_by_year(response) == [
        (2025, ["Heritage forum"]),
        (2021, ["Official visit", "Meeting in Baku"]),
        (1992, ["Azerbaijan joins ICESCO"]),
    ]
    listed = {title for _year, titles in year_by_year(response) for title in titles}
    assert listed == {mark["title"].split(" — ")[1].rsplit(" (", 1)[0] for mark in marks(response)}


def test_the_timeline_page_is_translated_but_keeps_the_event_titles(client, cooperation):
    response = client.get("/ru/timeline/")

    assert marks(response)[1]["href"] == "/ru/events/visit/"
    assert marks(response)[1]["title"].startswith("14 января 2021 — Official visit (")
    assert '<h2 id="by-year-heading">По годам</h2>' in response.content.decode()


def _events(count):
    for n in range(count):
        EventFactory(start_date=dt.date(2000 + n % 26, 1 + n % 12, 1 + n % 28), place=PlaceFactory())


@pytest.mark.parametrize("count", [3, 30])
def test_the_timeline_page_runs_two_queries_whatever_the_number_of_events(client, django_assert_num_queries, count):
    """The counts per year, and the events of the years that show them."""
    _events(count)

    with django_assert_num_queries(2):
        response = client.get("/timeline/")

    assert len(marks(response)) == count


# --- The layout, from the selector -------------------------------------------------------------


def layout():
    return timeline(first_year=1991)


def column_x(result, year):
    (column,) = [column for column in result.columns if column.label == str(year)]
    return column.x


def test_x_grows_with_the_date_across_years_and_within_a_year(db):
    for day in [dt.date(2025, 12, 31), dt.date(1991, 1, 1), dt.date(2021, 1, 14), dt.date(2021, 6, 30)]:
        EventFactory(start_date=day)

    result = layout()

    dates = [mark["event"].start_date for mark in result.marks]
    assert dates == sorted(dates)
    xs = [mark["x"] for mark in result.marks]
    assert xs == sorted(xs)
    assert len(set(xs)) == 4
    assert result.marks[0]["x"] == column_x(result, 1991)
    assert result.marks[2]["x"] == column_x(result, 2021) + round(180 / 365 * YEAR_WIDTH)


def test_marks_closer_than_the_mark_spacing_go_to_different_lanes(db):
    EventFactory(title="First", start_date=dt.date(2021, 1, 14))
    EventFactory(title="Two days later", start_date=dt.date(2021, 1, 16))
    EventFactory(title="Same day", start_date=dt.date(2021, 1, 16))
    EventFactory(title="Months later", start_date=dt.date(2021, 9, 1))

    result = layout()

    lanes = {mark["event"].title: mark["lane"] for mark in result.marks}
    assert lanes == {"First": 0, "Two days later": 1, "Same day": 2, "Months later": 0}
    ys = {mark["event"].title: mark["y"] for mark in result.marks}
    assert ys["First"] < ys["Two days later"] < ys["Same day"]
    assert ys["Months later"] == ys["First"]
    assert result.height > max(ys.values())


def test_marks_exactly_the_mark_spacing_apart_share_a_lane(db):
    first = dt.date(2021, 1, 1)
    # The first day whose mark is MARK_SPACING units or more to the right.
    later = next(first + dt.timedelta(days=n) for n in range(1, 60) if round(n / 365 * YEAR_WIDTH) >= MARK_SPACING)
    EventFactory(title="First", start_date=first)
    EventFactory(title="Later", start_date=later)
    EventFactory(title="Just before", start_date=later - dt.timedelta(days=1))

    result = layout()

    by_title = {mark["event"].title: mark for mark in result.marks}
    assert by_title["Later"]["x"] - by_title["First"]["x"] == MARK_SPACING
    assert by_title["Just before"]["x"] - by_title["First"]["x"] < MARK_SPACING
    assert (by_title["First"]["lane"], by_title["Just before"]["lane"], by_title["Later"]["lane"]) == (0, 1, 0)


def test_an_event_known_to_the_year_sits_mid_column_and_one_known_to_the_month_mid_month(db):
    EventFactory(title="Year", start_date=dt.date(1991, 1, 1), start_date_precision="year")
    EventFactory(title="March", start_date=dt.date(2021, 3, 1), start_date_precision="month")

    result = layout()

    x = {mark["event"].title: mark["x"] for mark in result.marks}
    assert x["Year"] == column_x(result, 1991) + YEAR_WIDTH // 2
    assert x["March"] == column_x(result, 2021) + round(2.5 / 12 * YEAR_WIDTH)


def test_the_selector_groups_the_events_by_year_newest_first(db):
    for day in [dt.date(2021, 9, 1), dt.date(1991, 1, 1), dt.date(2021, 1, 14)]:
        EventFactory(start_date=day)

    result = layout()

    assert [(y["year"], [e.start_date for e in y["events"]]) for y in result.years] == [
        (2021, [dt.date(2021, 1, 14), dt.date(2021, 9, 1)]),
        (1991, [dt.date(1991, 1, 1)]),
    ]
    assert (result.first_year, result.last_year) == (1991, 2021)


def test_an_event_before_1991_does_not_break_the_timeline(client):
    EventFactory(title="ICESCO founded", start_date=dt.date(1982, 5, 3))
    EventFactory(title="Opening ceremony", start_date=dt.date(2025, 4, 29))

    response = client.get("/timeline/")

    assert response.status_code == 200
    assert "Opening ceremony" in response.content.decode()


# --- Bounded: a busy year shows its count, and its own timeline shows it month by month ---------


def _busy_year(count, year=2025):
    for number in range(count):
        EventFactory(title=f"Session {number}", start_date=dt.date(year, 1 + number % 12, 1 + number % 28))


def test_a_year_with_more_events_than_a_column_holds_shows_their_number_linking_to_the_year(client):
    _busy_year(MARKS_PER_COLUMN + 1)
    EventFactory(title="Official visit", start_date=dt.date(2021, 1, 14))

    response = client.get("/timeline/")
    body = response.content.decode()

    assert [mark["title"].split(" — ")[1] for mark in marks(response)] == ["Official visit (held)"]
    (count,) = [a for a in svg(response).iter("a") if a.get("class") == "timeline-count"]
    assert count.get("href") == "?year=2025"
    assert count.findtext("text") == str(MARKS_PER_COLUMN + 1)
    assert f'<a href="?year=2025">{MARKS_PER_COLUMN + 1} events</a>' in body
    assert "Session 0" not in body
    assert f"A column with more than {MARKS_PER_COLUMN} events shows their number" in body


@pytest.mark.parametrize("count", [MARKS_PER_COLUMN + 1, 5 * MARKS_PER_COLUMN])
def test_the_overview_draws_at_most_a_column_of_marks_a_year_whatever_the_number_of_events(
    client, django_assert_num_queries, count
):
    _busy_year(count)

    with django_assert_num_queries(1):  # the counts alone: no year shows its events
        response = client.get("/timeline/")

    assert marks(response) == []


def test_a_years_timeline_shows_it_month_by_month(client):
    EventFactory(title="Accession anniversary", start_date=dt.date(2025, 1, 1), start_date_precision="year")
    EventFactory(title="Opening ceremony", start_date=dt.date(2025, 4, 29))
    EventFactory(title="Heritage forum", start_date=dt.date(2025, 7, 1), start_date_precision="month")
    EventFactory(title="Official visit", start_date=dt.date(2021, 1, 14))

    response = client.get("/timeline/?year=2025")
    body = response.content.decode()

    assert response.status_code == 200
    assert "<h1>The cooperation in 2025</h1>" in body
    assert [label for label, _gap, _width in columns(response)] == [
        "2025",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    x = {mark["title"].split(" — ")[1].split(" (")[0]: mark["x"] for mark in marks(response)}
    assert set(x) == {"Accession anniversary", "Opening ceremony", "Heritage forum"}
    assert x["Accession anniversary"] == MONTH_WIDTH // 2  # known to the year: its own column
    assert x["Opening ceremony"] == 4 * MONTH_WIDTH + round(28.5 / 30 * MONTH_WIDTH)
    assert x["Heritage forum"] == 7 * MONTH_WIDTH + MONTH_WIDTH // 2
    assert "Official visit" not in body
    assert '<a href="/events/?year=2025">These events as a list</a>' in body


def test_a_busy_month_shows_its_number_linking_to_the_events_list(client):
    for number in range(MARKS_PER_COLUMN + 1):
        EventFactory(title=f"Session {number}", start_date=dt.date(2025, 4, 1 + number % 28))

    response = client.get("/timeline/?year=2025")

    (count,) = [a for a in svg(response).iter("a") if a.get("class") == "timeline-count"]
    assert count.get("href") == "/events/?date_from=2025-04&date_to=2025-04"
    assert marks(response) == []


@pytest.mark.parametrize("year", ["abc", "20251", "0", "-1", "２０２５"])
def test_a_year_that_is_not_a_year_is_a_400_saying_so(client, year):
    response = client.get("/timeline/", {"year": year})

    assert response.status_code == 400
    assert "Give the year as a number of up to four digits, such as 2025." in response.content.decode()


def test_a_years_timeline_links_to_the_events_list_in_the_pages_language(client):
    for number in range(MARKS_PER_COLUMN + 1):
        EventFactory(title=f"Session {number}", start_date=dt.date(2025, 4, 1 + number % 28))

    response = client.get("/ar/timeline/?year=2025")

    (count,) = [a for a in svg(response).iter("a") if a.get("class") == "timeline-count"]
    assert count.get("href") == "/ar/events/?date_from=2025-04&date_to=2025-04"
    assert 'href="/ar/events/?year=2025"' in response.content.decode()
