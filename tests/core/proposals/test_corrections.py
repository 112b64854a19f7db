"""Partners' proposed corrections (PATCH with If-Match): kept as the record's change awaiting review,
the public record left as it was until a reviewer approves; 428 without If-Match, 412 when stale, 409
when another change awaits review; Idempotency-Key optional."""

from django.contrib.contenttypes.models import ContentType

from cooperation.core.proposals import Proposal
from cooperation.core.records import PublicationStatus
from cooperation.core.reviews import Review
from cooperation.core.revisions import Revision, RevisionQuerySet, approve
from cooperation.core.roles import REVIEWERS
from cooperation.core.tokens import TokenScope
from tests.core.proposals.partner import errors_of, etag_of, patch
from tests.factories import EventFactory, PartnerTokenFactory, StaffFactory


def test_a_correction_is_kept_for_review_and_the_public_record_is_left_as_it_was(api, portal, meeting, source):
    etag = etag_of(api, meeting)

    response = patch(
        api,
        portal,
        meeting,
        {
            "title": "Meeting of the commission in Baku",
            "translations": {"ar": {"title": "اجتماع اللجنة في باكو"}},
            "citations": [{"source": "press-release", "quote": "It was long."}],
            "comment": "The article names the commission.",
        },
        etag,
    )

    assert response.status_code == 202, response.content
    assert response.json()["changed"] == ["citations", "title", "translations"]
    assert response.json()["kind"] == "correction"
    meeting.refresh_from_db()
    assert (meeting.title, meeting.title_ar, meeting.citations.count()) == ("Meeting in Baku", None, 0)
    assert etag_of(api, meeting) == etag  # visitors and partners see the approved version
    revision = Revision.objects.open().of(meeting).get()
    assert revision.created_by.username == "ministry-portal"
    assert Proposal.objects.get().revision == revision
    review = Review.objects.get()
    assert (review.record, review.submitted_by.username) == (meeting, "ministry-portal")
    assert review.comment == "Proposed by Ministry portal through the API: The article names the commission."

    approve(revision.pk, StaffFactory(username="leyla", groups=[REVIEWERS]))

    meeting.refresh_from_db()
    assert (meeting.title, meeting.title_ar) == ("Meeting of the commission in Baku", "اجتماع اللجنة في باكو")
    assert meeting.citations.get().quote == "It was long."
    assert "revision" in meeting.history.first().history_change_reason
    assert "ministry-portal" in meeting.history.first().history_change_reason
    assert etag_of(api, meeting) != etag


def test_a_correction_without_if_match_is_a_428(api, portal, meeting):
    for etag in (None, "*"):
        response = patch(api, portal, meeting, {"title": "Changed"}, etag)

        assert response.status_code == 428
        assert response.json()["detail"].startswith("Send If-Match with the ETag of the record's detail")
    assert not Revision.objects.exists()


def test_a_correction_of_a_version_since_changed_is_a_412(api, portal, meeting):
    etag = etag_of(api, meeting)
    meeting.description = "Changed by an editor meanwhile."
    meeting.save()

    response = patch(api, portal, meeting, {"title": "Changed"}, etag)

    assert response.status_code == 412
    assert response.json()["type"] == "http://testserver/api/v1/errors/#precondition-failed"
    assert not Revision.objects.exists()
    assert not Review.objects.exists()


def test_if_match_takes_the_etag_of_the_detail_read_in_any_language_and_a_compressed_copys(api, portal, meeting):
    arabic = etag_of(api, meeting, HTTP_ACCEPT_LANGUAGE="ar")
    compressed = api.get(f"/api/v1/events/{meeting.uuid}/?lang=az", HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    assert compressed.startswith('W/"')

    assert patch(api, portal, meeting, {"title": "First"}, arabic).status_code == 202
    assert patch(api, portal, meeting, {"title": "Second"}, f'"other", {compressed}').status_code == 202


def test_a_second_correction_of_the_same_partner_is_added_to_its_first(api, portal, meeting):
    etag = etag_of(api, meeting)
    patch(api, portal, meeting, {"title": "Corrected"}, etag)

    response = patch(api, portal, meeting, {"description": "Also corrected."}, etag)

    assert response.status_code == 202
    assert response.json()["changed"] == ["description"]
    after = Revision.objects.open().of(meeting).get().rows()[0].after
    assert (after["title"], after["description"]) == ("Corrected", "Also corrected.")


def test_a_correction_of_a_record_with_someone_elses_change_awaiting_review_is_a_409(api, portal, meeting):
    etag = etag_of(api, meeting)
    other = PartnerTokenFactory(partner="Newsroom", scope=TokenScope.PROPOSE, proposes_as=portal.proposes_as)
    patch(api, other, meeting, {"title": "The newsroom's"}, etag)

    response = patch(api, portal, meeting, {"title": "The portal's"}, etag)

    assert response.status_code == 409
    assert "Another change to this record awaits review" in response.json()["detail"]
    assert Revision.objects.open().of(meeting).get().rows()[0].after["title"] == "The newsroom's"


def test_a_correction_that_changes_nothing_is_refused(api, portal, meeting):
    response = patch(api, portal, meeting, {"title": "Meeting in Baku"}, etag_of(api, meeting))

    assert response.status_code == 400
    assert errors_of(response) == {"request": "This changes nothing: the record already says so."}
    assert not Revision.objects.exists()
    assert not Review.objects.exists()


def test_an_invalid_correction_changes_nothing(api, portal, meeting):
    response = patch(api, portal, meeting, {"title": "", "end_date": "2020"}, etag_of(api, meeting))

    assert response.status_code == 400
    assert set(errors_of(response)) >= {"title"}
    meeting.refresh_from_db()
    assert meeting.title == "Meeting in Baku"
    assert not Revision.objects.exists()


def test_a_correction_sent_again_with_its_key_is_answered_as_the_first_time(api, portal, meeting):
    etag = etag_of(api, meeting)
    first = patch(api, portal, meeting, {"title": "Corrected"}, etag, HTTP_IDEMPOTENCY_KEY="c1")

    again = patch(api, portal, meeting, {"title": "Corrected"}, etag, HTTP_IDEMPOTENCY_KEY="c1")

    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Proposal.objects.count() == 1


def test_drafts_and_unknown_records_cannot_be_corrected(api, portal):
    draft = EventFactory(publication_status=PublicationStatus.DRAFT)

    response = patch(api, portal, draft, {"title": "x"}, '"any"')

    assert response.status_code == 404
    assert not Revision.objects.exists()


def test_read_only_tokens_stay_read_only(api, meeting, db):
    reader = PartnerTokenFactory(partner="Reader")

    response = patch(api, reader, meeting, {"title": "x"}, etag_of(api, meeting))

    assert response.status_code == 403
    assert not Revision.objects.exists()


def test_a_correction_meeting_anothers_first_change_at_the_same_moment_is_a_409(api, portal, meeting, monkeypatch):
    """Both found no change awaiting review; the database keeps one open revision per record."""
    etag = etag_of(api, meeting)
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(meeting),
        object_id=meeting.pk,
        changes=[],
        created_at=meeting.updated_at,
        updated_at=meeting.updated_at,
    )
    monkeypatch.setattr(RevisionQuerySet, "open", lambda self: self.none())  # as it looked a moment before

    response = patch(api, portal, meeting, {"title": "Corrected"}, etag)

    assert response.status_code == 409
    assert "Another change to this record awaits review" in response.json()["detail"]
    assert not Review.objects.exists()
    assert not Proposal.objects.exists()
