"""Files for machines: sitemap.xml, robots.txt, the Atom feed, iCalendar links, and what every page
says about itself (canonical address, its address in each language, Open Graph)."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.sitemaps import SITEMAP_URLS, LanguageSitemap
from cooperation.core.records import PublicationStatus
from events.models import Event
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
PREFIXES = {"en": "", "az": "/az", "ar": "/ar", "ru": "/ru"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
LIST_PAGES = ["/", "/events/", "/timeline/", "/people/", "/organisations/", "/initiatives/", "/sources/", "/places/"]
DRAFT = PublicationStatus.DRAFT


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(response, name, **attrs):
    """The attributes of every `name` element whose attributes include `attrs` (entities decoded)."""
    parser = _Tags()
    parser.feed(response.content.decode())
    return [found for tag, found in parser.found if tag == name and all(found.get(k) == v for k, v in attrs.items())]


def meta(response, prop):
    (element,) = tags(response, "meta", property=prop)
    return element["content"]


def hreflang_alternates(response):
    return {link["hreflang"]: link["href"] for link in tags(response, "link", rel="alternate") if "hreflang" in link}


def in_every_language(path):
    return {code: f"{SITE}{prefix}{path}" for code, prefix in PREFIXES.items()} | {"x-default": f"{SITE}{path}"}


def set_updated_at(record, moment):
    """updated_at is auto_now: only an update() query sets it to a chosen time."""
    type(record).objects.filter(pk=record.pk).update(updated_at=moment)
    record.refresh_from_db()
    return record


@pytest.fixture
def records():
    """One published and one draft record of each kind that has a page, each last changed on its own day."""
    published = {
        "event": EventFactory(slug="opening", title="Opening ceremony"),
        "person": PersonFactory(slug="adil-karimli"),
        "organisation": OrganisationFactory(slug="ministry-of-culture"),
        "initiative": InitiativeFactory(slug="regional-office"),
        "source": SourceFactory(slug="caliber-article"),
        "place": PlaceFactory(slug="baku"),
    }
    for day, record in enumerate(published.values(), start=1):
        set_updated_at(record, dt.datetime(2025, 3, day, 12, 0, tzinfo=dt.UTC))
    drafts = [
        EventFactory(slug="draft-event", publication_status=DRAFT),
        PersonFactory(slug="draft-person", publication_status=DRAFT),
        OrganisationFactory(slug="draft-organisation", publication_status=DRAFT),
        InitiativeFactory(slug="draft-initiative", publication_status=DRAFT),
        SourceFactory(slug="draft-source", publication_status=DRAFT),
        PlaceFactory(slug="draft-place", publication_status=DRAFT),
    ]
    return published, drafts


def sitemap_index(client):
    """The addresses of the sitemaps that /sitemap.xml lists, with their lastmod."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own response)
    return {
        sitemap.findtext("sm:loc", namespaces=SITEMAP): sitemap.findtext("sm:lastmod", namespaces=SITEMAP)
        for sitemap in root.findall("sm:sitemap", SITEMAP)
    }


def sitemap_urls(client):
    """Every address of every sitemap the index lists, as a crawler reads them."""
    urls = {}
    for location in sitemap_index(client):
        response = client.get(location.removeprefix(SITE))
        assert response.status_code == 200, location
        assert response["Content-Type"] == "application/xml"
        urls |= _sitemap_page_urls(response, urls)
    return urls


def _sitemap_page_urls(response, seen):
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own response)
    urls = {}
    for url in root.findall("sm:url", SITEMAP):
        loc = url.findtext("sm:loc", namespaces=SITEMAP)
        assert loc not in urls, f"{loc} is listed twice"
        assert loc not in seen, f"{loc} is listed in two sitemaps"
        urls[loc] = {
            "lastmod": url.findtext("sm:lastmod", namespaces=SITEMAP),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", SITEMAP)
                if link.get("rel") == "alternate"
            },
        }
    return urls


def test_the_sitemap_lists_every_published_record_and_list_page_in_every_language_and_nothing_else(client, records):
    published, _drafts = records

    urls = sitemap_urls(client)

    paths = LIST_PAGES + [record.get_absolute_url() for record in published.values()]
    assert set(urls) == {url for path in paths for url in in_every_language(path).values()}


def test_each_sitemap_address_names_its_versions_in_every_language_and_an_x_default(client, records):
    urls = sitemap_urls(client)

    for path in [*LIST_PAGES, "/events/opening/", "/people/adil-karimli/", "/places/baku/"]:
        for code, prefix in PREFIXES.items():
            assert urls[f"{SITE}{prefix}{path}"]["alternates"] == in_every_language(path), (code, path)
    assert urls[f"{SITE}/ar/events/opening/"]["alternates"]["ar"] == f"{SITE}/ar/events/opening/"
    assert urls[f"{SITE}/ru/events/opening/"]["alternates"]["x-default"] == f"{SITE}/events/opening/"


def test_a_records_sitemap_lastmod_is_the_day_it_last_changed_in_every_language(client, records):
    published, _drafts = records

    urls = sitemap_urls(client)

    for record in published.values():
        expected = timezone.localdate(record.updated_at).isoformat()
        for prefix in PREFIXES.values():
            assert urls[f"{SITE}{prefix}{record.get_absolute_url()}"]["lastmod"] == expected, record
    assert urls[f"{SITE}/events/opening/"]["lastmod"] == "2025-03-01"
    assert urls[f"{SITE}/az/places/baku/"]["lastmod"] == "2025-03-06"
    # The lists change with every record: they give no date rather than a wrong one.
    assert urls[f"{SITE}/events/"]["lastmod"] is None


def test_the_sitemap_lastmod_follows_an_edit(client, records):
    published, _drafts = records
    event = published["event"]

    event.title = "Opening ceremony of the regional office"
    event.save()

    event.refresh_from_db()
    assert event.updated_at.date() > dt.date(2025, 3, 1)
    assert (
        sitemap_urls(client)[f"{SITE}/events/opening/"]["lastmod"] == timezone.localdate(event.updated_at).isoformat()
    )


def test_drafts_are_absent_from_the_sitemap(client, records):
    _published, drafts = records

    body = "".join(client.get(location.removeprefix(SITE)).content.decode() for location in sitemap_index(client))

    for draft in drafts:
        assert draft.slug not in body


def test_a_record_made_draft_leaves_the_sitemap(client, records):
    published, _drafts = records
    Event.objects.filter(pk=published["event"].pk).update(publication_status=DRAFT)

    assert not [url for url in sitemap_urls(client) if "/events/opening/" in url]


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_the_api_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not [line for line in lines if line.strip() == "Disallow: /"]


def test_robots_txt_names_the_sitemap_at_the_address_it_is_served_from(client):
    """The same file under any host: the sitemap is named at that host, and is there."""
    response = client.get("/robots.txt", headers={"host": "localhost"}, secure=True)

    (sitemap_line,) = [line for line in response.content.decode().splitlines() if line.startswith("Sitemap:")]
    assert sitemap_line == "Sitemap: https://localhost/sitemap.xml"
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_and_the_sitemap_have_no_language_versions_the_feed_has(client):
    assert client.get("/ar/robots.txt").status_code == 404
    assert client.get("/ru/sitemap.xml").status_code == 404
    assert client.get("/az/events/feed.atom").status_code == 200  # the records' text in Azerbaijani


@pytest.fixture
def feed_events():
    accession = EventFactory(
        title="Azerbaijan joins ICESCO", slug="accession", start_date=dt.date(1991, 1, 1), start_date_precision="year"
    )
    seminar = EventFactory(
        title="Heritage seminar", slug="seminar", start_date=dt.date(2025, 7, 1), start_date_precision="month"
    )
    opening = EventFactory(title="Opening ceremony", slug="opening", start_date=dt.date(2025, 4, 29))
    undated = EventFactory(title="A meeting of unknown date", slug="undated", start_date=None, start_date_precision="")
    EventFactory(title="Unreviewed meeting", slug="draft", start_date=dt.date(2025, 8, 1), publication_status=DRAFT)
    return [seminar, opening, accession, undated]


def atom_entries(response):
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own response)
    return root, [
        {
            "title": entry.findtext("atom:title", namespaces=ATOM),
            "link": entry.find("atom:link[@rel='alternate']", ATOM).get("href"),
            "id": entry.findtext("atom:id", namespaces=ATOM),
            "updated": dt.datetime.fromisoformat(entry.findtext("atom:updated", namespaces=ATOM)),
        }
        for entry in root.findall("atom:entry", ATOM)
    ]


def test_the_atom_feed_lists_published_events_newest_first_with_their_dates_at_their_precision(client, feed_events):
    response = client.get("/events/feed.atom")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root, entries = atom_entries(response)
    assert root.findtext("atom:title", namespaces=ATOM) == "ICESCO–Azerbaijan cooperation: events"
    assert root.find("atom:link[@rel='alternate']", ATOM).get("href") == f"{SITE}/events/"
    assert [entry["title"] for entry in entries] == [
        "July 2025: Heritage seminar",
        "29 April 2025: Opening ceremony",
        "1991: Azerbaijan joins ICESCO",
        "A meeting of unknown date",
    ]
    assert "Unreviewed meeting" not in response.content.decode()


def test_each_feed_entry_links_to_its_event_page_and_is_identified_by_the_events_uuid(client, feed_events):
    _root, entries = atom_entries(client.get("/events/feed.atom"))

    for entry, event in zip(entries, feed_events, strict=True):
        event.refresh_from_db()
        assert entry["link"] == f"{SITE}/events/{event.slug}/"
        assert entry["id"] == f"urn:uuid:{event.uuid}"
        assert entry["updated"] == event.updated_at
        assert client.get(entry["link"].removeprefix(SITE)).status_code == 200


def test_the_feed_holds_the_fifty_newest_events(client):
    for n in range(52):
        EventFactory(title=f"Meeting {n:02d}", start_date=dt.date(2020, 1, 1) + dt.timedelta(days=n))

    _root, entries = atom_entries(client.get("/events/feed.atom"))

    assert len(entries) == 50
    assert entries[0]["title"].endswith(": Meeting 51")
    assert entries[-1]["title"].endswith(": Meeting 02")


def test_every_page_points_to_the_atom_feed_in_its_language(client, feed_events):
    for path, expected in [
        ("/", "/events/feed.atom"),
        ("/ar/events/", "/ar/events/feed.atom"),
        ("/events/opening/", "/events/feed.atom"),
    ]:
        response = client.get(path)
        (feed,) = tags(response, "link", rel="alternate", type="application/atom+xml")
        assert feed["href"] == expected


@pytest.fixture
def year_of_events():
    EventFactory(title="Opening ceremony", slug="opening", start_date=dt.date(2025, 4, 29))
    EventFactory(title="Forum of ministers", slug="forum", start_date=dt.date(2025, 10, 2))
    EventFactory(title="Heritage seminar", slug="seminar", start_date=dt.date(2025, 7, 1), start_date_precision="month")
    EventFactory(title="Press conference", slug="press", start_date=dt.date(2021, 1, 14))
    EventFactory(title="Unreviewed meeting", slug="draft", start_date=dt.date(2025, 5, 1), publication_status=DRAFT)


def calendar_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(entry["SUMMARY"]): entry.decoded("DTSTART") for entry in calendar.walk("VEVENT")}


def test_the_filtered_events_list_links_a_calendar_of_just_those_events(client, year_of_events):
    response = client.get("/events/?year=2025")

    (alternate,) = tags(response, "link", rel="alternate", type="text/calendar")
    anchors = [a["href"] for a in tags(response, "a") if "format=ics" in a.get("href", "") and "year=2025" in a["href"]]
    assert anchors == [alternate["href"], f"webcal://testserver{alternate['href']}"]
    # An event known only to the month spans it; the draft and the 2021 event are filtered out.
    assert calendar_entries(client.get(alternate["href"])) == {
        "Opening ceremony": dt.date(2025, 4, 29),
        "Forum of ministers": dt.date(2025, 10, 2),
        "Heritage seminar (July 2025; the sources do not give the day)": dt.date(2025, 7, 1),
    }


def test_the_calendar_links_carry_the_pages_filters_only(client, year_of_events):
    response = client.get("/events/?utm_source=newsletter&year=2025&page=1")

    (alternate,) = tags(response, "link", rel="alternate", type="text/calendar")
    assert alternate["href"] == "/api/v1/events/?year=2025&format=ics"
    assert client.get(alternate["href"]).status_code == 200


def test_the_events_list_offers_to_subscribe_to_its_calendar_in_the_pages_language(client, year_of_events):
    response = client.get("/ru/events/?year=2025")

    (subscribe,) = [a for a in tags(response, "a") if a.get("href", "").startswith("webcal://")]
    assert subscribe["href"] == "webcal://testserver/api/v1/events/?year=2025&format=ics&lang=ru"
    body = response.content.decode()
    assert '<a href="webcal://testserver/api/v1/events/?year=2025&amp;format=ics&amp;lang=ru">' in body
    assert ">Подписаться: календарь будет обновлять их сам</a>" in body


def test_the_unfiltered_events_list_links_a_calendar_of_every_event(client, year_of_events):
    response = client.get("/events/")

    (alternate,) = tags(response, "link", rel="alternate", type="text/calendar")
    assert set(calendar_entries(client.get(alternate["href"]))) == {
        "Opening ceremony",
        "Forum of ministers",
        "Heritage seminar (July 2025; the sources do not give the day)",
        "Press conference",
    }


def test_an_events_add_to_calendar_link_gives_a_calendar_with_that_event_on_its_day(client, year_of_events):
    body = client.get("/events/opening/").content.decode()

    href = re.search(r'<a href="([^"]+)" download="opening\.ics">Add to calendar \(iCalendar\)</a>', body).group(1)
    assert calendar_entries(client.get(href)) == {"Opening ceremony": dt.date(2025, 4, 29)}


def test_an_event_known_only_to_the_month_has_a_calendar_entry_over_the_month(client, year_of_events):
    body = client.get("/events/seminar/").content.decode()

    href = re.search(r'<a href="([^"]+)" download="seminar\.ics">Add to calendar \(iCalendar\)</a>', body).group(1)
    assert calendar_entries(client.get(href)) == {
        "Heritage seminar (July 2025; the sources do not give the day)": dt.date(2025, 7, 1)
    }


def test_an_undated_event_has_no_calendar_link_and_says_why(client, year_of_events):
    event = EventFactory(title="Undated talks", slug="undated", start_date=None, start_date_precision="")

    response = client.get("/events/undated/")

    body = response.content.decode()
    assert "The sources give no date, so there is no calendar entry." in body
    assert "Add to calendar" not in body
    assert not [a for a in tags(response, "a") if a.get("href", "").startswith(f"/api/v1/events/{event.uuid}/?")]
    assert tags(response, "link", rel="alternate", type="text/calendar") == []


@pytest.fixture
def pages():
    """Every kind of page, with the records its address names."""
    EventFactory(title="Opening ceremony of the regional office", slug="opening")
    PersonFactory(name="Adil Karimli", slug="adil-karimli")
    OrganisationFactory(name="Ministry of Culture", slug="ministry-of-culture")
    InitiativeFactory(title="Regional office in Baku", slug="regional-office")
    SourceFactory(title="Caliber.Az article", slug="caliber-article")
    PlaceFactory(name="Baku", slug="baku")


PAGE_PATHS = [
    *LIST_PAGES,
    "/events/opening/",
    "/people/adil-karimli/",
    "/organisations/ministry-of-culture/",
    "/initiatives/regional-office/",
    "/sources/caliber-article/",
    "/places/baku/",
    "/search/",
]


@pytest.mark.parametrize("code", PREFIXES)
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_names_its_canonical_address_and_its_address_in_each_language(client, pages, path, code):
    response = client.get(PREFIXES[code] + path)

    assert response.status_code == 200
    (canonical,) = tags(response, "link", rel="canonical")
    assert canonical["href"] == f"{SITE}{PREFIXES[code]}{path}"
    assert hreflang_alternates(response) == in_every_language(path)


@pytest.mark.parametrize("code", PREFIXES)
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_describes_itself_with_open_graph_meta(client, pages, path, code):
    response = client.get(PREFIXES[code] + path)

    assert meta(response, "og:url") == f"{SITE}{PREFIXES[code]}{path}"
    assert meta(response, "og:locale") == {"en": "en_GB", "az": "az_AZ", "ar": "ar_AR", "ru": "ru_RU"}[code]
    assert meta(response, "og:type") in {"website", "article"}
    assert meta(response, "og:title").strip()


def test_the_canonical_address_of_a_filtered_or_paged_list_has_no_query(client, pages):
    response = client.get("/ar/events/?year=2021&page=1")

    (canonical,) = tags(response, "link", rel="canonical")
    assert canonical["href"] == f"{SITE}/ar/events/"
    assert meta(response, "og:url") == f"{SITE}/ar/events/"


def test_the_language_alternates_of_a_filtered_list_agree_with_its_canonical_address(client, pages):
    response = client.get("/events/?year=2021")

    assert hreflang_alternates(response) == in_every_language("/events/")


def test_an_events_open_graph_title_is_its_title(client, pages):
    for prefix in PREFIXES.values():
        response = client.get(f"{prefix}/events/opening/")
        assert meta(response, "og:title") == "Opening ceremony of the regional office"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/events/opening/", "Opening ceremony of the regional office"),
        ("/initiatives/regional-office/", "Regional office in Baku"),
        ("/places/baku/", "Baku"),
        pytest.param(
            "/people/adil-karimli/",
            "Adil Karimli",
        ),
        pytest.param(
            "/organisations/ministry-of-culture/",
            "Ministry of Culture",
        ),
        pytest.param(
            "/sources/caliber-article/",
            "Caliber.Az article",
        ),
    ],
)
def test_a_record_pages_open_graph_title_names_the_record(client, pages, path, title):
    assert meta(client.get(path), "og:title") == title


def test_the_sitemap_is_an_index_of_one_sitemap_per_page_type_each_dated_by_its_latest_change(client, records):
    index = sitemap_index(client)

    # Each section's pages (its first the bare address, or `?p=n` where the ids start past its first block).
    sections = {re.sub(r"\?p=\d+$", "", location): lastmod for location, lastmod in index.items()}
    assert list(sections) == [
        f"{SITE}/sitemap-{section}.xml"
        for section in ("pages", "event", "person", "organisation", "initiative", "source", "place")
    ]
    assert sections[f"{SITE}/sitemap-pages.xml"] is None  # the lists change with every record
    assert sections[f"{SITE}/sitemap-event.xml"].startswith("2025-03-01")


def test_the_sitemap_index_keeps_crawlers_from_listing_it_and_is_dated_only_when_every_section_is(client, records):
    response = client.get("/sitemap.xml")

    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    # The site's pages section has no date (the lists change with every record): no Last-Modified.
    assert "Last-Modified" not in response
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex ')


def test_a_section_longer_than_a_sitemap_page_is_paged_in_the_index(client, records, monkeypatch):
    """At most SITEMAP_URLS addresses a page: each record once per language (4), so 8 holds 2 records,
    by blocks of ids: page n the records whose id // 2 is n - 1. Blocks without a published record
    (the draft's alone, say) have no page."""
    monkeypatch.setattr(LanguageSitemap, "limit", 8)
    for number in range(4):
        EventFactory(slug=f"meeting-{number}")
    by_page: dict[int, list[str]] = {}
    for pk, slug in Event.objects.published().order_by("pk").values_list("pk", "slug"):
        by_page.setdefault(pk // 2 + 1, []).append(slug)

    index = sitemap_index(client)
    urls = sitemap_urls(client)

    assert [location for location in index if "sitemap-event" in location] == [
        f"{SITE}/sitemap-event.xml" + ("" if page == 1 else f"?p={page}") for page in sorted(by_page)
    ]
    assert {f"{SITE}/events/meeting-{number}/" for number in range(4)} <= set(urls)
    last = max(by_page)
    with CaptureQueriesContext(connection) as queries:
        last_page = client.get(f"/sitemap-event.xml?p={last}").content.decode()
    assert re.findall(rf"<loc>{SITE}/events/([\w-]+)/</loc>", last_page) == by_page[last]
    # The page reads its own block of ids from the index, never the records before it.
    (records_query,) = [query["sql"] for query in queries if 'FROM "events_event"' in query["sql"]]
    assert re.search(r'"events_event"."id" >= \d+ AND "events_event"."id" < \d+', records_query)
    assert "OFFSET" not in records_query
    # A page past the last, or of a block without records, is not there.
    assert client.get(f"/sitemap-event.xml?p={last + 1}").status_code == 404
    assert client.get("/sitemap-event.xml?p=0").status_code == 404


def test_a_record_keeps_its_sitemap_page_when_others_are_unpublished(client, monkeypatch):
    monkeypatch.setattr(LanguageSitemap, "limit", 8)
    events = [EventFactory(slug=f"meeting-{number}") for number in range(6)]
    last = events[-1]
    page = last.pk // 2 + 1

    Event.objects.filter(pk__in=[event.pk for event in events[:4]]).update(publication_status=DRAFT)

    assert f"/events/{last.slug}/" in client.get(f"/sitemap-event.xml?p={page}").content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_a_sitemap_page_and_the_index_run_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    events = [EventFactory(slug=f"meeting-{number}") for number in range(count)]
    page = events[0].pk // (SITEMAP_URLS // 4) + 1

    with django_assert_num_queries(1):  # the page's records
        assert client.get(f"/sitemap-event.xml?p={page}").status_code == 200
    with django_assert_num_queries(2 * 6):  # for each of the 6 record sections: its latest change and its pages
        client.get("/sitemap.xml")


def test_a_full_sitemap_page_stays_under_a_megabyte(client):
    """SITEMAP_URLS addresses, each with its language alternates, as long as slugs get. Twice a page's
    records, so that one block of ids is full, wherever the ids start."""
    for number in range(SITEMAP_URLS // 2):
        EventFactory(slug=f"international-conference-on-cultural-heritage-and-sustainable-development-{number:04}")
    per_page = SITEMAP_URLS // 4
    full = Event.objects.order_by("pk").values_list("pk", flat=True)[per_page] // per_page + 1

    response = client.get(f"/sitemap-event.xml?p={full}")

    assert response.content.count(b"<url>") == SITEMAP_URLS
    assert len(response.content) < 1_000_000
