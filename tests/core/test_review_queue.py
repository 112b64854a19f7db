"""The review queue at /admin/review/ (cooperation/core/admin/review.py): every draft of every type,
oldest change first, with who changed it; reviewers publish from it under the evidence rule."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction

from cooperation.core.records import PublicationStatus
from cooperation.core.reviews import Review, ReviewState
from cooperation.models import Organisation
from events.models import Event
from people.models import Person
from tests.factories import CitationFactory, EventFactory, OrganisationFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
QUEUE = "/admin/review/"


def key(record):
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def aged(record, days):
    type(record).objects.filter(pk=record.pk).update(updated_at=dt.datetime(2026, 1, days, tzinfo=dt.UTC))
    return record


@pytest.fixture
def drafts():
    person = aged(PersonFactory(name="Adil Karimli", publication_status=DRAFT), 3)
    event = aged(EventFactory(title="Meeting in Baku", publication_status=DRAFT), 1)
    organisation = aged(OrganisationFactory(name="Ministry of Culture", publication_status=DRAFT), 2)
    for record in (person, event, organisation):
        CitationFactory(record=record)
        aged(record, {person: 3, event: 1, organisation: 2}[record])
    EventFactory(title="Published already")
    return event, organisation, person


def test_the_queue_lists_every_draft_of_every_type_oldest_change_first_with_who_and_a_preview(sign_in, drafts):
    event, organisation, person = drafts

    response = sign_in("reviewer").get(QUEUE)

    assert response.status_code == 200
    listed = [draft.record for draft in response.context["drafts"]]
    assert listed == [event, organisation, person]
    body = response.content.decode()
    assert "Published already" not in body
    assert f'href="{event.get_absolute_url()}?preview=1"' in body
    assert f'value="{key(event)}"' in body
    assert [draft.type_label for draft in response.context["drafts"]] == ["Event", "Organisation", "Person"]
    assert {draft.changed_by for draft in response.context["drafts"]} == {"—"}  # saved outside a request


def test_a_reviewer_publishes_from_the_queue_and_what_lacks_evidence_stays_with_the_reason(sign_in, drafts):
    event, organisation, person = drafts
    uncited = aged(PersonFactory(name="Anar Karimov", publication_status=DRAFT), 4)
    client = sign_in("reviewer")

    response = client.post(QUEUE, {"selected": [key(event), key(person), key(uncited)]})

    assert response.status_code == 302
    assert response.url == QUEUE
    assert [(m.level_tag, m.message.split(":")[0]) for m in get_messages(response.wsgi_request)] == [
        ("success", "Published"),
        ("success", "Published"),
        ("error", "“Anar Karimov” was not changed"),
    ]
    assert Event.objects.get(pk=event.pk).publication_status == PUBLISHED
    assert Person.objects.get(pk=person.pk).publication_status == PUBLISHED
    assert Person.objects.get(pk=uncited.pk).publication_status == DRAFT
    assert Organisation.objects.get(pk=organisation.pk).publication_status == DRAFT  # not selected
    remaining = [draft.record for draft in client.get(QUEUE).context["drafts"]]
    assert remaining == [organisation, uncited]


def test_the_second_of_two_reviewers_publishing_the_same_draft_is_told(sign_in, drafts):
    event, _organisation, _person = drafts
    first = sign_in("reviewer")
    first.post(QUEUE, {"selected": [key(event)]})
    first.get(QUEUE)  # shows, and so clears, the first messages

    response = first.post(QUEUE, {"selected": [key(event)]})

    assert [m.message for m in get_messages(response.wsgi_request)] == ["Already published or removed meanwhile: 1."]


def test_editors_see_the_queue_but_may_not_publish_from_it(sign_in, drafts):
    event, _organisation, _person = drafts
    editor = sign_in("editor")

    page = editor.get(QUEUE)

    assert page.status_code == 200
    assert 'name="selected"' not in page.content.decode()
    assert "Publish the selected drafts" not in page.content.decode()
    assert editor.post(QUEUE, {"selected": [key(event)]}).status_code == 403
    assert Event.objects.get(pk=event.pk).publication_status == DRAFT


@pytest.mark.parametrize("role", ["anonymous", "visitor"])
def test_the_queue_is_for_staff_only(sign_in, role):
    response = sign_in(role).get(QUEUE)

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_nonsense_in_the_selection_is_ignored_with_a_message(sign_in):
    big = f"{ContentType.objects.get_for_model(Event).pk}:99999999999999999999"
    response = sign_in("reviewer").post(QUEUE, {"selected": ["x:1", "999999:1", "1", "²:1", "1:²", big]})

    assert response.status_code == 302
    assert [m.message for m in get_messages(response.wsgi_request)] == ["Select the drafts to publish."]


def test_every_admin_page_links_the_queue(sign_in):
    assert 'href="/admin/review/"' in sign_in("editor").get("/admin/").content.decode()


def test_a_draft_source_is_in_the_queue_too(sign_in):
    source = SourceFactory(title="Unreviewed article", publication_status=DRAFT)

    drafts = sign_in("reviewer").get(QUEUE).context["drafts"]

    assert [draft.record for draft in drafts] == [source]


def test_a_record_selected_with_its_draft_source_is_published_whatever_their_ages(sign_in):
    source = aged(SourceFactory(title="Unreviewed article", publication_status=DRAFT), 9)  # the newer
    event = EventFactory(title="Meeting in Baku", publication_status=DRAFT)
    CitationFactory(record=event, source=source, quote="Baku")
    aged(event, 1)

    response = sign_in("reviewer").post(QUEUE, {"selected": [key(event), key(source)]})

    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success", "success"]
    assert Event.objects.get(pk=event.pk).publication_status == PUBLISHED


def test_a_reviewer_sees_who_last_saved_a_draft(sign_in, drafts):
    event, _organisation, _person = drafts
    client = sign_in("reviewer")
    event.note = "Checked."
    event._history_user = client.get(QUEUE).wsgi_request.user
    event.save()

    [saved] = [draft for draft in client.get(QUEUE).context["drafts"] if draft.record == event]

    assert saved.changed_by == "reviewer-user"


def test_past_the_queues_size_it_says_more_are_waiting(sign_in, monkeypatch, drafts):
    monkeypatch.setattr("cooperation.core.admin.review.QUEUE_SIZE", 2)

    response = sign_in("reviewer").get(QUEUE)

    assert len(response.context["drafts"]) == 2
    assert "The 2 oldest drafts are shown" in response.content.decode()


# Submitting for review and sending back, with comments.


def step(record, name):
    return f"/admin/review/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/{name}/"


def test_an_editor_submits_a_draft_with_a_comment_and_the_queue_shows_it_awaiting_review(sign_in, drafts):
    event, _organisation, _person = drafts
    editor = sign_in("editor")
    change_page = editor.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert f'href="{step(event, "submit")}"' in change_page

    response = editor.post(step(event, "submit"), {"comment": "Checked against the Azernews article."})

    assert response.status_code == 302
    review = Review.objects.get(object_id=event.pk, content_type=ContentType.objects.get_for_model(Event))
    assert (review.state, review.comment, review.submitted_by.username) == (
        ReviewState.AWAITING,
        "Checked against the Azernews article.",
        "editor-user",
    )
    queue = sign_in("reviewer").get(QUEUE).content.decode()
    assert "<strong>awaiting review</strong>, editor-user: Checked against the Azernews article." in queue


def test_a_reviewer_sends_it_back_with_a_comment_and_the_editor_sees_it_on_the_admin_home(sign_in, client, drafts):
    event, _organisation, _person = drafts
    sign_in("editor").post(step(event, "submit"), {"comment": "Ready."})
    client.logout()
    reviewer = sign_in("reviewer")

    refused = reviewer.post(step(event, "send-back"), {"comment": ""})
    response = reviewer.post(step(event, "send-back"), {"comment": "The date is not in the quote."})

    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert response.status_code == 302
    review = Review.objects.get(object_id=event.pk, content_type=ContentType.objects.get_for_model(Event))
    assert (review.state, review.answer, review.answered_by.username) == (
        ReviewState.SENT_BACK,
        "The date is not in the quote.",
        "reviewer-user",
    )
    client.logout()
    client.force_login(review.submitted_by)
    home = client.get("/admin/").content.decode()
    assert "Your work in review" in home
    assert "<strong>changes requested</strong> — reviewer-user: The date is not in the quote." in home


def test_publishing_ends_the_review_and_the_editors_list(sign_in, client, drafts):
    event, _organisation, _person = drafts
    sign_in("editor").post(step(event, "submit"), {"comment": "Ready."})
    client.logout()

    editor = Review.objects.get().submitted_by
    sign_in("reviewer").post(QUEUE, {"selected": [key(event)]})

    assert not Review.objects.exists()
    client.force_login(editor)
    assert "Your work in review" not in client.get("/admin/").content.decode()


def test_editors_may_not_send_back_and_only_drafts_of_known_types_have_review_steps(sign_in, drafts):
    event, _organisation, _person = drafts
    editor = sign_in("editor")
    published = EventFactory(title="Published already")

    assert editor.post(step(event, "send-back"), {"comment": "No."}).status_code == 403
    assert editor.get(step(published, "submit")).status_code == 404
    assert editor.get(f"/admin/review/auth/user/{event.pk}/submit/").status_code == 404
    assert (
        f'href="{step(published, "submit")}"'
        not in editor.get(f"/admin/events/event/{published.pk}/change/").content.decode()
    )


@pytest.mark.parametrize("role", ["anonymous", "visitor"])
def test_review_steps_are_for_staff_only(sign_in, drafts, role):
    event, _organisation, _person = drafts

    response = sign_in(role).post(step(event, "submit"), {"comment": "Ready."})

    assert response.status_code == 302
    assert "/admin/login/" in response.url
    assert not Review.objects.exists()


def test_the_database_refuses_a_draft_sent_back_without_a_comment(drafts):
    event, _organisation, _person = drafts

    with pytest.raises(IntegrityError, match="cooperation_review_sent_back_with_a_comment"), transaction.atomic():
        Review.objects.create(
            content_type=ContentType.objects.get_for_model(Event),
            object_id=event.pk,
            state=ReviewState.SENT_BACK,
            submitted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"state": "approved"}, "cooperation_review_state_valid"),
        # SQLite names the columns of a unique constraint, PostgreSQL its name.
        (
            {"state": ReviewState.AWAITING},
            "cooperation_review_one_per_record|cooperation_review.content_type_id, cooperation_review.object_id",
        ),
    ],
)
def test_the_database_keeps_one_review_per_record_in_a_known_state(drafts, values, constraint):
    event, _organisation, _person = drafts
    record = {"content_type": ContentType.objects.get_for_model(Event), "object_id": event.pk}
    Review.objects.create(**record, state=ReviewState.AWAITING, submitted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    other = {} if constraint.startswith("cooperation_review_one_per_record") else {"object_id": event.pk + 1000}

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Review.objects.create(**(record | other), **values, submitted_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
