"""Partners' proposals through the API: a token with the propose scope submits a new record (POST),
validated and reviewed as an editor's change, recorded under the token's account; Idempotency-Key
makes a retried request harmless; read-only tokens stay read-only; the database's rules of tokens and
proposals. Corrections (PATCH with If-Match): test_corrections.py."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction

from cooperation.core.api import proposals as api_proposals
from cooperation.core.proposals import Proposal, ProposalKind
from cooperation.core.records import PublicationStatus
from cooperation.core.reviews import Review, ReviewState
from cooperation.core.roles import REVIEWERS
from cooperation.core.tokens import PartnerToken, TokenScope
from events.models import Event
from tests.core.proposals.partner import PROBLEM, errors_of, post, seminar
from tests.factories import (
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    PartnerTokenFactory,
    PlaceFactory,
    SourceFactory,
    UserFactory,
)

# A new record -----------------------------------------------------------------------------------


def test_a_proposed_record_is_a_draft_awaiting_review_with_its_evidence_under_the_tokens_account(
    api, portal, source, baku
):
    initiative = InitiativeFactory(slug="heritage-programme")
    body = seminar(
        source,
        place="baku",
        initiatives=[str(initiative.uuid)],
        translations={"az": {"title": "İrs seminarı"}},
        comment="Seen on our portal",
    )

    response = post(api, portal, body)

    assert response.status_code == 202, response.content
    event = Event.objects.get(title="Seminar on heritage")
    assert response.json() == {
        "status": "awaiting_review",
        "kind": "new",
        "record_type": "event",
        "id": str(event.uuid),
        "slug": "seminar-on-heritage",
        "url": f"http://testserver/api/v1/events/{event.uuid}/",
        "message": "Submitted for review: the record is public once a reviewer publishes it.",
    }
    assert event.publication_status == PublicationStatus.DRAFT
    assert (event.kind, event.start.iso(), event.place, event.title_az) == ("seminar", "2025-05", baku, "İrs seminarı")
    assert list(event.initiatives.all()) == [initiative]
    citation = event.citations.get()
    assert (citation.source, citation.quote) == (source, "ICESCO and Azerbaijan held a seminar in Baku in May 2025.")
    # Recorded under the token's account, the partner named.
    for row in (event.history.get(), citation.history.get()):
        assert row.history_user.username == "ministry-portal"
        assert row.history_change_reason == "proposed by Ministry portal (API)"
    review = Review.objects.get()
    assert (review.record, review.state, review.submitted_by.username) == (
        event,
        ReviewState.AWAITING,
        "ministry-portal",
    )
    assert review.comment == "Proposed by Ministry portal through the API: Seen on our portal"
    assert LogEntry.objects.get().change_message.startswith("Submitted for review")
    # Nothing of it is public until a reviewer publishes it.
    assert api.get(f"/api/v1/events/{event.uuid}/").status_code == 404
    assert api.get("/api/v1/events/").json()["results"] == []
    proposal = Proposal.objects.get()
    assert (proposal.token, proposal.kind, proposal.record, proposal.status_code) == (
        portal,
        ProposalKind.NEW,
        event,
        202,
    )


def test_a_proposed_record_shows_in_the_review_queue(api, portal, source, staff):
    post(api, portal, seminar(source))

    page = staff("leyla", REVIEWERS).get("/admin/review/")

    assert "Seminar on heritage" in page.content.decode()
    assert "Proposed by Ministry portal through the API." in page.content.decode()


def test_the_same_request_sent_again_with_its_key_gets_the_first_answer_and_makes_nothing_twice(api, portal, source):
    first = post(api, portal, seminar(source), key="7c1f")

    again = post(api, portal, seminar(source), key="7c1f")

    assert again.status_code == 202
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Event.objects.count() == 1
    assert Review.objects.count() == 1


def test_a_key_sent_with_another_request_is_a_422_and_changes_nothing(api, portal, source):
    post(api, portal, seminar(source), key="7c1f")

    response = post(api, portal, seminar(source, title="Another seminar"), key="7c1f")

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert "used for another request" in response.json()["detail"]
    assert response.json()["type"] == "http://testserver/api/v1/errors/#unprocessable-content"
    assert list(Event.objects.values_list("title", flat=True)) == ["Seminar on heritage"]


def test_a_new_record_without_an_idempotency_key_is_refused(api, portal, source):
    response = post(api, portal, seminar(source), key=None)

    assert response.status_code == 400
    assert "Send an Idempotency-Key header" in errors_of(response)["Idempotency-Key"]
    assert not Event.objects.exists()


def test_the_same_key_handled_meanwhile_by_another_worker_gets_its_answer_and_writes_nothing(
    api, portal, source, monkeypatch
):
    """Two workers with the same key at once: the second finds the key taken when it stores its
    proposal (the database's unique constraint), undoes everything it wrote and answers as the first."""
    first = post(api, portal, seminar(source), key="race")
    real_replayed = api_proposals.replayed
    calls = []

    def not_yet_stored(*args):  # the second worker looked before the first one stored its answer
        calls.append(args)
        return None if len(calls) == 1 else real_replayed(*args)

    monkeypatch.setattr(api_proposals, "replayed", not_yet_stored)

    again = post(api, portal, seminar(source), key="race")

    assert again.status_code == 202
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Event.objects.count() == 1
    assert Review.objects.count() == 1


def test_only_a_token_that_may_propose_proposes(api, source, db):
    reader = PartnerTokenFactory(partner="Reader")
    powerless = PartnerTokenFactory(
        partner="Newsroom", scope=TokenScope.PROPOSE, proposes_as=UserFactory(username="newsroom")
    )

    anonymous = post(api, None, seminar(source))
    read_only = post(api, reader, seminar(source))
    no_rights = post(api, powerless, seminar(source))

    assert anonymous.status_code == 401
    assert "Proposals need a partner token that may propose" in anonymous.json()["detail"]
    assert read_only.status_code == 403
    assert read_only.json()["detail"] == "This token may read only: ask the records' staff for one that may propose."
    assert no_rights.status_code == 403
    assert "may not add events" in no_rights.json()["detail"]
    assert not Event.objects.exists()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("fields", "parameter", "message_part"),
    [
        ({"titel": "x"}, "titel", "Not a field a proposal sets; it sets: note, slug, title, kind"),
        ({"kind": "party"}, "kind", "“party” is not one of the values: accession, award, visit, meeting"),
        ({"start_date": "2025-13"}, "start_date", "Enter a year (2027), a month (2027-06) or a day (2027-06-14)."),
        ({"place": "nowhere"}, "place", "No published place has the id or slug “nowhere”."),
        ({"title": ""}, "title", "This field is required."),
        ({"end_date": "2024"}, "end_date", "The end date cannot be before the start date."),
        (
            {"translations": {"fr": {"title": "x"}}},
            "translations",
            "“fr” is not a language of translations: az, ar, ru.",
        ),
        ({"translations": {"az": {"kind": "x"}}}, "translations.az", "“kind” is not translated"),
        ({"citations": []}, "citations", "at least one quote from a published source"),
        ({"citations": [{"source": "press-release", "quote": "Not in it."}]}, "citations.0.quote", "word for word"),
        ({"citations": [{"source": "unknown", "quote": "x"}]}, "citations.0.source", "No published source"),
        ({"slug": "taken"}, "slug", "Another record already uses this slug."),
    ],
)
def test_a_proposal_gets_the_editors_validation_with_each_error_named_and_nothing_is_written(
    api, portal, source, baku, fields, parameter, message_part
):
    EventFactory(slug="taken")
    PlaceFactory(slug="draft-place", publication_status=PublicationStatus.DRAFT)

    response = post(api, portal, seminar(source, **fields))

    assert response.status_code == 400, response.content
    errors = errors_of(response)
    assert message_part in errors[parameter], errors
    assert Event.objects.count() == 1  # the one made here
    assert not Review.objects.exists()
    assert not Proposal.objects.exists()
    assert source.citations.count() == 0


def test_a_draft_is_no_more_linkable_than_a_record_that_does_not_exist(api, portal, source):
    PlaceFactory(slug="draft-place", publication_status=PublicationStatus.DRAFT)

    response = post(api, portal, seminar(source, place="draft-place"))

    assert errors_of(response) == {"place": "No published place has the id or slug “draft-place”."}


def test_a_proposed_source_needs_no_citations(api, portal):
    body = {
        "title": "Press release",
        "kind": "press_release",
        "language": "en",
        "text": "A new text.",
        "reference": "x",
    }

    response = api.post(
        "/api/v1/sources/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {portal.key}",
        HTTP_IDEMPOTENCY_KEY="s1",
    )

    assert response.status_code == 202, response.content
    assert response.json()["record_type"] == "source"
    with_citations = api.post(
        "/api/v1/sources/",
        json.dumps({**body, "citations": []}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {portal.key}",
        HTTP_IDEMPOTENCY_KEY="s2",
    )
    assert "citations" in errors_of(with_citations)


def test_errors_are_in_the_language_asked_for(api, portal, source):
    response = post(api, portal, seminar(source, title=""), HTTP_ACCEPT_LANGUAGE="ru")

    assert response["Content-Language"] == "ru"
    assert response.json()["title"] == "Неверный запрос"
    assert errors_of(response) == {"title": "Обязательное поле."}


# The database's rules ---------------------------------------------------------------------------


def test_a_token_that_may_propose_names_its_account(db):
    with transaction.atomic(), pytest.raises(IntegrityError, match=r"cooperation_partnertoken_proposes_as_someone"):
        PartnerToken.objects.create(partner="x", key_hash="a", scope=TokenScope.PROPOSE)
    with transaction.atomic(), pytest.raises(IntegrityError, match=r"cooperation_partnertoken_scope_valid"):
        PartnerToken.objects.create(partner="x", key_hash="b", scope="write", proposes_as=UserFactory())


def test_a_key_names_one_request_of_a_token(portal, meeting):
    row = {"token": portal, "kind": ProposalKind.CORRECTION, "record": meeting, "request_hash": "h"}
    Proposal.objects.create(**row, idempotency_key="k", status_code=202, answer={})
    Proposal.objects.create(**row, idempotency_key="", status_code=202, answer={})
    Proposal.objects.create(**row, idempotency_key="", status_code=202, answer={})  # no key: no rule

    with transaction.atomic(), pytest.raises(IntegrityError, match=r"cooperation_proposal_one_request_per_key|UNIQUE"):
        Proposal.objects.create(**row, idempotency_key="k", status_code=202, answer={})
    with transaction.atomic(), pytest.raises(IntegrityError, match=r"cooperation_proposal_kind_valid"):
        Proposal.objects.create(**{**row, "kind": "delete"}, idempotency_key="z", status_code=202, answer={})


def test_the_admin_says_a_token_that_may_propose_needs_its_account(staff):
    client = staff("admin-user", "Administrators")

    response = client.post(
        "/admin/cooperation/partnertoken/add/", {"partner": "Portal", "note": "", "scope": "propose", "proposes_as": ""}
    )

    assert response.status_code == 200
    assert "A token that may propose needs the account its proposals are made as." in response.content.decode()
    assert not PartnerToken.objects.exists()


def test_citations_of_a_proposal_are_checked_against_published_sources_only(api, portal):
    draft_source = SourceFactory(slug="draft-source", publication_status=PublicationStatus.DRAFT)
    CitationFactory(source=draft_source)

    response = post(
        api, portal, seminar(draft_source, citations=[{"source": "draft-source", "quote": draft_source.text[:20]}])
    )

    assert errors_of(response)["citations.0.source"] == "No published source has the id or slug “draft-source”."


def test_administrators_see_what_partners_proposed(api, portal, source, staff):
    post(api, portal, seminar(source))
    client = staff("admin-user", "Administrators")

    page = client.get("/admin/cooperation/proposal/").content.decode()
    proposal = client.get(f"/admin/cooperation/proposal/{Proposal.objects.get().pk}/change/")

    assert "Ministry portal" in page
    assert "Seminar on heritage" in page
    assert proposal.status_code == 200
    assert "awaiting_review" in proposal.content.decode()
    assert client.post("/admin/cooperation/proposal/add/", {}).status_code == 403


def test_a_proposal_links_at_most_a_hundred_records(api, portal, source):
    response = post(api, portal, seminar(source, initiatives=["x"] * 101))

    assert response.status_code == 400
    assert "initiatives" in errors_of(response)


def test_the_admin_refuses_a_token_that_would_propose_as_an_account_without_the_editors_role(staff):
    client = staff("admin-user", "Administrators")
    account = UserFactory(username="newsroom", is_staff=True)

    response = client.post(
        "/admin/cooperation/partnertoken/add/",
        {"partner": "Portal", "note": "", "scope": "propose", "proposes_as": account.pk},
    )

    assert response.status_code == 200
    assert "newsroom may not add records or their quotes: give it the Editors role first." in response.content.decode()
    assert not PartnerToken.objects.exists()


def test_every_mistake_of_a_body_is_named_in_one_answer(api, portal, source):
    body = seminar(source, kind="party", start_date=2025, place="atlantis", title=12)
    body["citations"][0]["page"] = 3

    errors = errors_of(post(api, portal, body))

    assert set(errors) == {"kind", "start_date", "place", "title", "citations.0.page"}
    assert errors["title"] == "Not a valid string."
    assert "Not a field of a citation; it has: source, quote, field." in errors["citations.0.page"]


def test_a_rule_of_the_record_is_named_by_its_field(api, portal, source):
    errors = errors_of(post(api, portal, seminar(source, start_date="2025-05", end_date="2024")))

    assert errors == {"end_date": "The end date cannot be before the start date."}


def test_the_same_json_however_written_is_the_same_request(api, portal, source):
    first = post(api, portal, seminar(source), key="k")
    body = json.dumps(dict(reversed(list(seminar(source).items()))), indent=4)

    again = api.post(
        "/api/v1/events/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {portal.key}",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert again.status_code == 202
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Event.objects.count() == 1


def test_a_body_that_is_not_json_is_a_400_listing_the_error(api, portal):
    response = api.post(
        "/api/v1/events/",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {portal.key}",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert response.status_code == 400
    assert errors_of(response)["request"].startswith("JSON parse error")
