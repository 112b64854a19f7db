"""Pending revisions (cooperation/core/revisions.py, cooperation/core/admin/revising.py): an editor's
change to a published record or any of its parts is kept for review, the public sees the approved
version until a reviewer approves it, and approving is refused when stale, taken by another
reviewer first, or short of public evidence."""

import re
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from cooperation.core import revisions
from cooperation.core.citations import Citation
from cooperation.core.records import PublicationStatus
from cooperation.core.reviews import Review, ReviewState
from cooperation.core.revisions import NotApproved, Revision, RevisionState, approve, capture, keep
from cooperation.core.versioning import DataVersion
from cooperation.models import Organisation
from events.models import Event, Participation, ParticipationRole
from tests.admin_support import (
    add_inline_rows,
    admin_url,
    body,
    change_form_post,
    change_url,
    form_values,
    inline_prefix,
)
from tests.factories import (
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
QUEUE = "/admin/review/"
KEPT = "is kept for review: visitors see the approved version until a reviewer approves it."


@pytest.fixture
def ceremony():
    """A published event with its citation and one cited participant, Abdulhakeem AlSenan, attendee."""
    event = EventFactory(title="Opening ceremony", slug="opening-ceremony")
    CitationFactory(record=event)
    participation = ParticipationFactory(event=event, person=PersonFactory(name="Abdulhakeem AlSenan"))
    CitationFactory(record=participation)
    event.refresh_from_db()  # its parts moved its version on
    return event


def edit(client, record, changes=None, inline_changes=None):
    """Save the record's change page as displayed, with `changes` to its form and to its inlines'
    rows ({(model, row index): {field: value}})."""
    page = client.get(change_url(record))
    assert page.status_code == 200
    data = change_form_post(page) | (changes or {})
    for (model, index), values in (inline_changes or {}).items():
        prefix = inline_prefix(page, model)
        data |= {f"{prefix}-{index}-{name}": value for name, value in values.items()}
    return client.post(change_url(record), data)


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def new_title_and_role(client, event):
    return edit(
        client,
        event,
        {"title": "Opening of the regional office"},
        {(Participation, 0): {"role": ParticipationRole.SPEAKER}},
    )


def add_participant(client, event, person, source, role=ParticipationRole.ATTENDEE):
    """Post Participations › Add as displayed: `person` at `event` in `role`, cited with the first
    sentence of `source`."""
    page = client.get(admin_url(Participation, "add"))
    data = form_values(page.context["adminform"].form) | {
        "event": event.pk,
        "person": person.pk,
        "role": role,
        "order": 2,
    }
    for inline in page.context["inline_admin_formsets"]:
        data |= form_values(inline.formset.management_form)
    add_inline_rows(
        data,
        inline_prefix(page, Citation),
        {"source": source.pk, "field": "", "quote": source.text.partition(". ")[0]},
    )
    return client.post(admin_url(Participation, "add"), data)


def test_an_editors_change_to_a_published_event_and_its_participant_is_kept_and_the_public_sees_none_of_it(
    sign_in, ceremony
):
    version, history = DataVersion.current(), ceremony.history.count()
    editor = sign_in("editor")

    response = new_title_and_role(editor, ceremony)

    assert response.status_code == 302
    assert any(KEPT in message for message in said(response))
    stored = Event.objects.get(pk=ceremony.pk)
    assert (stored.title, stored.version, stored.history.count()) == ("Opening ceremony", ceremony.version, history)
    assert Participation.objects.get().role == ParticipationRole.ATTENDEE
    assert DataVersion.current() == version
    revision = Revision.objects.get()
    assert (revision.record, revision.state, revision.created_by.username) == (ceremony, "open", "editor-user")
    assert sorted(change.action for change in revision.rows()) == ["changed", "changed"]
    editor.logout()
    page = editor.get(ceremony.get_absolute_url())
    assert "<h1>Opening ceremony</h1>" in page.content.decode()
    assert "Opening of the regional office" not in page.content.decode()
    api = editor.get(f"/api/v1/events/{ceremony.uuid}/").json()
    assert api["title"] == "Opening ceremony"
    assert [p["role"] for p in api["participants"]] == ["attendee"]


def test_the_editor_sees_the_kept_change_in_the_form_and_a_second_save_adds_to_it(sign_in, ceremony):
    editor = sign_in("editor")
    new_title_and_role(editor, ceremony)

    page = editor.get(change_url(ceremony))
    assert page.context["adminform"].form["title"].value() == "Opening of the regional office"
    revision_link = f'<a href="/admin/review/revisions/{Revision.objects.get().pk}/">Change awaiting review</a>'
    assert revision_link in body(page)
    assert "This form shows the change awaiting review, last saved by editor-user." in re.sub("<[^>]+>", "", body(page))
    response = edit(editor, ceremony, {"note": "Title as in the headline."})

    assert response.status_code == 302
    revision = Revision.objects.get()  # still one open revision: the working copy, both changes in it
    after = {change.model: change.after for change in revision.rows()}
    assert after[Event]["title"] == "Opening of the regional office"
    assert after[Event]["note"] == "Title as in the headline."
    assert after[Participation]["role"] == "speaker"
    assert Event.objects.get(pk=ceremony.pk).note == ""


def test_a_second_editor_whose_form_predates_the_first_ones_kept_change_is_told_and_overwrites_nothing(staff, ceremony):
    first, second = staff("aysel"), staff("rashad")
    second_page = second.get(change_url(ceremony))
    new_title_and_role(first, ceremony)

    refused = second.post(change_url(ceremony), change_form_post(second_page) | {"note": "Checked by Rashad."})

    assert refused.status_code == 200
    assert re.search(r"aysel saved this record \(.+\) after you opened it", body(refused))
    (revision,) = Revision.objects.all()
    after = {change.model: change.after for change in revision.rows()}
    assert (after[Event]["title"], after[Event]["note"]) == ("Opening of the regional office", "")
    assert revision.updated_by.username == "aysel"


def test_an_editor_bringing_every_change_back_withdraws_the_kept_change(sign_in, ceremony):
    editor = sign_in("editor")
    new_title_and_role(editor, ceremony)
    editor.post(f"/admin/review/events/event/{ceremony.pk}/submit/", {"comment": "New title."})

    response = edit(
        editor, ceremony, {"title": "Opening ceremony"}, {(Participation, 0): {"role": ParticipationRole.ATTENDEE}}
    )

    assert said(response) == ["“Opening ceremony” is as approved again: the change kept for review is withdrawn."]
    assert not Revision.objects.exists()
    assert not Review.objects.exists()
    assert Event.objects.get(pk=ceremony.pk).version == ceremony.version


def test_a_reviewer_sees_the_diff_approves_and_the_public_page_and_api_show_the_change(sign_in, client, ceremony):
    new_title_and_role(sign_in("editor"), ceremony)
    revision = Revision.objects.get()
    reviewer = UserFactory(username="leyla", is_staff=True, groups=["Reviewers"])
    client.force_login(reviewer)

    queue = client.get(QUEUE)
    assert [item.revision for item in queue.context["revisions"]] == [revision]
    page = client.get(f"/admin/review/revisions/{revision.pk}/")
    rows = [
        (row.type_label, row.action, [(f.label, f.before, f.after) for f in row.fields]) for row in page.context["rows"]
    ]
    assert rows == [
        ("Event", "changed", [("Title", "Opening ceremony", "Opening of the regional office")]),
        ("Participation", "changed", [("Role", "attendee", "speaker")]),
    ]
    assert "Approve and publish" in body(page)

    response = client.post(f"/admin/review/revisions/{revision.pk}/", {"action": "approve"})

    assert response.status_code == 302
    assert said(response) == ["Approved: “Opening ceremony” is published as changed."]
    stored = Event.objects.get(pk=ceremony.pk)
    assert stored.title == "Opening of the regional office"
    assert Participation.objects.get().role == ParticipationRole.SPEAKER
    last = stored.history.first()
    assert (last.history_user, last.history_change_reason) == (
        reviewer,
        f"revision {revision.pk} by editor-user, approved by leyla",
    )
    revision.refresh_from_db()
    assert (revision.state, revision.approved_by) == (RevisionState.APPROVED, reviewer)
    client.logout()
    assert "<h1>Opening of the regional office</h1>" in client.get(ceremony.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/events/{ceremony.uuid}/").json()["participants"][0]["role"] == "speaker"


def test_the_preview_shows_the_change_to_staff_and_visitors_get_a_404(sign_in, client, ceremony):
    new_title_and_role(sign_in("editor"), ceremony)
    preview = f"{ceremony.get_absolute_url()}?preview=1"

    page = client.get(preview)

    assert "Opening of the regional office" in page.content.decode()
    assert "once the change awaiting review is approved. Visitors see the page as it is now." in body(page)
    assert "It is not public" not in body(page)
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert Event.objects.get(pk=ceremony.pk).title == "Opening ceremony"
    client.logout()
    assert client.get(preview).status_code == 404
    assert "<h1>Opening ceremony</h1>" in client.get(ceremony.get_absolute_url()).content.decode()


def test_approving_a_revision_made_stale_by_a_later_change_is_refused_and_changes_nothing(sign_in, client, ceremony):
    new_title_and_role(sign_in("editor"), ceremony)
    revision = Revision.objects.get()
    reviewer = sign_in("reviewer")
    edit(reviewer, ceremony, {"title": "Opening ceremony in Baku"})  # a reviewer's own change, public at once
    assert Event.objects.get(pk=ceremony.pk).title == "Opening ceremony in Baku"

    page = reviewer.get(f"/admin/review/revisions/{revision.pk}/")
    response = reviewer.post(f"/admin/review/revisions/{revision.pk}/", {"action": "approve"})

    assert "Out of date" in body(page)
    assert said(response)[0].startswith("Not approved: event “Opening ceremony in Baku” changed after this revision")
    assert Event.objects.get(pk=ceremony.pk).title == "Opening ceremony in Baku"
    assert Participation.objects.get().role == ParticipationRole.ATTENDEE
    assert Revision.objects.get().state == RevisionState.OPEN


def test_of_two_reviewers_approving_at_once_the_second_is_told_who_won(sign_in, client, ceremony):
    new_title_and_role(sign_in("editor"), ceremony)
    revision = Revision.objects.get()
    first = UserFactory(username="leyla", is_staff=True, groups=["Reviewers"])
    approve(revision.pk, first)  # the first reviewer's approval, a moment before the second's
    version = Event.objects.get(pk=ceremony.pk).version

    response = sign_in("reviewer").post(f"/admin/review/revisions/{revision.pk}/", {"action": "approve"})

    assert said(response)[0].startswith("leyla approved this change first (")
    assert Event.objects.get(pk=ceremony.pk).version == version  # approved once
    with pytest.raises(NotApproved) as refused:
        approve(revision.pk, first)
    assert refused.value.reason == "gone"


def test_a_new_participant_added_with_its_citation_is_kept_and_its_id_stays_reserved(sign_in, ceremony):
    person, source = PersonFactory(name="Anar Karimov"), SourceFactory()
    editor = sign_in("editor")

    response = add_participant(editor, ceremony, person, source, ParticipationRole.SPEAKER)

    assert response.status_code == 302
    assert not Participation.objects.filter(person=person).exists()
    (created,) = [change for change in Revision.objects.get().rows() if change.model is Participation]
    assert created.action == "created"
    # The id the trial gave it is not taken meanwhile.
    other = ParticipationFactory()
    assert other.pk != created.pk
    # The editor opens it from the redirect: the working copy.
    assert editor.get(admin_url(Participation, "change", created.pk)).status_code == 200

    approve(Revision.objects.get().pk, UserFactory(username="leyla"))

    added = Participation.objects.get(pk=created.pk)
    assert (added.person, added.event, added.role) == (person, ceremony, ParticipationRole.SPEAKER)
    assert added.citations.get().source == source


def test_approving_is_refused_when_the_change_would_be_public_without_public_evidence(sign_in, ceremony):
    person, source = PersonFactory(name="Anar Karimov"), SourceFactory()
    add_participant(sign_in("editor"), ceremony, person, source)
    type(source).objects.filter(pk=source.pk).update(publication_status=DRAFT)  # its one source unpublished since

    response = sign_in("reviewer").post(f"/admin/review/revisions/{Revision.objects.get().pk}/", {"action": "approve"})

    assert "would be public with no citation from a published source" in said(response)[0]
    assert not Participation.objects.filter(person=person).exists()
    assert Revision.objects.get().state == RevisionState.OPEN


def test_an_editors_delete_of_a_participant_is_kept_then_approved(sign_in, ceremony):
    participation = Participation.objects.get()
    editor = sign_in("editor")

    response = editor.post(admin_url(Participation, "delete", participation.pk), {"post": "yes"})

    assert response.status_code == 302
    assert Participation.objects.filter(pk=participation.pk).exists()
    revision = Revision.objects.get()
    assert revision.record == ceremony
    assert sorted(change.action for change in revision.rows()) == ["deleted", "deleted"]  # with its citation
    approve(revision.pk, UserFactory(username="leyla"))
    assert not Participation.objects.exists()


def test_a_reviewers_own_change_is_public_at_once_and_they_are_told_of_a_pending_one(sign_in, ceremony):
    new_title_and_role(sign_in("editor"), ceremony)
    reviewer = sign_in("reviewer")

    page = reviewer.get(change_url(ceremony))

    assert page.context["adminform"].form["title"].value() == "Opening ceremony"  # the approved version
    assert "an editor's change to it awaits review" in body(page)


def test_changes_to_drafts_are_saved_as_before(sign_in):
    draft = EventFactory(title="Welcome of guests", publication_status=DRAFT)

    edit(sign_in("editor"), draft, {"title": "Welcome of the guests"})

    assert Event.objects.get(pk=draft.pk).title == "Welcome of the guests"
    assert not Revision.objects.exists()


def test_an_editors_restore_of_a_published_record_is_kept_for_review(sign_in):
    organisation = OrganisationFactory(name="Ministry of Culture and Tourism")
    Organisation.objects.filter(pk=organisation.pk).update(name="Ministry of Culture")
    organisation.refresh_from_db()
    organisation.name = "Ministry of Culture"
    organisation.save()
    first = organisation.history.order_by("history_id").first()
    editor = sign_in("editor")
    revert_url = admin_url(Organisation, "simple_history", organisation.pk, first.history_id)
    page = editor.get(revert_url)

    response = editor.post(revert_url, form_values(page.context["adminform"].form))

    assert response.status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).name == "Ministry of Culture"
    (change,) = Revision.objects.get().rows()
    assert change.after["name"] == "Ministry of Culture and Tourism"


def test_an_editors_bulk_delete_of_parts_of_a_published_record_is_refused_and_keeps_nothing(sign_in, ceremony):
    participation = Participation.objects.get()

    response = sign_in("editor").post(
        admin_url(Participation, "changelist"),
        {"action": "delete_selected", "_selected_action": [participation.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert said(response) == [
        "Not done, and nothing of it kept: it would change published records: event “Opening ceremony”. Change a "
        "published record on its own page, where the change is kept for review."
    ]
    assert Participation.objects.filter(pk=participation.pk).exists()
    assert not Revision.objects.exists()


def test_submit_send_back_and_the_editors_home_page(sign_in, client, ceremony):
    editor = sign_in("editor")
    new_title_and_role(editor, ceremony)
    submit = f"/admin/review/events/event/{ceremony.pk}/submit/"

    editor.post(submit, {"comment": "Title as in the headline."})

    review = Review.objects.get()
    assert (review.state, review.comment) == (ReviewState.AWAITING, "Title as in the headline.")
    assert "Title as in the headline." in body(editor.get(QUEUE))
    assert "awaiting review" in body(editor.get("/admin/"))
    reviewer = sign_in("reviewer")
    reviewer.post(f"/admin/review/events/event/{ceremony.pk}/send-back/", {"comment": "Cite the headline."})
    assert Review.objects.get().state == ReviewState.SENT_BACK
    approve(Revision.objects.get().pk, UserFactory(username="leyla"))
    assert not Review.objects.exists()  # approving ends the review


def test_a_discarded_change_leaves_the_record_as_it_was(sign_in, ceremony):
    new_title_and_role(sign_in("editor"), ceremony)
    revision = Revision.objects.get()

    response = sign_in("reviewer").post(f"/admin/review/revisions/{revision.pk}/", {"action": "discard"})

    assert said(response) == ["The change to “Opening ceremony” is discarded."]
    assert not Revision.objects.exists()
    assert Event.objects.get(pk=ceremony.pk).title == "Opening ceremony"


def test_visitors_and_staff_in_no_group_cannot_see_a_revision(sign_in, ceremony):
    new_title_and_role(sign_in("editor"), ceremony)
    url = f"/admin/review/revisions/{Revision.objects.get().pk}/"

    assert sign_in("staff_in_no_group").get(url).status_code == 404


def test_the_database_keeps_one_open_revision_per_record_and_an_approval_time(ceremony):
    content_type = ContentType.objects.get_for_model(Event)
    now = timezone.now()
    row = {"content_type": content_type, "object_id": ceremony.pk, "changes": [], "created_at": now, "updated_at": now}
    Revision.objects.create(**row)
    Revision.objects.create(**row, state=RevisionState.APPROVED, approved_at=now)  # approved ones may be many
    with (
        pytest.raises(IntegrityError, match=r"cooperation_revision_one_open_per_record|object_id"),
        transaction.atomic(),
    ):
        Revision.objects.create(**row)
    with pytest.raises(IntegrityError, match="cooperation_revision_approved_when"), transaction.atomic():
        Revision.objects.create(**row, state=RevisionState.APPROVED)
    with pytest.raises(IntegrityError, match="cooperation_revision_state_valid"), transaction.atomic():
        Revision.objects.create(**row, state="published")


def kept_change(record, **values):
    """The change of `record`'s fields to `values`, made as a trial and kept as its open revision."""
    with transaction.atomic():
        with capture() as trial:
            for name, value in values.items():
                setattr(record, name, value)
            record.save()
        changes = trial.changes()
        transaction.set_rollback(True)
    return keep(record, changes, None)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's (SQLite writes one at a time)"
)
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_one_wins_and_the_other_is_told(monkeypatch):
    event = EventFactory(title="Opening ceremony")
    revision = kept_change(Event.objects.get(pk=event.pk), title="Opening of the regional office")
    slow_apply = revisions.apply
    monkeypatch.setattr(revisions, "apply", lambda *a, **k: (time.sleep(0.5), slow_apply(*a, **k))[1])
    first, second = UserFactory(username="leyla"), UserFactory(username="rashad")
    outcomes = {}

    def approving(user, wait):
        time.sleep(wait)
        try:
            approve(revision.pk, user)
            outcomes[user.username] = "approved"
        except NotApproved as refused:
            outcomes[user.username] = refused.reason
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approving, args=(first, 0)),
        threading.Thread(target=approving, args=(second, 0.1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert outcomes == {"leyla": "approved", "rashad": "gone"}
    stored = Event.objects.get(pk=event.pk)
    assert stored.title == "Opening of the regional office"
    assert stored.history.count() == 2  # created, and approved once
    assert Revision.objects.get().approved_by == first


def test_a_reviewer_approves_the_selected_changes_from_the_queue_and_a_stale_one_is_told(sign_in, ceremony):
    other = EventFactory(title="Seminar on heritage")
    fresh = kept_change(Event.objects.get(pk=ceremony.pk), title="Opening of the regional office")
    stale = kept_change(Event.objects.get(pk=other.pk), title="Seminar on the protection of heritage")
    Event.objects.filter(pk=other.pk).update(note="Changed meanwhile.")
    editor_response = sign_in("editor").post(QUEUE, {"approve": [fresh.pk]})
    assert editor_response.status_code == 403
    reviewer = sign_in("reviewer")
    assert f'name="approve" value="{fresh.pk}"' in body(reviewer.get(QUEUE))

    response = reviewer.post(QUEUE, {"approve": [str(fresh.pk), str(stale.pk), "x"]})

    assert response.status_code == 302
    assert said(response)[0] == "Approved: “Opening of the regional office” is published as changed."
    assert said(response)[1].startswith("Not approved: event “Seminar on heritage” changed after")
    assert Event.objects.get(pk=ceremony.pk).title == "Opening of the regional office"
    assert Event.objects.get(pk=other.pk).title == "Seminar on heritage"


def test_a_part_added_on_its_own_page_is_added_to_an_out_of_date_change_never_replacing_it(sign_in, ceremony):
    editor = sign_in("editor")
    new_title_and_role(editor, ceremony)
    Event.objects.filter(pk=ceremony.pk).update(note="Changed meanwhile.")  # the kept change is out of date
    person, source = PersonFactory(name="Anar Karimov"), SourceFactory()

    add_participant(editor, ceremony, person, source)

    (revision,) = Revision.objects.all()
    after = [(change.model.__name__, change.action) for change in revision.rows()]
    assert ("Event", "changed") in after  # the title change is still there
    assert ("Participation", "created") in after


def test_a_change_sent_back_before_it_was_submitted_shows_on_its_editors_home_page(sign_in, client, ceremony):
    editor = sign_in("editor")
    new_title_and_role(editor, ceremony)
    reviewer = UserFactory(username="leyla", is_staff=True, groups=["Reviewers"])
    client.force_login(reviewer)
    client.post(f"/admin/review/events/event/{ceremony.pk}/send-back/", {"comment": "Cite the headline."})
    assert (
        client.post(f"/admin/review/revisions/{Revision.objects.get().pk}/", {"action": "publish"}).status_code == 400
    )

    client.force_login(Revision.objects.get().updated_by)  # the editor again
    home = body(client.get("/admin/"))

    assert "changes requested" in home
    assert "Cite the headline." in home


def test_approving_twice_says_you_did_already(sign_in, ceremony):
    new_title_and_role(sign_in("editor"), ceremony)
    revision = Revision.objects.get()
    reviewer = sign_in("reviewer")
    reviewer.post(f"/admin/review/revisions/{revision.pk}/", {"action": "approve"})

    again = reviewer.post(f"/admin/review/revisions/{revision.pk}/", {"action": "approve"})

    assert said(again)[-1].startswith("You approved this change already (")
