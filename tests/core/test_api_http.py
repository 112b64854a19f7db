"""The API speaks HTTP as partners' caches and browsers expect: validators (ETag, Last-Modified) and
304s, CORS for reading from any origin without credentials, Cache-Control that never lets a shared
cache keep a partner's response, Link headers for paging, and HEAD.
"""

import datetime as dt
import json
import re

import pytest
from django.utils.http import http_date

from cooperation.core.records import PublicationStatus
from cooperation.core.versioning import DataVersion
from events.models import Event
from tests.factories import EventFactory, ParticipationFactory, PartnerTokenFactory, PersonFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://partner.example"
JANUARY = dt.datetime(2024, 1, 10, 9, 30, tzinfo=dt.UTC)
FEBRUARY = dt.datetime(2024, 2, 20, 16, 45, tzinfo=dt.UTC)

ROOT_AND_SCHEMA_ARE_NOT_RECORD_VIEWS = (
    "config/api.py: the API root (DefaultRouter's APIRootView) and SpectacularAPIView are not RecordViewSets, so "
    "RecordViewSet.finalize_response (cooperation/api/views.py) never gives them Last-Modified or Cache-Control; "
    "api.md asks for ETag and Last-Modified on every GET. Fix: a shared mixin (or a small middleware for /api/) "
    "that sets Last-Modified (e.g. the latest updated_at over all published records, or the deploy time for the "
    "schema) and the same Cache-Control/Vary as the collections."
)


def link_relations(header):
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


def vary(response):
    return {value.strip().lower() for value in response["Vary"].split(",")}


@pytest.fixture
def opening():
    """An event with a participant, last changed in January, and an older one."""
    event = EventFactory(title="Opening of the ICESCO regional office", slug="opening", start_date=dt.date(2021, 1, 14))
    ParticipationFactory(event=event, person=PersonFactory(name="Anar Karimov", slug="anar-karimov"))
    older = EventFactory(title="Signing of the memorandum", slug="memorandum", start_date=dt.date(2020, 5, 1))
    Event.objects.filter(pk=event.pk).update(updated_at=JANUARY)
    Event.objects.filter(pk=older.pk).update(updated_at=JANUARY - dt.timedelta(days=30))
    # The last write to any record, as far as the API is concerned, was in January.
    DataVersion.objects.update(changed_at=JANUARY)
    event.refresh_from_db()
    return event


@pytest.fixture
def partner_key():
    return PartnerTokenFactory(partner="Ministry of Culture portal").key


GET_PATHS = ["/api/v1/events/", "/api/v1/events/opening/", "/api/v1/", "/api/v1/schema/"]


@pytest.mark.parametrize("path", GET_PATHS)
def test_every_get_carries_an_etag_that_answers_if_none_match_with_an_empty_304(client, opening, path):
    first = client.get(path)
    etag = first["ETag"]

    again = client.get(path, HTTP_IF_NONE_MATCH=etag)

    assert first.status_code == 200
    assert re.fullmatch(r'(W/)?"[^"]+"', etag)
    assert first.content
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/",
        "/api/v1/events/opening/",
        "/api/v1/",
        "/api/v1/schema/",
    ],
)
def test_every_get_carries_last_modified(client, opening, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "ETag" in response.headers
    assert "Last-Modified" in response.headers


@pytest.mark.parametrize("path", GET_PATHS)
def test_last_modified_is_the_time_of_the_last_write_to_any_record(client, opening, path):
    response = client.get(path)

    assert response["Last-Modified"] == http_date(JANUARY.timestamp())


def test_a_write_to_any_record_moves_last_modified_of_every_response(client, opening):
    PersonFactory(name="Someone unrelated to the opening")

    response = client.get("/api/v1/events/opening/")

    assert DataVersion.current() > JANUARY
    assert response["Last-Modified"] == http_date(DataVersion.current().timestamp())


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/"])
def test_if_modified_since_at_or_after_last_modified_answers_304(client, opening, path):
    response = client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(JANUARY.timestamp()))
    later = client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(FEBRUARY.timestamp()))

    assert response.status_code == 304
    assert response.content == b""
    assert later.status_code == 304
    assert response["Last-Modified"] == http_date(JANUARY.timestamp())


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/"])
def test_if_modified_since_before_last_modified_answers_the_record(client, opening, path):
    response = client.get(path, HTTP_IF_MODIFIED_SINCE=http_date((JANUARY - dt.timedelta(seconds=1)).timestamp()))

    assert response.status_code == 200
    assert "Opening of the ICESCO regional office" in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/"])
def test_after_the_record_changes_its_etag_changes_and_the_old_one_gets_the_new_body(client, opening, path):
    old = client.get(path)

    opening.title = "Opening of the ICESCO office in Baku"
    opening.save()
    new = client.get(path, HTTP_IF_NONE_MATCH=old["ETag"])

    assert new.status_code == 200
    assert new["ETag"] != old["ETag"]
    assert "Opening of the ICESCO office in Baku" in new.content.decode()
    assert "regional office" not in new.content.decode()
    assert Event.objects.get(pk=opening.pk).updated_at > JANUARY


def unpublish_the_opening(opening):
    # A bulk update, as the admin's publish actions make: like them, it moves the data version.
    Event.objects.filter(pk=opening.pk).update(publication_status=PublicationStatus.DRAFT, updated_at=FEBRUARY)
    DataVersion.bump()


def delete_the_opening(opening):
    opening.participations.all().delete()
    opening.delete()


def rename_the_participant(opening):
    person = opening.participations.get().person
    person.name = "Anar Kərimov"
    person.save()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (unpublish_the_opening, "/api/v1/events/"),
        (delete_the_opening, "/api/v1/events/"),
        (rename_the_participant, "/api/v1/events/"),
        (rename_the_participant, "/api/v1/events/opening/"),
    ],
    ids=["unpublished-from-list", "deleted-from-list", "participant-renamed-list", "participant-renamed-detail"],
)
def test_if_modified_since_is_not_answered_304_after_what_the_response_shows_changed(client, opening, change, path):
    before = client.get(path)

    change(opening)
    response = client.get(path, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])

    assert response.status_code == 200
    assert response.content != before.content


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/", "/api/v1/", "/api/v1/nope/"])
def test_cross_origin_reads_are_allowed_from_any_origin_without_credentials(client, opening, path):
    response = client.get(path, HTTP_ORIGIN=ORIGIN)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    exposed = {header.strip() for header in response["Access-Control-Expose-Headers"].split(",")}
    assert exposed >= {"ETag", "Last-Modified", "Link", "Retry-After"}
    assert json.loads(response.content)


def test_cors_preflight_for_a_get_with_a_token_succeeds(client, opening):
    response = client.options(
        "/api/v1/events/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-none-match",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    methods = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS", "POST", "PATCH"}  # POST and PATCH: partners' proposals
    headers = {header.strip() for header in response["Access-Control-Allow-Headers"].split(",")}
    assert headers >= {"authorization", "if-none-match", "if-modified-since", "accept"}
    assert headers >= {"content-type", "if-match", "idempotency-key"}
    assert response.content == b""
    assert Event.objects.count() == 2


def test_cors_headers_are_not_given_outside_the_api(client, opening):
    response = client.get("/", HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/"])
def test_anonymous_reads_may_be_cached_publicly_for_a_minute(client, opening, path):
    response = client.get(path)

    assert response.status_code == 200
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"public", "max-age=60"}
    assert vary(response) >= {"accept", "authorization"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/schema/",
    ],
)
def test_anonymous_reads_of_the_root_and_the_schema_may_be_cached_publicly(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "public" in response.get("Cache-Control", "")


@pytest.mark.parametrize("keyword", ["Bearer", "Token"])
@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/"])
def test_reads_with_a_token_are_never_stored_by_shared_caches(client, opening, partner_key, keyword, path):
    response = client.get(path, HTTP_AUTHORIZATION=f"{keyword} {partner_key}")

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"private", "no-cache"}
    assert vary(response) >= {"accept", "authorization"}
    assert "Opening of the ICESCO regional office" in response.content.decode()


def test_link_header_and_body_agree_on_every_page(client, opening):
    """Page 1 by number; its `next`, and every link after, carry a cursor; first and last by number."""
    EventFactory(title="Youth forum", slug="youth-forum", start_date=dt.date(2019, 3, 2))
    base = "http://testserver/api/v1/events/?kind=meeting"

    first_page = client.get("/api/v1/events/?page_size=1&kind=meeting")
    second_page = client.get(link_relations(first_page["Link"])["next"])
    third_page = client.get(link_relations(second_page["Link"])["next"])
    pages = [first_page, second_page, third_page]
    links = [link_relations(page["Link"]) for page in pages]
    bodies = [json.loads(page.content) for page in pages]

    assert [[event["slug"] for event in body["results"]] for body in bodies] == [
        ["opening"],
        ["memorandum"],
        ["youth-forum"],
    ]
    assert [body["count"] for body in bodies] == [3, 3, 3]
    first, last = f"{base}&page_size=1", f"{base}&page=3&page_size=1"
    assert links[0] == {"first": first, "next": links[0]["next"], "last": last}
    assert "cursor=" in links[0]["next"]
    assert "page=" not in links[0]["next"].replace("page_size", "")
    assert set(links[1]) == set(links[2]) | {"next"} == {"first", "prev", "next"}
    assert "next" not in links[2]
    for link, body in zip(links, bodies, strict=True):
        assert body["next"] == link.get("next")
        assert body["previous"] == link.get("prev")
    back = json.loads(client.get(links[2]["prev"]).content)
    assert [event["slug"] for event in back["results"]] == ["memorandum"]


def test_a_single_page_links_only_to_itself_as_first_and_last(client, opening):
    response = client.get("/api/v1/events/")

    assert link_relations(response["Link"]) == {
        "first": "http://testserver/api/v1/events/",
        "last": "http://testserver/api/v1/events/",
    }
    body = json.loads(response.content)
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)


@pytest.mark.parametrize("path", ["/api/v1/events/?page_size=1", "/api/v1/events/opening/", "/api/v1/"])
def test_head_answers_the_get_headers_without_a_body(client, opening, path):
    get = client.get(path)

    head = client.head(path)

    assert head.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "Last-Modified", "Link", "Cache-Control", "Allow"):
        assert head.get(header) == get.get(header)
    assert get.content


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/"])
def test_head_carries_the_same_etag_as_get_and_answers_if_none_match(client, opening, path):
    etag = client.get(path)["ETag"]

    head = client.head(path)
    conditional = client.head(path, HTTP_IF_NONE_MATCH=etag)

    assert head.get("ETag") == etag
    assert conditional.status_code == 304
