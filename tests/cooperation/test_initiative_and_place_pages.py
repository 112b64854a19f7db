"""An initiative's page (what, when, who leads and takes part, where, its events and parts, the evidence)
and a place's page (where it is, on a small map when its coordinates are known, what is in it and
what happened there); and the map on event pages."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from cooperation.core.dates import PartialDate
from cooperation.core.records import PublicationStatus
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationStatus.DRAFT

LEAFLET_SCRIPT = '<script src="/static/vendor/leaflet/leaflet.js" defer></script>'
LEAFLET_CSS = '<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">'


def section(body, heading_id):
    """The HTML of the page's section headed by `heading_id` ("parties-heading"), or "" when absent."""
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', body, re.S)
    return found.group(1) if found else ""


# Initiatives -------------------------------------------------------------------------------------


@pytest.fixture
def office():
    """ICESCO's office in Baku: led by ICESCO, with partners, places, events, parts, names and a quote."""
    programme = InitiativeFactory(title="Cooperation programme", slug="programme", kind="programme")
    office = InitiativeFactory(
        title="ICESCO Regional Office in Baku",
        slug="baku-office",
        kind="office",
        status="active",
        start=PartialDate.parse("2025-04"),
        end=PartialDate.parse("2030"),
        lead_organisation=OrganisationFactory(name="ICESCO", slug="icesco"),
        parent=programme,
        description="An office serving the region.",
    )
    InitiativePartyFactory(
        initiative=office, organisation=OrganisationFactory(name="Ministry of Culture", slug="ministry"), role="host"
    )
    InitiativePartyFactory(
        initiative=office,
        organisation=None,
        person=PersonFactory(name="Salim AlMalik", slug="almalik"),
        role="proposer",
    )
    InitiativePartyFactory(
        initiative=office, organisation=OrganisationFactory(name="Unreviewed Agency", publication_status=DRAFT)
    )
    InitiativePartyFactory(
        initiative=office,
        organisation=None,
        person=PersonFactory(name="Unconfirmed adviser", publication_status=DRAFT),
        role="supporter",
    )
    baku = PlaceFactory(name="Baku", slug="baku")
    office.places.add(baku, PlaceFactory(name="Unreviewed venue", publication_status=DRAFT))
    opening = EventFactory(
        title="Opening ceremony",
        slug="opening",
        start_date=dt.date(2025, 4, 29),
        place=PlaceFactory(name="Icharishaher", kind="venue", parent=baku),
    )
    opening.initiatives.add(office)
    EventFactory(title="Hidden meeting", publication_status=DRAFT).initiatives.add(office)
    EventFactory(title="Someone else's meeting")
    InitiativeFactory(title="Youth exchange", slug="youth", parent=office)
    InitiativeFactory(title="Draft plan", parent=office, publication_status=DRAFT)
    AlternateNameFactory(record=office, name="Baku Office")
    AlternateNameFactory(record=office, name="Bakı ofisi", language="az")
    CitationFactory(
        record=office,
        source=SourceFactory(title="Azertac article", slug="azertac", text="ICESCO opened its office in Baku. More."),
    )
    CitationFactory(
        record=office,
        source=SourceFactory(title="Unchecked article", text="A secret sentence. More.", publication_status=DRAFT),
    )
    return office


def test_an_initiative_page_says_what_it_is_when_and_who_leads_it(client, office):
    response = client.get("/initiatives/baku-office/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>ICESCO Regional Office in Baku</h1>" in body
    assert (
        '<p class="record-type">Office · part of <a href="/initiatives/programme/">Cooperation programme</a></p>'
        in body
    )
    assert "<div><dt>Status</dt><dd>Active</dd></div>" in body
    assert (
        '<div><dt>Dates</dt><dd><time datetime="2025-04">April 2025</time> – <time datetime="2030">2030</time></dd></div>'
        in body
    )
    assert '<div><dt>Led by</dt><dd><a href="/organisations/icesco/">ICESCO</a></dd></div>' in body
    assert "<p>An office serving the region.</p>" in body
    assert "<p>Also written: Baku Office; Bakı ofisi</p>" in body


def test_an_initiative_page_lists_its_parties_places_events_and_parts(client, office):
    body = client.get("/initiatives/baku-office/").content.decode()

    assert re.findall(r"<li>(.*?)</li>", section(body, "parties-heading")) == [
        '<a href="/organisations/ministry/">Ministry of Culture</a> — host',
        '<a href="/people/almalik/">Salim AlMalik</a> — proposer',
    ]
    assert '<div><dt>Where</dt><dd><a href="/places/baku/">Baku</a></dd></div>' in body
    assert (
        '<time datetime="2025-04-29">29 April 2025</time> — <a href="/events/opening/">Opening ceremony</a>, '
        'Icharishaher <span class="status">(held)</span>'
    ) in section(body, "events-heading")
    assert "Someone else" not in body
    assert section(body, "parts-heading").count("<li>") == 1
    assert '<li><a href="/initiatives/youth/">Youth exchange</a></li>' in section(body, "parts-heading")


def test_an_initiative_page_quotes_its_sources_and_links_them(client, office):
    evidence = section(client.get("/initiatives/baku-office/").content.decode(), "evidence-heading")

    assert (
        '<li><blockquote><span class="quote" lang="en" dir="auto">ICESCO opened its office in Baku</span></blockquote> — <a href="/sources/azertac/">Azertac article</a></li>'
        in evidence
    )
    assert evidence.count("<blockquote") == 1


def test_an_initiative_page_does_not_name_the_draft_publisher_of_an_untitled_source(client):
    initiative = InitiativeFactory(slug="office")
    CitationFactory(
        record=initiative,
        source=SourceFactory(
            title="", slug="untitled", publisher=OrganisationFactory(name="Unreviewed Weekly", publication_status=DRAFT)
        ),
    )

    evidence = section(client.get("/initiatives/office/").content.decode(), "evidence-heading")

    assert '<a href="/sources/untitled/">' in evidence
    assert "Unreviewed Weekly" not in evidence


def test_an_initiative_page_shows_nothing_that_is_a_draft(client, office):
    body = client.get("/initiatives/baku-office/").content.decode()

    for draft in (
        "Unreviewed Agency",
        "Unconfirmed adviser",
        "Unreviewed venue",
        "Hidden meeting",
        "Draft plan",
        "Unchecked article",
        "A secret sentence",
    ):
        assert draft not in body


def test_an_initiative_page_leaves_out_a_draft_lead_and_a_draft_parent(client):
    InitiativeFactory(
        title="Proposal",
        slug="proposal",
        kind="proposal",
        lead_organisation=OrganisationFactory(name="Unreviewed Agency", publication_status=DRAFT),
        parent=InitiativeFactory(title="Unannounced programme", publication_status=DRAFT),
    )

    body = client.get("/initiatives/proposal/").content.decode()

    assert '<p class="record-type">Proposal</p>' in body
    assert "Led by" not in body
    assert "Unreviewed Agency" not in body
    assert "Unannounced programme" not in body


def test_an_initiative_page_without_dates_parties_or_sources_says_only_what_is_known(client):
    InitiativeFactory(title="Idea", slug="idea", kind="proposal", status="proposed")

    body = client.get("/initiatives/idea/").content.decode()

    assert "<div><dt>Status</dt><dd>Proposed</dd></div>" in body
    assert "<dt>Dates</dt>" not in body
    assert "<dt>Where</dt>" not in body
    assert 'id="parties-heading"' not in body
    assert 'id="events-heading"' not in body
    assert "<li>No source is cited for this initiative yet.</li>" in body


@pytest.mark.parametrize("slug", ["no-such-initiative", "secret"])
def test_a_missing_or_draft_initiative_has_no_page(client, slug):
    InitiativeFactory(title="Secret programme", slug="secret", publication_status=DRAFT)

    response = client.get(f"/initiatives/{slug}/")

    assert response.status_code == 404
    assert "Secret programme" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_an_initiative_page_runs_the_same_number_of_queries_however_much_it_holds(
    client, django_assert_num_queries, count
):
    initiative = InitiativeFactory(
        slug="busy",
        lead_organisation=OrganisationFactory(),
        parent=InitiativeFactory(),
        start=PartialDate.parse("2025"),
    )
    for number in range(count):
        party = InitiativePartyFactory(
            initiative=initiative, organisation=OrganisationFactory(name=f"Partner {number}")
        )
        InitiativePartyFactory(initiative=initiative, organisation=None, person=PersonFactory(), role="presenter")
        CitationFactory(record=party, source=SourceFactory(publisher=OrganisationFactory()))
        EventFactory(title=f"Event {number}", place=PlaceFactory()).initiatives.add(initiative)
        initiative.places.add(PlaceFactory())
        InitiativeFactory(parent=initiative)
        AlternateNameFactory(record=initiative)
        CitationFactory(record=initiative, source=SourceFactory(publisher=OrganisationFactory()))

    # The initiative (with its lead and parent), then its parts, parties, the parties' quotes, places,
    # events, other names and quotes: one query each.
    with django_assert_num_queries(8):
        response = client.get("/initiatives/busy/")

    body = response.content.decode()
    assert f"Partner {count - 1}</a> — partner" in body
    assert f">Event {count - 1}</a>" in body


# Places ------------------------------------------------------------------------------------------


@pytest.fixture
def baku():
    """Baku, with its coordinates, in Azerbaijan; a venue and a draft district inside it; events and
    initiatives there."""
    azerbaijan = PlaceFactory(name="Azerbaijan", slug="azerbaijan", kind="country", country_code="AZ")
    baku = PlaceFactory(
        name="Baku",
        slug="baku",
        kind="city",
        parent=azerbaijan,
        latitude=Decimal("40.4093"),
        longitude=Decimal("49.8671"),
        description="The capital of Azerbaijan.",
    )
    AlternateNameFactory(record=baku, name="Bakı", language="az")
    venue = PlaceFactory(name="Icharishaher", slug="icharishaher", kind="venue", parent=baku)
    district = PlaceFactory(name="Unreviewed district", kind="district", parent=baku, publication_status=DRAFT)
    PlaceFactory(name="Heritage Hall", slug="hall", kind="venue", parent=district)
    EventFactory(title="City day", slug="city-day", place=baku, start_date=dt.date(2024, 9, 1))
    EventFactory(title="Opening ceremony", slug="opening", place=venue, start_date=dt.date(2025, 4, 29))
    EventFactory(title="Hidden meeting", place=baku, publication_status=DRAFT)
    EventFactory(title="Meeting in Ganja", place=PlaceFactory(name="Ganja", parent=azerbaijan))
    InitiativeFactory(title="Regional office", slug="office").places.add(baku)
    InitiativeFactory(title="Secret programme", publication_status=DRAFT).places.add(baku)
    return baku


def test_a_place_page_says_what_kind_of_place_it_is_and_where(client, baku):
    response = client.get("/places/baku/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Baku</h1>" in body
    assert '<p class="record-type">City · in <a href="/places/azerbaijan/">Azerbaijan</a></p>' in body
    assert "<p>The capital of Azerbaijan.</p>" in body
    assert "<p>Also written: Bakı</p>" in body


def test_a_place_page_names_every_place_containing_it_but_no_draft_one(client, baku):
    venue = client.get("/places/icharishaher/").content.decode()
    hall = client.get("/places/hall/").content.decode()

    assert (
        '<p class="record-type">Venue · in <a href="/places/baku/">Baku</a>, '
        '<a href="/places/azerbaijan/">Azerbaijan</a></p>'
    ) in venue
    assert (
        '<p class="record-type">Venue · in <a href="/places/baku/">Baku</a>, '
        '<a href="/places/azerbaijan/">Azerbaijan</a></p>'
    ) in hall
    assert "Unreviewed district" not in hall


def test_a_place_page_lists_the_places_within_it(client, baku):
    within = section(client.get("/places/baku/").content.decode(), "parts-heading")

    assert re.findall(r"<li>(.*?)</li>", within) == ['<a href="/places/icharishaher/">Icharishaher</a> (venue)']


def test_a_place_page_lists_events_held_there_or_inside_it_and_its_initiatives(client, baku):
    body = client.get("/places/baku/").content.decode()

    events = section(body, "events-heading")
    assert re.findall(r'<a href="/events/[^"]+/">([^<]+)</a>', events) == ["Opening ceremony", "City day"]
    assert '<a href="/events/opening/">Opening ceremony</a>, Icharishaher' in events
    assert '<a href="/events/city-day/">City day</a>, Baku' in events
    assert "Meeting in Ganja" not in body
    assert re.findall(r"<li>(.*?)</li>", section(body, "initiatives-heading")) == [
        '<a href="/initiatives/office/">Regional office</a>'
    ]


def test_a_country_page_lists_the_events_at_a_venue_in_one_of_its_cities(client, baku):
    events = section(client.get("/places/azerbaijan/").content.decode(), "events-heading")

    assert re.findall(r'<a href="/events/[^"]+/">([^<]+)</a>', events) == [
        "Opening ceremony",
        "City day",
        "Meeting in Ganja",
    ]


def test_a_country_page_lists_events_however_deep_inside_it_their_place_is(client):
    azerbaijan = PlaceFactory(name="Azerbaijan", slug="azerbaijan", kind="country")
    region = PlaceFactory(name="Absheron", kind="region", parent=azerbaijan)
    city = PlaceFactory(name="Baku", parent=region)
    EventFactory(title="Opening ceremony", slug="opening", place=PlaceFactory(kind="venue", parent=city))

    listed = client.get("/events/?place=azerbaijan").content.decode()
    page = client.get("/places/azerbaijan/").content.decode()

    assert '<a href="/events/opening/">Opening ceremony</a>' in listed
    assert '<a href="/events/opening/">Opening ceremony</a>' in section(page, "events-heading")


def test_a_place_page_shows_nothing_that_is_a_draft(client, baku):
    body = client.get("/places/baku/").content.decode()

    for draft in ("Unreviewed district", "Hidden meeting", "Secret programme"):
        assert draft not in body


def test_a_place_page_quotes_its_sources(client, baku):
    CitationFactory(
        record=baku, source=SourceFactory(title="Azertac article", slug="azertac", text="Baku is old. More.")
    )

    evidence = section(client.get("/places/baku/").content.decode(), "evidence-heading")

    assert (
        '<li><blockquote><span class="quote" lang="en" dir="auto">Baku is old</span></blockquote> — <a href="/sources/azertac/">Azertac article</a></li>'
        in evidence
    )


@pytest.mark.parametrize("slug", ["no-such-place", "secret"])
def test_a_missing_or_draft_place_has_no_page(client, slug):
    PlaceFactory(name="Secret site", slug="secret", publication_status=DRAFT)

    response = client.get(f"/places/{slug}/")

    assert response.status_code == 404
    assert "Secret site" not in response.content.decode()


# Maps --------------------------------------------------------------------------------------------


def map_of(body):
    """The map's figure, or None when the page has no map."""
    found = re.search(r'<figure class="map">.*?</figure>', body, re.S)
    return found.group(0) if found else None


def test_a_place_with_coordinates_is_shown_on_a_map_with_a_caption_in_words(client, baku):
    body = client.get("/places/baku/").content.decode()

    figure = map_of(body)
    assert figure is not None
    assert re.search(r"<div [^>]*data-map[ >]", figure)
    assert 'data-latitude="40.409300" data-longitude="49.867100"' in figure
    assert 'data-zoom="5"' in figure
    assert 'aria-label="Map showing where Baku is"' in figure
    assert "<figcaption>Baku, Azerbaijan: latitude 40.4093, longitude 49.8671" in figure
    assert LEAFLET_SCRIPT in body
    assert LEAFLET_CSS in body


@pytest.mark.parametrize("url", ["/places/icharishaher/", "/places/", "/initiatives/office/"])
def test_a_page_without_a_located_place_has_no_map_and_loads_no_map_code(client, baku, url):
    body = client.get(url).content.decode()

    assert map_of(body) is None
    assert "data-map" not in body
    assert "leaflet" not in body


def test_a_map_caption_names_no_draft_place_and_shows_west_longitudes_as_negative(client):
    morocco = PlaceFactory(name="Morocco", slug="morocco", kind="country")
    rabat = PlaceFactory(name="Rabat", parent=morocco, publication_status=DRAFT)
    PlaceFactory(
        name="ICESCO headquarters",
        slug="headquarters",
        kind="venue",
        parent=rabat,
        latitude=Decimal("34.0209"),
        longitude=Decimal("-6.8416"),
    )

    figure = map_of(client.get("/places/headquarters/").content.decode())

    assert 'data-latitude="34.020900" data-longitude="-6.841600"' in figure
    assert "<figcaption>ICESCO headquarters, Morocco: latitude 34.0209, longitude -6.8416" in figure
    assert "Rabat" not in figure


def test_a_country_is_shown_zoomed_out(client):
    PlaceFactory(name="Azerbaijan", slug="azerbaijan", kind="country", latitude=40.5, longitude=47.5)

    figure = map_of(client.get("/places/azerbaijan/").content.decode())

    assert 'data-zoom="4"' in figure
    assert "<figcaption>Azerbaijan: latitude 40.5000, longitude 47.5000" in figure


@pytest.mark.parametrize(
    ("language", "caption"),
    [
        (
            "ru",
            '<figcaption><bdi lang="en" dir="ltr">Baku</bdi>, <bdi lang="en" dir="ltr">Azerbaijan</bdi>: широта 40.4093, долгота 49.8671',
        ),
        (
            "az",
            '<figcaption><bdi lang="en" dir="ltr">Baku</bdi>, <bdi lang="en" dir="ltr">Azerbaijan</bdi>: enlik 40.4093, uzunluq 49.8671',
        ),
        (
            "ar",
            '<figcaption><bdi lang="en" dir="ltr">Baku</bdi>، <bdi lang="en" dir="ltr">Azerbaijan</bdi>: خط العرض 40.4093، خط الطول 49.8671',
        ),
    ],
)
def test_map_coordinates_keep_a_dot_decimal_in_every_language(client, baku, language, caption):
    body = client.get(f"/{language}/places/baku/").content.decode()

    figure = map_of(body)
    assert 'data-latitude="40.409300" data-longitude="49.867100"' in figure
    assert caption in figure
    assert "40,4" not in figure


def test_an_event_page_maps_the_innermost_place_with_coordinates(client, baku):
    body = client.get("/events/opening/").content.decode()

    figure = map_of(body)
    assert 'data-latitude="40.409300" data-longitude="49.867100"' in figure
    assert "<figcaption>Baku, Azerbaijan: latitude 40.4093, longitude 49.8671" in figure
    assert LEAFLET_SCRIPT in body


def test_an_event_page_maps_its_venue_when_the_venue_has_coordinates(client, baku):
    venue = PlaceFactory(
        name="Heydar Aliyev Center",
        kind="venue",
        parent=baku,
        latitude=Decimal("40.3959"),
        longitude=Decimal("49.8678"),
    )
    EventFactory(slug="exhibition", place=venue)

    figure = map_of(client.get("/events/exhibition/").content.decode())

    assert 'data-latitude="40.395900" data-longitude="49.867800"' in figure
    assert "<figcaption>Heydar Aliyev Center, Baku, Azerbaijan: latitude 40.3959, longitude 49.8678" in figure


def test_an_event_page_does_not_map_a_draft_venue(client, baku):
    venue = PlaceFactory(
        name="Unreviewed venue",
        kind="venue",
        parent=baku,
        latitude=Decimal("40.3959"),
        longitude=Decimal("49.8678"),
        publication_status=DRAFT,
    )
    EventFactory(slug="exhibition", place=venue)

    body = client.get("/events/exhibition/").content.decode()

    assert 'data-latitude="40.409300" data-longitude="49.867100"' in map_of(body)
    assert "Unreviewed venue" not in body
    assert "40.3959" not in body


def test_an_event_page_without_a_located_place_has_no_map(client):
    EventFactory(slug="somewhere", place=PlaceFactory(name="Ganja"))
    EventFactory(slug="nowhere")

    for slug in ("somewhere", "nowhere"):
        body = client.get(f"/events/{slug}/").content.decode()
        assert map_of(body) is None
        assert "leaflet" not in body


@pytest.mark.parametrize("count", [1, 12])
def test_a_place_page_runs_the_same_number_of_queries_however_much_it_holds(
    client, django_assert_num_queries, baku, count
):
    for number in range(count):
        venue = PlaceFactory(name=f"Venue {number}", kind="venue", parent=baku)
        EventFactory(title=f"Event {number}", place=venue)
        EventFactory(place=PlaceFactory(kind="site", parent=venue))
        InitiativeFactory().places.add(baku)
        AlternateNameFactory(record=baku)
        CitationFactory(record=baku, source=SourceFactory(publisher=OrganisationFactory()))

    # The place (with the places containing it), then the places within, its events, its
    # initiatives, its other names and its quotes: one query each; and for its events and
    # initiatives, the places it names and (for events) the places within it, read first.
    with django_assert_num_queries(9):
        response = client.get("/places/baku/")

    body = response.content.decode()
    events_shown = re.search(r'<ul class="event-list">(.*?)</ul>', body, re.S).group(1).count("<li>")
    more = '<a href="/events/?place=baku">All events here</a>' in body
    if count == 12:  # more than 20 events: the newest 20, then a link to them all
        assert (events_shown, more) == (20, True)
    else:
        assert events_shown < 20
        assert not more
    assert map_of(body) is not None
