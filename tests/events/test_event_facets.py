"""The events list's country, organisation, person and initiative selects: each value with how many of
the listed events it has, counted once per event; choosing one filters the list by its slug."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.db import connection

from cooperation.core.records import PublicationStatus
from cooperation.models import Place
from events.models import Event
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
FACETS = ["country", "organisation", "person", "initiative"]


class _Selects(HTMLParser):
    """Each <select name=...> of the page: its options as (value, text, selected)."""

    def __init__(self):
        super().__init__()
        self.selects, self.current, self.option = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.current = self.selects.setdefault(attrs["name"], [])
        elif tag == "option" and self.current is not None:
            self.option = [attrs["value"], "", "selected" in attrs]
            self.current.append(self.option)

    def handle_endtag(self, tag):
        if tag == "select":
            self.current = None
        if tag in ("option", "select"):
            self.option = None

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data


def selects(response):
    parser = _Selects()
    parser.feed(response.content.decode())
    return {name: [tuple(option) for option in options] for name, options in parser.selects.items()}


def options(response, name):
    """The values a select offers (its "any" option left out), as {slug: "Label (count)"}."""
    return {value: text for value, text, _selected in selects(response)[name] if value}


def titles(response):
    return re.findall(r'<a href="/events/[^"]+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def season():
    """Events in Azerbaijan (at a venue in Baku, in Baku itself), in Morocco, and nowhere recorded."""
    azerbaijan = PlaceFactory(name="Azerbaijan", kind="country", slug="azerbaijan")
    baku = PlaceFactory(name="Baku", kind="city", parent=azerbaijan, slug="baku")
    venue = PlaceFactory(name="Icharishaher", kind="venue", parent=baku, slug="icharishaher")
    morocco = PlaceFactory(name="Morocco", kind="country", slug="morocco")
    rabat = PlaceFactory(name="Rabat", kind="city", parent=morocco, slug="rabat")

    ministry = OrganisationFactory(name="Ministry of Culture", slug="ministry")
    icesco = OrganisationFactory(name="ICESCO", slug="icesco")
    minister = PersonFactory(name="Adil Karimli", slug="adil-karimli")
    position = PositionFactory(person=minister, post=PostFactory(organisation=ministry, title="Minister of Culture"))
    almalik = PersonFactory(name="Salim AlMalik", slug="almalik")
    office = InitiativeFactory(title="Regional office in Baku", slug="regional-office")
    cluster = InitiativeFactory(title="Regional cluster", slug="cluster")

    opening = EventFactory(title="Opening ceremony", slug="opening", start_date=dt.date(2025, 4, 29), place=venue)
    # The ministry three ways at one event: as participant, as the one represented, and through the minister's post.
    ParticipationFactory(event=opening, person=None, organisation=ministry, role="host")
    ParticipationFactory(event=opening, person=minister, position=position, on_behalf_of=ministry, role="speaker")
    # The minister in a second role at the same event.
    ParticipationFactory(event=opening, person=minister, position=position, role="attendee")
    ParticipationFactory(event=opening, person=almalik, on_behalf_of=icesco, role="guest_of_honour")
    opening.initiatives.add(office, cluster)

    meeting = EventFactory(title="Meeting in Baku", slug="meeting", start_date=dt.date(2021, 1, 14), place=baku)
    ParticipationFactory(event=meeting, person=minister, position=position)
    meeting.initiatives.add(office)

    forum = EventFactory(title="Forum in Rabat", slug="forum", start_date=dt.date(2025, 7, 28), place=rabat)
    ParticipationFactory(event=forum, person=almalik, on_behalf_of=icesco)
    ParticipationFactory(event=forum, person=None, organisation=icesco, role="organiser")

    EventFactory(title="Announcement", slug="announcement", start_date=dt.date(2025, 1, 10))

    # A draft event in Baku with the ministry, the minister and the office: it counts nowhere.
    draft = EventFactory(title="Unreviewed meeting", slug="draft", place=baku, publication_status=DRAFT)
    ParticipationFactory(event=draft, person=minister, on_behalf_of=ministry)
    draft.initiatives.add(office)


def test_the_form_offers_country_organisation_person_and_initiative_with_counts_per_value(client, season):
    response = client.get("/events/")

    assert response.status_code == 200
    assert options(response, "country") == {"azerbaijan": "Azerbaijan (2)", "morocco": "Morocco (1)"}
    assert options(response, "organisation") == {"icesco": "ICESCO (2)", "ministry": "Ministry of Culture (2)"}
    assert options(response, "person") == {"adil-karimli": "Adil Karimli (2)", "almalik": "Salim AlMalik (2)"}
    assert options(response, "initiative") == {
        "regional-office": "Regional office in Baku (2)",
        "cluster": "Regional cluster (1)",
    }
    body = response.content.decode()
    assert '<option value="azerbaijan">Azerbaijan (2)</option>' in body
    assert '<label for="filter-organisation">Organisation</label>' in body


def test_each_select_starts_with_an_any_option_and_lists_the_most_frequent_values_first(client, season):
    form = selects(client.get("/events/"))

    assert form["country"][0] == ("", "Any country", False)
    assert form["organisation"][0] == ("", "Any organisation", False)
    assert form["person"][0] == ("", "Anyone", False)
    assert form["initiative"][0] == ("", "Any initiative", False)
    assert [value for value, _text, _selected in form["country"][1:]] == ["azerbaijan", "morocco"]
    assert [value for value, _text, _selected in form["initiative"][1:]] == ["regional-office", "cluster"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "year=2025",
            {
                "country": {"azerbaijan": "Azerbaijan (1)", "morocco": "Morocco (1)"},
                "organisation": {"icesco": "ICESCO (2)", "ministry": "Ministry of Culture (1)"},
                "person": {"adil-karimli": "Adil Karimli (1)", "almalik": "Salim AlMalik (2)"},
                "initiative": {"regional-office": "Regional office in Baku (1)", "cluster": "Regional cluster (1)"},
            },
        ),
        (
            "person=adil-karimli",
            {
                "country": {"azerbaijan": "Azerbaijan (2)"},
                "organisation": {"icesco": "ICESCO (1)", "ministry": "Ministry of Culture (2)"},
                "person": {"adil-karimli": "Adil Karimli (2)", "almalik": "Salim AlMalik (1)"},
                "initiative": {"regional-office": "Regional office in Baku (2)", "cluster": "Regional cluster (1)"},
            },
        ),
        (
            "country=morocco",
            {
                "country": {"morocco": "Morocco (1)"},
                "organisation": {"icesco": "ICESCO (1)"},
                "person": {"almalik": "Salim AlMalik (1)"},
                "initiative": {},
            },
        ),
        ("kind=visit", {"country": {}, "organisation": {}, "person": {}, "initiative": {}}),
    ],
)
def test_the_counts_are_over_the_events_the_current_filters_select(client, season, query, expected):
    response = client.get(f"/events/?{query}")

    assert {name: options(response, name) for name in FACETS} == expected


def test_an_organisation_counts_once_per_event_whichever_ways_it_took_part(client, season):
    response = client.get("/events/?year=2025&organisation=ministry")

    assert titles(response) == ["Opening ceremony"]
    assert options(response, "organisation")["ministry"] == "Ministry of Culture (1)"


def test_a_person_in_two_roles_at_one_event_counts_once(client, season):
    response = client.get("/events/?year=2025")

    assert options(response, "person")["adil-karimli"] == "Adil Karimli (1)"


def test_countries_count_events_at_a_site_a_venue_a_city_or_the_country_itself(client, season):
    venue = Place.objects.get(slug="icharishaher")
    EventFactory(title="Tour of the mosque", place=PlaceFactory(name="Juma mosque", kind="site", parent=venue))
    EventFactory(title="Held in the country", place=Place.objects.get(slug="azerbaijan"))

    response = client.get("/events/")

    assert options(response, "country")["azerbaijan"] == "Azerbaijan (4)"
    assert titles(client.get("/events/?country=azerbaijan")) == [
        "Opening ceremony",
        "Held in the country",
        "Meeting in Baku",
        "Tour of the mosque",
    ]


def test_draft_places_organisations_people_and_initiatives_are_never_options(client, season):
    hidden_country = PlaceFactory(
        name="Hidden country", kind="country", slug="hidden-country", publication_status=DRAFT
    )
    city = PlaceFactory(name="City in a hidden country", parent=hidden_country)
    draft_city = PlaceFactory(name="Draft city", parent=Place.objects.get(slug="morocco"), publication_status=DRAFT)
    event = EventFactory(title="Gathering", start_date=dt.date(2025, 2, 2), place=city)
    EventFactory(title="Gathering in a draft city", start_date=dt.date(2025, 2, 3), place=draft_city)
    draft_ministry = OrganisationFactory(name="Draft ministry", slug="draft-ministry", publication_status=DRAFT)
    guest = PersonFactory(name="Guest", slug="guest")
    post = PostFactory(organisation=draft_ministry)
    ParticipationFactory(event=event, person=guest, position=PositionFactory(person=guest, post=post))
    draft_person = PersonFactory(name="Draft person", slug="draft-person", publication_status=DRAFT)
    ParticipationFactory(event=event, person=draft_person)
    event.initiatives.add(
        InitiativeFactory(title="Draft initiative", slug="draft-initiative", publication_status=DRAFT)
    )

    response = client.get("/events/")

    body = response.content.decode()
    for name in ("Hidden country", "Draft city", "Draft ministry", "Draft person", "Draft initiative"):
        assert name not in body
    # A draft place on the way hides the event from the country it is in, in the counts as in the filter.
    assert options(response, "country")["morocco"] == "Morocco (1)"
    assert titles(client.get("/events/?country=morocco")) == ["Forum in Rabat"]
    assert options(response, "person")["guest"] == "Guest (1)"


@pytest.mark.parametrize("name", FACETS)
def test_choosing_any_offered_value_lists_as_many_events_as_its_count_says(client, season, name):
    offered = options(client.get("/events/"), name)

    assert offered
    for value, text in offered.items():
        count = int(re.search(r"\((\d+)\)$", text).group(1))
        response = client.get("/events/", {name: value})
        assert response.status_code == 200
        assert len(titles(response)) == count, (name, value)
        assert f"{count} event" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=azerbaijan", ["Opening ceremony", "Meeting in Baku"]),
        ("country=morocco", ["Forum in Rabat"]),
        ("organisation=ministry", ["Opening ceremony", "Meeting in Baku"]),
        ("organisation=icesco", ["Forum in Rabat", "Opening ceremony"]),
        ("person=almalik", ["Forum in Rabat", "Opening ceremony"]),
        ("initiative=cluster", ["Opening ceremony"]),
        ("country=azerbaijan&organisation=icesco", ["Opening ceremony"]),
        ("country=baku", []),  # a city is not a country
    ],
)
def test_choosing_a_value_filters_the_list_by_its_slug(client, season, query, expected):
    assert titles(client.get(f"/events/?{query}")) == expected


def test_the_chosen_value_is_marked_selected_and_the_others_are_not(client, season):
    form = selects(client.get("/events/?country=azerbaijan&person=adil-karimli"))

    assert [(value, selected) for value, _text, selected in form["country"]] == [("", False), ("azerbaijan", True)]
    assert [value for value, _text, selected in form["person"] if selected] == ["adil-karimli"]
    assert [value for value, _text, selected in form["organisation"] if selected] == []
    body = client.get("/events/?country=azerbaijan").content.decode()
    assert '<option value="azerbaijan" selected>Azerbaijan (2)</option>' in body


@pytest.mark.parametrize("query", ["person=no-such", "country=atlantis", "organisation=nobody", "initiative=none"])
def test_an_unknown_slug_is_a_400_that_names_it(client, season, query):
    response = client.get(f"/events/?{query}")

    assert response.status_code == 400
    assert titles(response) == []
    body = response.content.decode()
    assert "Some of the filters could not be understood:" in body
    assert f"No published record is named “{query.split('=')[1]}”" in body


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("year=abc", "Give years as four-digit numbers, such as 2021 or 2021,2025."),
        ("kind=party", "“party” is not one of the values: accession, award, visit, meeting,"),
        ("person=" + ",".join(f"p{n}" for n in range(51)), "Give at most 50 values."),
    ],
)
def test_a_malformed_value_is_a_400_that_says_what_is_wrong(client, season, query, reason):
    response = client.get(f"/events/?{query}")

    assert response.status_code == 400
    body = response.content.decode()
    assert "Some of the filters could not be understood:" in body
    assert reason in body
    assert titles(response) == []
    assert "0 events" in body


def test_a_country_lists_as_many_events_as_its_count_says_however_deep_the_venue(client):
    azerbaijan = PlaceFactory(name="Azerbaijan", kind="country", slug="azerbaijan")
    absheron = PlaceFactory(name="Absheron", kind="region", parent=azerbaijan)
    baku = PlaceFactory(name="Baku", kind="city", parent=absheron)
    sabail = PlaceFactory(name="Sabail", kind="district", parent=baku)
    EventFactory(title="Opening ceremony", place=PlaceFactory(name="Icharishaher", kind="venue", parent=sabail))

    assert options(client.get("/events/"), "country") == {"azerbaijan": "Azerbaijan (1)"}
    assert titles(client.get("/events/?country=azerbaijan")) == ["Opening ceremony"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sample is PostgreSQL's")
def test_the_sampled_events_condition_holds_inside_a_subquery():
    """The condition on the sample's ids names the events' column through the query, so that it
    still holds when the events are a subquery of the participations' (their table renamed)."""
    from events.selectors import _among, _participations_in

    event = EventFactory()
    ParticipationFactory(event=event)
    EventFactory()

    rows = _participations_in(Event.objects.published().filter(_among([event.pk])))

    assert [row.event_id for row in rows] == [event.pk]
