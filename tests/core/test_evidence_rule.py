"""The one evidence rule (cooperation/core/evidence.py), applied by every staff action as
verify_citations applies it: nothing public, record or part, without a citation from a published
source. Publishing, saving a form, unpublishing a source and deleting a citation that would break it
are refused, naming what would lack evidence, and leave the database as it was.

Every record made here is cited from a published source, so that the rule's whole check,
`uncited_records()`, finds nothing before an action and must find nothing after it.
"""

import threading
import time

import pytest
from django.contrib import admin as django_admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection, connections, transaction

from cooperation.core.admin.guard import EvidenceRefused
from cooperation.core.citations import Citation
from cooperation.core.evidence import uncited_records
from cooperation.core.publication import set_publication
from cooperation.core.records import PublicationStatus
from cooperation.models import Source
from events.models import Event, Participation
from people.models import Person, Post
from tests.admin_support import add_inline_rows, admin_url, change_form_post, form_values, inline_prefix
from tests.factories import (
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def cited(record, source=None, quote="Baku"):
    CitationFactory(record=record, source=source or SourceFactory(), quote=quote)
    record.refresh_from_db()
    return record


def messages_of(response):
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def publish(client, model, *records, action="publish"):
    return client.post(admin_url(model, "changelist"), {"action": action, "_selected_action": [r.pk for r in records]})


@pytest.fixture
def reviewer(sign_in):
    return sign_in("reviewer")


@pytest.fixture
def meeting():
    """A draft event, cited, with a cited participant: ready to publish."""
    event = cited(EventFactory(title="Meeting in Baku", publication_status=DRAFT))
    cited(ParticipationFactory(event=event, person=cited(PersonFactory(name="Anar Karimov"))))
    return event


def test_the_records_here_start_with_every_public_record_cited(meeting):
    assert list(uncited_records()) == []


def test_publishing_a_record_cited_only_from_a_draft_source_is_refused_and_says_so(reviewer):
    draft_source = SourceFactory(title="Unreviewed article", publication_status=DRAFT)
    event = cited(EventFactory(title="Meeting in Baku", publication_status=DRAFT), source=draft_source)

    response = publish(reviewer, Event, event)

    assert messages_of(response) == [
        (
            "error",
            "“Meeting in Baku” was not changed: event “Meeting in Baku” would be public with no citation from a "
            "published source. Cite a published source for each (or use “Publish the selected records, and the "
            "draft sources they are cited from”), or keep them drafts.",
        )
    ]
    assert Event.objects.get(pk=event.pk).publication_status == DRAFT
    assert list(uncited_records()) == []


def test_publishing_an_event_checks_the_participations_it_makes_public(reviewer, meeting):
    uncited = ParticipationFactory(event=meeting, person=cited(PersonFactory(name="Adil Karimli")))

    response = publish(reviewer, Event, meeting)

    [(level, message)] = messages_of(response)
    assert level == "error"
    assert f"participation “{uncited}” would be public" in message
    assert Event.objects.get(pk=meeting.pk).publication_status == DRAFT

    cited(uncited)
    reviewer.get(admin_url(Event, "changelist"))  # shows, and so clears, the messages above
    response = publish(reviewer, Event, meeting)

    assert messages_of(response) == [("success", "1 record(s) set to published.")]
    assert Event.objects.get(pk=meeting.pk).publication_status == PUBLISHED
    assert list(uncited_records()) == []


def test_a_reviewer_may_publish_the_cited_draft_source_in_the_same_step(reviewer, client):
    draft_source = SourceFactory(title="Unreviewed article", publication_status=DRAFT)
    event = cited(EventFactory(title="Meeting in Baku", publication_status=DRAFT), source=draft_source)

    response = publish(reviewer, Event, event, action="publish_with_sources")

    assert messages_of(response) == [
        ("success", "1 record(s) set to published."),
        ("success", "Published with them, as their evidence: source “Unreviewed article”."),
    ]
    assert Source.objects.get(pk=draft_source.pk).publication_status == PUBLISHED
    assert list(uncited_records()) == []
    detail = client.get(f"/api/v1/events/{event.uuid}/").json()
    assert [c["quote"] for c in detail["citations"]] == ["Baku"]


def test_an_editor_is_not_offered_to_publish_at_all(sign_in, meeting):
    page = sign_in("editor").get(admin_url(Event, "changelist")).content.decode()

    assert 'value="publish_with_sources"' not in page
    assert 'value="publish"' not in page


def test_unpublishing_the_only_public_evidence_of_records_is_refused_with_their_list(reviewer):
    source = SourceFactory(title="Azernews article")
    event = cited(EventFactory(title="Meeting in Baku"), source=source)
    person = cited(PersonFactory(name="Adil Karimli"), source=source)
    elsewhere = cited(cited(PersonFactory(name="Emin Amrullayev"), source=source), quote="ICESCO")

    response = publish(reviewer, Source, source, action="unpublish")

    [(level, message)] = messages_of(response)
    assert level == "error"
    assert message.startswith("“Azernews article” was left published: it is the only public evidence of ")
    assert "event “Meeting in Baku”" in message
    assert "person “Adil Karimli”" in message
    assert "Emin Amrullayev" not in message  # cited from another published source too
    assert Source.objects.get(pk=source.pk).publication_status == PUBLISHED
    for record in (event, person, elsewhere):
        assert type(record).objects.get(pk=record.pk).publication_status == PUBLISHED
    assert list(uncited_records()) == []


def test_the_reviewer_may_confirm_unpublishing_those_records_too(reviewer):
    source = SourceFactory(title="Azernews article")
    event = cited(EventFactory(title="Meeting in Baku"), source=source)

    response = publish(reviewer, Source, source, action="unpublish_with_records")

    assert messages_of(response) == [
        ("success", "1 record(s) set to draft."),
        ("success", "Unpublished too, as they had no other public evidence: event “Meeting in Baku”."),
    ]
    assert Event.objects.get(pk=event.pk).publication_status == DRAFT
    assert Source.objects.get(pk=source.pk).publication_status == DRAFT
    assert list(uncited_records()) == []


def test_a_part_whose_only_evidence_it_is_keeps_the_source_published(reviewer, meeting):
    source = SourceFactory(title="Azernews article")
    Event.objects.filter(pk=meeting.pk).update(publication_status=PUBLISHED)
    participation = ParticipationFactory(event=meeting, person=cited(PersonFactory(name="Adil Karimli")))
    cited(participation, source=source)

    response = publish(reviewer, Source, source, action="unpublish_with_records")

    [(level, message)] = messages_of(response)
    assert level == "error"
    assert f"participation “{participation}”" in message
    assert Source.objects.get(pk=source.pk).publication_status == PUBLISHED
    assert list(uncited_records()) == []


def test_saving_a_draft_as_published_in_its_form_is_refused_and_the_form_comes_back_as_sent(reviewer):
    draft_source = SourceFactory(publication_status=DRAFT)
    event = cited(EventFactory(title="Meeting in Baku", publication_status=DRAFT), source=draft_source)
    page = reviewer.get(admin_url(Event, "change", event.pk))

    response = reviewer.post(
        admin_url(Event, "change", event.pk),
        change_form_post(page) | {"publication_status": PUBLISHED, "title": "Meeting in Baku, renamed"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Not saved: event “Meeting in Baku, renamed” would be public with no citation from a published source." in body
    )
    assert 'value="Meeting in Baku, renamed"' in body  # as sent
    stored = Event.objects.get(pk=event.pk)
    assert (stored.title, stored.publication_status) == ("Meeting in Baku", DRAFT)
    assert list(uncited_records()) == []


def test_a_participant_added_to_a_published_event_without_evidence_is_refused(sign_in, meeting):
    Event.objects.filter(pk=meeting.pk).update(publication_status=PUBLISHED)
    person = cited(PersonFactory(name="Adil Karimli"))
    editor = sign_in("editor")
    page = editor.get(admin_url(Event, "change", meeting.pk))
    data = add_inline_rows(
        change_form_post(page) | {"note": "One more participant."},
        inline_prefix(page, Participation),
        {"order": 5, "person": person.pk, "role": "attendee"},
    )

    response = editor.post(admin_url(Event, "change", meeting.pk), data)

    assert response.status_code == 200
    assert "would be public with no citation from a published source" in response.content.decode()
    assert meeting.participations.count() == 1
    assert Event.objects.get(pk=meeting.pk).note == meeting.note
    assert list(uncited_records()) == []


def test_a_participant_added_on_its_own_page_with_its_citation_is_saved(sign_in, meeting):
    Event.objects.filter(pk=meeting.pk).update(publication_status=PUBLISHED)
    person, source = cited(PersonFactory(name="Adil Karimli")), SourceFactory()
    editor = sign_in("reviewer")  # saved at once (an editor's is kept for review)
    page = editor.get(admin_url(Participation, "add"))
    data = add_inline_rows(
        change_form_post(page) | {"event": meeting.pk, "person": person.pk, "role": "attendee", "order": 5},
        inline_prefix(page, Citation),
        {"source": source.pk, "field": "", "quote": "Baku"},
    )

    response = editor.post(admin_url(Participation, "add"), data)

    assert response.status_code == 302
    assert meeting.participations.filter(person=person).exists()
    assert list(uncited_records()) == []


def test_deleting_the_last_public_citation_of_a_published_record_is_refused(sign_in):
    event = cited(EventFactory(title="Meeting in Baku"))
    [citation] = event.citations.all()
    reviewer = sign_in("reviewer")

    response = reviewer.post(admin_url(Citation, "delete", citation.pk), {"post": "yes"})

    assert response.status_code == 302
    assert response.url == admin_url(Citation, "change", citation.pk)
    [(level, message)] = messages_of(response)
    assert (level, message.split(":")[0]) == ("error", "Not deleted")
    assert "event “Meeting in Baku”" in message
    assert Citation.objects.filter(pk=citation.pk).exists()

    reviewer.get(admin_url(Citation, "changelist"))  # shows, and so clears, the message above
    bulk = reviewer.post(
        admin_url(Citation, "changelist"),
        {"action": "delete_selected", "_selected_action": [citation.pk], "post": "yes"},
    )

    assert [level for level, _message in messages_of(bulk)] == ["error"]
    assert Citation.objects.filter(pk=citation.pk).exists()
    assert list(uncited_records()) == []


def test_a_citation_with_another_public_one_beside_it_is_deleted(sign_in):
    event = cited(cited(EventFactory(title="Meeting in Baku")), quote="ICESCO")
    citation = event.citations.first()

    response = sign_in("reviewer").post(admin_url(Citation, "delete", citation.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert list(uncited_records()) == []


def test_unpublishing_a_source_in_its_form_is_refused_while_it_is_the_only_evidence(reviewer):
    source = SourceFactory(title="Azernews article")
    cited(EventFactory(title="Meeting in Baku"), source=source)
    page = reviewer.get(admin_url(Source, "change", source.pk))

    response = reviewer.post(
        admin_url(Source, "change", source.pk), change_form_post(page) | {"publication_status": DRAFT}
    )

    assert response.status_code == 200
    assert (
        "event “Meeting in Baku” would be public with no citation from a published source" in response.content.decode()
    )
    assert Source.objects.get(pk=source.pk).publication_status == PUBLISHED


def test_a_gap_that_was_already_there_does_not_block_an_unrelated_edit(sign_in):
    event = EventFactory(title="Meeting in Baku")  # published with no citation at all (an older database)
    editor = sign_in("reviewer")  # saved at once (an editor's is kept for review)
    page = editor.get(admin_url(Event, "change", event.pk))

    response = editor.post(admin_url(Event, "change", event.pk), change_form_post(page) | {"note": "Checked."})

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).note == "Checked."


def test_restoring_a_published_version_whose_evidence_is_gone_is_refused(reviewer):
    source = SourceFactory(title="Azernews article")
    event = cited(EventFactory(title="Meeting in Baku"), source=source)
    published_version = event.history.latest()
    event.publication_status = DRAFT
    event.save()
    source.publication_status = DRAFT
    source.save()
    revert_url = admin_url(Event, "simple_history", event.pk, published_version.history_id)

    page = reviewer.get(revert_url)
    response = reviewer.post(revert_url, form_values(page.context["adminform"].form))

    assert response.status_code == 200
    assert (
        "event “Meeting in Baku” would be public with no citation from a published source" in response.content.decode()
    )
    assert Event.objects.get(pk=event.pk).publication_status == DRAFT
    assert list(uncited_records()) == []


def test_moving_the_only_public_citation_to_another_record_is_refused(reviewer):
    event = cited(EventFactory(title="Meeting in Baku"))
    other = cited(PersonFactory(name="Adil Karimli"))
    [citation] = event.citations.all()
    page = reviewer.get(admin_url(Citation, "change", citation.pk))

    response = reviewer.post(
        admin_url(Citation, "change", citation.pk),
        change_form_post(page) | {"content_type": ContentType.objects.get_for_model(Person).pk, "object_id": other.pk},
    )

    assert response.status_code == 200
    assert "event “Meeting in Baku” would be public" in response.content.decode()
    assert Citation.objects.get(pk=citation.pk).record == event
    assert list(uncited_records()) == []


def test_moving_a_post_to_a_published_organisation_checks_the_positions_it_makes_public(sign_in):
    draft_organisation = OrganisationFactory(name="Draft ministry", publication_status=DRAFT)
    ministry = cited(OrganisationFactory(name="Ministry of Culture"))
    post = cited(PostFactory(organisation=draft_organisation, title="Chair"))
    PositionFactory(post=post, person=cited(PersonFactory(name="Adil Karimli")))  # not public yet, and uncited
    editor = sign_in("editor")
    page = editor.get(admin_url(Post, "change", post.pk))

    response = editor.post(admin_url(Post, "change", post.pk), change_form_post(page) | {"organisation": ministry.pk})

    assert response.status_code == 200
    assert "position “Adil Karimli, Chair, Ministry of Culture” would be public" in response.content.decode()
    assert Post.objects.get(pk=post.pk).organisation == draft_organisation
    assert list(uncited_records()) == []


def test_every_record_left_without_evidence_is_unpublished_with_the_source_however_many(reviewer):
    source = SourceFactory(title="Azernews article")
    events = [cited(EventFactory(title=f"Meeting {n}"), source=source) for n in range(25)]

    response = publish(reviewer, Source, source, action="unpublish_with_records")

    [_changed, (level, message)] = messages_of(response)
    assert level == "success"
    assert message.endswith(" and 5 more.")
    assert not Event.objects.filter(pk__in=[e.pk for e in events], publication_status=PUBLISHED).exists()
    assert list(uncited_records()) == []


def test_a_citation_added_where_a_gap_already_was_is_not_refused(sign_in):
    event = EventFactory(title="Meeting in Baku")  # published with no citation (an older database)
    draft_source = SourceFactory(publication_status=DRAFT)
    editor = sign_in("reviewer")  # saved at once (an editor's is kept for review)
    page = editor.get(admin_url(Citation, "add"))
    data = change_form_post(page) | {
        "source": draft_source.pk,
        "content_type": ContentType.objects.get_for_model(Event).pk,
        "object_id": event.pk,
        "quote": "Baku",
    }

    response = editor.post(admin_url(Citation, "add"), data)

    assert response.status_code == 302
    assert event.citations.count() == 1


def test_an_editor_restoring_a_deleted_record_gets_it_back_as_a_draft(sign_in):
    event = cited(EventFactory(title="Meeting in Baku"))
    pk, version = event.pk, event.history.latest()
    event.delete()
    editor = sign_in("editor")
    revert_url = admin_url(Event, "simple_history", pk, version.history_id)
    page = editor.get(revert_url)

    response = editor.post(revert_url, form_values(page.context["adminform"].form))

    assert response.status_code == 302
    assert Event.objects.get(pk=pk).publication_status == DRAFT


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's (SQLite writes one at a time)"
)
@pytest.mark.django_db(transaction=True)
def test_two_people_deleting_the_two_citations_of_one_record_at_once_are_checked_one_after_the_other():
    event = cited(cited(EventFactory(title="Meeting in Baku")), quote="ICESCO")
    first, second = event.citations.order_by("pk")
    first_pk, second_pk = first.pk, second.pk  # a delete, even rolled back, clears the instance's
    guard = django_admin.site._registry[Citation]
    outcomes = {}

    def delete(citation, wait_before, wait_inside):
        time.sleep(wait_before)
        try:
            with transaction.atomic():
                guard._delete_checked(lambda: (time.sleep(wait_inside), citation.delete()), [citation])
            outcomes[citation.quote] = "deleted"
        except EvidenceRefused:
            outcomes[citation.quote] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=delete, args=(first, 0, 0.5)),  # holds the record's lock half a second
        threading.Thread(target=delete, args=(second, 0.1, 0)),  # asks while the first is deleting
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert outcomes == {first.quote: "deleted", second.quote: "refused"}
    assert list(event.citations.values_list("pk", flat=True)) == [second_pk]
    assert not Citation.objects.filter(pk=first_pk).exists()
    assert list(uncited_records()) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's (SQLite writes one at a time)"
)
@pytest.mark.django_db(transaction=True)
def test_publishing_a_person_waits_for_a_delete_of_their_participations_only_citation():
    event = cited(EventFactory(title="Meeting in Baku"))
    person = cited(PersonFactory(name="Adil Karimli", publication_status=DRAFT))
    participation = cited(ParticipationFactory(event=event, person=person))  # not public: the person is a draft
    [citation] = participation.citations.all()
    guard = django_admin.site._registry[Citation]
    outcomes = {}

    def delete():
        with transaction.atomic():
            guard._delete_checked(lambda: (citation.delete(), time.sleep(0.5)), [citation])
        outcomes["delete"] = "done"
        connections.close_all()

    def publish():
        time.sleep(0.1)  # while the delete holds the participation
        result = set_publication(Person.objects.filter(pk=person.pk), PUBLISHED)
        outcomes["publish"] = "refused" if result.refused else "published"
        connections.close_all()

    threads = [threading.Thread(target=delete), threading.Thread(target=publish)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert outcomes == {"delete": "done", "publish": "refused"}
    assert Person.objects.get(pk=person.pk).publication_status == DRAFT
    assert list(uncited_records()) == []
