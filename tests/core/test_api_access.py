"""Who may read what, and how much: partner tokens that staff issue and revoke in the admin (the key is
shown once and only its hash is kept), rate limits counted in the shared cache (429 with Retry-After,
higher for partners), and published records only, with or without a token.
"""

import hashlib
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from cooperation.core.records import PublicationStatus
from cooperation.core.tokens import PartnerToken
from tests.factories import EventFactory, ParticipationFactory, PartnerTokenFactory, PersonFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
ADD_URL = "/admin/cooperation/partnertoken/add/"
CHANGELIST_URL = "/admin/cooperation/partnertoken/"
KEY_IN_MESSAGE = re.compile(r"cannot be shown again: (\S+)$")


def cache_keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cache_entries")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def event():
    return EventFactory(title="Opening of the ICESCO regional office", slug="opening")


@pytest.fixture
def issued(admin_client):
    """A token issued through the admin, and the key its success message showed."""
    response = admin_client.post(
        ADD_URL, {"partner": "Ministry of Culture portal", "note": "For the portal", "scope": "read"}, follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    keys = [match.group(1) for message in messages if (match := KEY_IN_MESSAGE.search(message))]
    assert len(keys) == 1, messages
    return PartnerToken.objects.get(), keys[0], response


@pytest.fixture
def small_rates(settings, monkeypatch):
    """3 requests a minute for anonymous clients, 5 for partners, set where deployments set them."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "3/minute", "partner": "5/minute"},
    }
    # DRF reloads api_settings when the setting changes, but SimpleRateThrottle copied the rates at import.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)


def test_staff_issue_a_token_whose_key_is_shown_once_and_stored_only_as_its_hash(admin_client, admin_user, issued):
    token, key, response = issued

    assert response.status_code == 200
    assert response.redirect_chain == [(CHANGELIST_URL, 302)]
    assert len(key) >= 40
    assert (token.partner, token.note, token.issued_by) == ("Ministry of Culture portal", "For the portal", admin_user)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.key_prefix == key[:8]
    assert token.revoked_at is None
    assert token.last_used_at is None
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert token.key_hash in dump.getvalue()
    assert key not in dump.getvalue()
    assert key not in admin_client.get(f"{CHANGELIST_URL}{token.pk}/change/").content.decode()
    assert key not in admin_client.get(CHANGELIST_URL).content.decode()


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_an_issued_token_authenticates_and_records_when_it_was_used(client, event, issued, keyword):
    token, key, _response = issued

    response = client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"{keyword} {key}")

    assert response.status_code == 200
    assert [record["slug"] for record in json.loads(response.content)["results"]] == ["opening"]
    assert "private" in response["Cache-Control"]
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at >= token.created_at


def test_revoking_in_the_admin_makes_the_same_key_answer_401(admin_client, client, event, issued):
    token, key, _response = issued
    assert client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200

    revoked = admin_client.post(CHANGELIST_URL, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    response = client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert [str(message) for message in revoked.context["messages"]] == ["1 token(s) revoked."]
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert json.loads(response.content)["detail"] == "This token is unknown or has been revoked."


def test_revoking_twice_counts_only_tokens_still_active(admin_client, issued):
    token, _key, _response = issued
    admin_client.post(CHANGELIST_URL, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    first_revoked_at = PartnerToken.objects.get().revoked_at

    again = admin_client.post(CHANGELIST_URL, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)

    assert [str(message) for message in again.context["messages"]] == ["0 token(s) revoked."]
    assert PartnerToken.objects.get().revoked_at == first_revoked_at


def test_anonymous_client_past_its_limit_gets_a_429_problem_with_retry_after(client, event, small_rates):
    allowed = [client.get("/api/v1/events/") for _ in range(3)]

    throttled = client.get("/api/v1/events/")

    assert [response.status_code for response in allowed] == [200, 200, 200]
    assert throttled.status_code == 429
    assert throttled["Content-Type"] == PROBLEM
    assert 1 <= int(throttled["Retry-After"]) <= 60
    body = json.loads(throttled.content)
    assert (body["type"], body["title"], body["status"]) == (
        "http://testserver/api/v1/errors/#too-many-requests",
        "Too Many Requests",
        429,
    )
    assert body["detail"] == f"Request was throttled. Expected available in {throttled['Retry-After']} seconds."
    assert "private" in throttled["Cache-Control"]
    # Counted in the cache every worker shares: the database cache unless REDIS_URL says otherwise.
    assert any(key.endswith(":throttle_anonymous_127.0.0.1") for key in cache_keys())


def test_a_partner_still_reads_when_anonymous_clients_are_throttled_and_has_its_own_limit(
    client, event, small_rates, issued
):
    token, key, _response = issued
    for _ in range(3):
        client.get("/api/v1/events/")
    assert client.get("/api/v1/events/").status_code == 429

    partner = [client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"Bearer {key}") for _ in range(5)]
    past_limit = client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert [response.status_code for response in partner] == [200] * 5
    assert json.loads(partner[-1].content)["results"][0]["slug"] == "opening"
    assert past_limit.status_code == 429
    assert past_limit["Content-Type"] == PROBLEM
    assert 1 <= int(past_limit["Retry-After"]) <= 60
    assert json.loads(past_limit.content)["status"] == 429
    assert any(key.endswith(f":throttle_partner_{token.pk}") for key in cache_keys())


def test_anonymous_clients_are_counted_by_address(client, event, small_rates):
    for _ in range(3):
        client.get("/api/v1/events/", REMOTE_ADDR="198.51.100.1")

    throttled = client.get("/api/v1/events/", REMOTE_ADDR="198.51.100.1")
    other = client.get("/api/v1/events/", REMOTE_ADDR="198.51.100.2")

    assert throttled.status_code == 429
    assert other.status_code == 200
    assert {key.rpartition(":")[2] for key in cache_keys()} >= {
        "throttle_anonymous_198.51.100.1",
        "throttle_anonymous_198.51.100.2",
    }


def test_a_made_up_x_forwarded_for_does_not_escape_the_anonymous_limit(client, event, small_rates):
    for _ in range(3):
        client.get("/api/v1/events/")

    spoofed = client.get("/api/v1/events/", HTTP_X_FORWARDED_FOR="203.0.113.77")

    assert spoofed.status_code == 429


@pytest.mark.parametrize("authorization", [None, "partner"])
def test_drafts_are_never_read_with_or_without_a_token(client, authorization):
    key = PartnerTokenFactory(partner="Ministry of Culture portal").key
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if authorization else {}
    published = EventFactory(title="Opening of the ICESCO regional office", slug="opening")
    draft_person = PersonFactory(
        name="Secret Adviser", slug="secret-adviser", publication_status=PublicationStatus.DRAFT
    )
    ParticipationFactory(event=published, person=draft_person)
    ParticipationFactory(event=published, person=PersonFactory(name="Anar Karimov", slug="anar-karimov"))
    draft = EventFactory(
        title="Secret negotiation", slug="secret-negotiation", publication_status=PublicationStatus.DRAFT
    )

    events = client.get("/api/v1/events/", **headers)
    people = client.get("/api/v1/people/", **headers)
    searched = client.get("/api/v1/events/?q=Secret", **headers)
    by_slug = client.get("/api/v1/events/secret-negotiation/", **headers)
    by_id = client.get(f"/api/v1/events/{draft.uuid}/", **headers)
    person = client.get("/api/v1/people/secret-adviser/", **headers)
    detail = client.get("/api/v1/events/opening/", **headers)

    events_body = json.loads(events.content)
    assert (events_body["count"], [event["slug"] for event in events_body["results"]]) == (1, ["opening"])
    assert [participant["name"] for participant in events_body["results"][0]["participants"]] == ["Anar Karimov"]
    assert [record["slug"] for record in json.loads(people.content)["results"]] == ["anar-karimov"]
    assert json.loads(searched.content)["count"] == 0
    assert [by_slug.status_code, by_id.status_code, person.status_code] == [404, 404, 404]
    assert by_slug["Content-Type"] == by_id["Content-Type"] == PROBLEM
    assert "Secret" not in detail.content.decode()
    assert all("Secret" not in response.content.decode() for response in (events, people, by_slug, by_id, person))
    # The token was really used (so these were partner reads), or never presented.
    assert (PartnerToken.objects.get().last_used_at is not None) == (authorization is not None)


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/events/?person=secret-adviser",
        "/api/v1/events/?person={draft_person_uuid}",
        "/api/v1/people/?event=secret-negotiation",
    ],
    ids=["event-by-draft-person-slug", "event-by-draft-person-id", "people-by-draft-event-slug"],
)
def test_filtering_by_a_draft_record_is_refused_as_a_record_that_does_not_exist(client, query):
    published = EventFactory(title="Opening of the ICESCO regional office", slug="opening")
    draft_person = PersonFactory(
        name="Secret Adviser", slug="secret-adviser", publication_status=PublicationStatus.DRAFT
    )
    ParticipationFactory(event=published, person=draft_person)
    draft = EventFactory(
        title="Secret negotiation", slug="secret-negotiation", publication_status=PublicationStatus.DRAFT
    )
    ParticipationFactory(event=draft, person=PersonFactory(name="Anar Karimov", slug="anar-karimov"))

    response = client.get(query.format(draft_person_uuid=draft_person.uuid))

    assert response.status_code == 400
    problem = json.loads(response.content)
    assert "No published record is named" in problem["detail"]
    assert "Secret" not in problem["detail"]
