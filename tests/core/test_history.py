"""The history of every record (django-simple-history): each create, change and delete through the
admin leaves exactly one history row naming who did it; rows edited inline get their own rows; the
history page lists them; an earlier version is restored through the history's revert form, even
though the record's version has moved on since; and writes outside a request leave one row with no
user.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.test import Client

from cooperation.core.citations import AlternateName, Citation
from cooperation.core.publication import set_publication
from cooperation.core.records import PublicationStatus
from cooperation.core.revisions import Revision
from cooperation.core.roles import ADMINISTRATORS, REVIEWERS, record_models
from cooperation.models import Organisation
from events.models import Event, Participation, ParticipationRole
from people.models import Person, Position, Post
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
    RECORD_FACTORIES,
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    SourceFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED

RECORD_LABELS = sorted(model._meta.label_lower for model in record_models())


def cited(record):
    CitationFactory(record=record)
    return record


def rows_of(model, pk):
    """The history rows of one record, oldest first."""
    return list(model.history.filter(id=pk).order_by("history_date", "history_id"))


def test_every_record_model_has_history():
    assert set(RECORD_FACTORIES) == set(RECORD_LABELS)
    for model in record_models():
        assert hasattr(model, "history"), model


# --- Create, change, delete -------------------------------------------------------------------------


def test_creating_an_organisation_in_the_admin_leaves_one_row_naming_the_editor(staff):
    client = staff("aysel")
    page = client.get(admin_url(Organisation, "add"))
    data = change_form_post(page) | {"name": "Ministry of Culture", "slug": "ministry-of-culture", "kind": "ministry"}

    response = client.post(admin_url(Organisation, "add"), data)

    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="ministry-of-culture")
    (row,) = rows_of(Organisation, organisation.pk)
    assert (row.history_type, row.history_user.username, row.name) == ("+", "aysel", "Ministry of Culture")


def test_creating_a_post_on_its_own_page_leaves_one_row_naming_the_editor(staff):
    ministry, source = OrganisationFactory(name="Ministry of Culture"), SourceFactory()
    client = staff("aysel", group=REVIEWERS)
    page = client.get(admin_url(Post, "add"))
    data = change_form_post(page) | {"organisation": ministry.pk, "title": "Minister of Culture"}
    # The post of a published organisation is public at once: it comes with its evidence.
    add_inline_rows(data, inline_prefix(page, Citation), {"source": source.pk, "field": "", "quote": "Baku"})

    response = client.post(admin_url(Post, "add"), data)

    assert response.status_code == 302
    (row,) = Post.history.all()
    assert (row.history_type, row.history_user.username, row.title) == ("+", "aysel", "Minister of Culture")


@pytest.mark.parametrize("label", RECORD_LABELS)
def test_a_change_through_the_admin_leaves_one_row_naming_the_editor(staff, label):
    record = RECORD_FACTORIES[label]()
    model = type(record)
    client = staff("aysel", group=REVIEWERS)
    before = rows_of(model, record.pk)

    response = client.post(change_url(record), change_form_post(client.get(change_url(record))) | {"note": "Checked."})

    assert response.status_code == 302
    after = rows_of(model, record.pk)
    assert len(after) == len(before) + 1
    assert (after[-1].history_type, after[-1].history_user.username, after[-1].note) == ("~", "aysel", "Checked.")


@pytest.mark.parametrize("label", RECORD_LABELS)
def test_a_delete_through_the_admin_leaves_one_row_naming_the_reviewer(staff, label):
    record = RECORD_FACTORIES[label]()
    model = type(record)
    before = rows_of(model, record.pk)

    response = staff("leyla", group=REVIEWERS).post(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not model._default_manager.filter(pk=record.pk).exists()
    after = rows_of(model, record.pk)
    assert len(after) == len(before) + 1
    assert (after[-1].history_type, after[-1].history_user.username) == ("-", "leyla")


def test_a_bulk_delete_leaves_one_row_per_record(staff):
    places = [PlaceFactory(), PlaceFactory()]

    response = staff("leyla", group=ADMINISTRATORS).post(
        admin_url(type(places[0]), "changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in places], "post": "yes"},
    )

    assert response.status_code == 302
    for place in places:
        assert [
            (r.history_type, r.history_user and r.history_user.username) for r in rows_of(type(place), place.pk)
        ] == [
            ("+", None),
            ("-", "leyla"),
        ]


def test_deleting_a_record_leaves_a_row_for_each_of_its_citations_too(staff):
    event = EventFactory()
    citation = CitationFactory(record=event)

    staff("leyla", group=REVIEWERS).post(admin_url(Event, "delete", event.pk), {"post": "yes"})

    assert not Citation.objects.exists()
    assert [(r.history_type, r.history_user and r.history_user.username) for r in rows_of(Citation, citation.pk)] == [
        ("+", None),
        ("-", "leyla"),
    ]


# --- Rows edited inline ---------------------------------------------------------------------------


def test_rows_added_inline_get_their_own_rows_and_the_event_one(staff):
    # A draft: a participation added to a published event would be public with no citation of its own.
    event = EventFactory(title="Meeting in Baku", publication_status=PublicationStatus.DRAFT)
    person, source = PersonFactory(), SourceFactory()
    client = staff("aysel")
    page = client.get(change_url(event))
    data = change_form_post(page)
    add_inline_rows(data, inline_prefix(page, Participation), {"order": 0, "person": person.pk, "role": "speaker"})
    add_inline_rows(
        data,
        inline_prefix(page, Citation),
        {"source": source.pk, "field": "", "quote": "The Minister of Culture received the delegation."},
    )
    add_inline_rows(
        data, inline_prefix(page, AlternateName), {"name": "Baku meeting", "kind": "spelling_variant", "language": "en"}
    )

    response = client.post(change_url(event), data)

    assert response.status_code == 302
    for model in (Participation, Citation, AlternateName):
        (row,) = model.history.all()
        assert (row.history_type, row.history_user.username) == ("+", "aysel"), model
    assert Participation.history.get().person_id == person.pk
    event_rows = rows_of(Event, event.pk)
    assert [(r.history_type, r.history_user and r.history_user.username) for r in event_rows] == [
        ("+", None),
        ("~", "aysel"),
    ]


def test_rows_changed_and_deleted_inline_get_their_own_rows(staff):
    participation = ParticipationFactory(role=ParticipationRole.ATTENDEE)
    event = participation.event
    citation = CitationFactory(record=event)
    CitationFactory(record=event)  # a published event keeps at least one citation
    client = staff("aysel", group=REVIEWERS)
    page = client.get(change_url(event))
    data = change_form_post(page) | {
        f"{inline_prefix(page, Participation)}-0-role": ParticipationRole.SPEAKER,
        f"{inline_prefix(page, Citation)}-0-DELETE": "on",
    }

    response = client.post(change_url(event), data)

    assert response.status_code == 302
    participation_rows = rows_of(Participation, participation.pk)
    assert [(r.history_type, r.role) for r in participation_rows] == [("+", "attendee"), ("~", "speaker")]
    assert participation_rows[-1].history_user.username == "aysel"
    citation_rows = rows_of(Citation, citation.pk)
    assert [(r.history_type, r.history_user and r.history_user.username) for r in citation_rows] == [
        ("+", None),
        ("-", "aysel"),
    ]


# --- The history page ---------------------------------------------------------------------------------


def test_history_page_lists_each_change_with_who_made_it(staff):
    event = EventFactory(title="Meeting in Baku")
    client = staff("aysel", group=REVIEWERS)
    client.post(
        change_url(event), change_form_post(client.get(change_url(event))) | {"title": "Meeting at the Ministry"}
    )

    response = staff("leyla", group=REVIEWERS).get(admin_url(Event, "history", event.pk))

    assert response.status_code == 200
    entries = list(response.context["page_obj"])
    assert [(e.history_type, e.history_user and e.history_user.username) for e in entries] == [
        ("~", "aysel"),
        ("+", None),
    ]
    page = body(response)
    assert "aysel" in page
    assert "Changed" in page
    assert "Created" in page
    assert "Meeting in Baku" in page
    assert "Meeting at the Ministry" in page


def test_history_page_is_refused_to_staff_in_no_group():
    event = EventFactory()
    user = StaffFactory(username="nobody")
    client = Client()
    client.force_login(user)

    assert client.get(admin_url(Event, "history", event.pk)).status_code == 403
    assert client.get(admin_url(Event, "simple_history", event.pk, event.history.get().history_id)).status_code == 403


# --- Restoring an earlier version ---------------------------------------------------------------------


def revert_form_post(response):
    """The POST of simple-history's revert page as displayed (it has the record's form, no inlines)."""
    return form_values(response.context["adminform"].form)


def test_restoring_an_earlier_version_restores_its_values_although_the_version_moved_on(staff):
    organisation = OrganisationFactory(name="Ministry of Culture and Tourism", acronym="", note="")
    client = staff("aysel", group=REVIEWERS)
    for name in ("Ministry of Culture", "Ministry of Culture of Azerbaijan"):
        client.post(change_url(organisation), change_form_post(client.get(change_url(organisation))) | {"name": name})
    first = rows_of(Organisation, organisation.pk)[0]
    assert Organisation.objects.get(pk=organisation.pk).version == organisation.version + 2

    revert_url = admin_url(Organisation, "simple_history", organisation.pk, first.history_id)
    page = client.get(revert_url)
    response = client.post(revert_url, revert_form_post(page))

    assert page.status_code == 200
    assert page.context["adminform"].form["name"].value() == "Ministry of Culture and Tourism"
    assert response.status_code == 302
    restored = Organisation.objects.get(pk=organisation.pk)
    assert restored.name == "Ministry of Culture and Tourism"
    assert restored.version == organisation.version + 3
    rows = rows_of(Organisation, organisation.pk)
    assert len(rows) == 4
    assert (rows[-1].history_type, rows[-1].history_user.username, rows[-1].name) == (
        "~",
        "aysel",
        "Ministry of Culture and Tourism",
    )


def test_a_restore_opened_before_someone_else_saved_is_refused(staff):
    organisation = OrganisationFactory(name="Ministry of Culture and Tourism")
    aysel, rashad = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    aysel.post(
        change_url(organisation),
        change_form_post(aysel.get(change_url(organisation))) | {"name": "Ministry of Culture"},
    )
    revert_url = admin_url(
        Organisation, "simple_history", organisation.pk, rows_of(Organisation, organisation.pk)[0].history_id
    )
    revert_page = rashad.get(revert_url)
    aysel.post(
        change_url(organisation),
        change_form_post(aysel.get(change_url(organisation))) | {"note": "Renamed in 2023."},
    )

    response = rashad.post(revert_url, revert_form_post(revert_page))

    assert response.status_code == 200
    assert "aysel saved this record" in body(response)
    current = Organisation.objects.get(pk=organisation.pk)
    assert (current.name, current.note) == ("Ministry of Culture", "Renamed in 2023.")


def test_a_reviewer_restoring_the_published_version_republishes(staff):
    person = PersonFactory(publication_status=PUBLISHED)
    CitationFactory(record=person)  # republished, it needs its evidence (test_evidence_rule.py)
    reviewer = staff("leyla", group=REVIEWERS)
    reviewer.post(admin_url(Person, "changelist"), {"action": "unpublish", "_selected_action": [person.pk]})
    assert Person.objects.get(pk=person.pk).publication_status == DRAFT
    published_row = rows_of(Person, person.pk)[0]
    revert_url = admin_url(Person, "simple_history", person.pk, published_row.history_id)

    response = reviewer.post(revert_url, revert_form_post(reviewer.get(revert_url)))

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).publication_status == PUBLISHED


def test_an_editor_restoring_a_version_from_when_the_record_was_published_does_not_publish_it(staff):
    person = PersonFactory(name="Anar Karimov", publication_status=PUBLISHED)
    staff("leyla", group=REVIEWERS).post(
        admin_url(Person, "changelist"), {"action": "unpublish", "_selected_action": [person.pk]}
    )
    assert Person.objects.get(pk=person.pk).publication_status == DRAFT
    editor = staff("aysel")
    published_row = rows_of(Person, person.pk)[0]
    revert_url = admin_url(Person, "simple_history", person.pk, published_row.history_id)
    page = editor.get(revert_url)
    assert "publication_status" not in page.context["adminform"].form.fields

    editor.post(revert_url, revert_form_post(page))

    assert Person.objects.get(pk=person.pk).publication_status == DRAFT


# --- Writes outside a request -----------------------------------------------------------------------


def test_a_save_outside_a_request_leaves_one_row_with_no_user(staff):
    organisation = OrganisationFactory(name="Ministry of Culture")
    # A request first: the user it signed in must not leak into later writes made outside requests.
    client = staff("aysel", group=REVIEWERS)
    client.post(change_url(organisation), change_form_post(client.get(change_url(organisation))) | {"note": "Checked."})

    organisation.refresh_from_db()
    organisation.name = "Ministry of Culture of Azerbaijan"
    organisation.save()
    created = PersonFactory(name="Anar Karimov")

    rows = rows_of(Organisation, organisation.pk)
    assert [(r.history_type, r.history_user and r.history_user.username) for r in rows] == [
        ("+", None),
        ("~", "aysel"),
        ("~", None),
    ]
    (person_row,) = rows_of(type(created), created.pk)
    assert (person_row.history_type, person_row.history_user) == ("+", None)


def test_a_delete_outside_a_request_leaves_one_row_with_no_user():
    place = PlaceFactory()
    pk = place.pk

    place.delete()

    assert [(r.history_type, r.history_user) for r in rows_of(type(place), pk)] == [("+", None), ("-", None)]


def test_publishing_outside_a_request_leaves_one_row_with_no_user_and_the_reason():
    organisation = OrganisationFactory(publication_status=DRAFT)
    CitationFactory(record=organisation)

    set_publication(Organisation.objects.filter(pk=organisation.pk), PUBLISHED, reason="published by a script")

    rows = rows_of(Organisation, organisation.pk)
    assert [(r.history_type, r.history_user, r.publication_status) for r in rows] == [
        ("+", None, DRAFT),
        ("~", None, PUBLISHED),
    ]
    assert rows[-1].history_change_reason == "published by a script"


def test_a_citation_created_in_code_names_its_record_in_its_history():
    event = EventFactory()

    citation = CitationFactory(record=event)

    (row,) = rows_of(Citation, citation.pk)
    assert (row.content_type_id, row.object_id) == (ContentType.objects.get_for_model(Event).pk, event.pk)


# --- The history of the whole record ------------------------------------------------------------------


def test_the_history_of_a_record_gathers_its_parts_and_review_steps_into_labelled_changesets(staff):
    event = EventFactory(title="Meeting in Baku", publication_status=PublicationStatus.DRAFT)
    cited(event)
    participation = ParticipationFactory(event=event, person=PersonFactory(name="Adil Karimli"))
    cited(participation)
    editor, reviewer = staff("aysel"), staff("leyla", group=REVIEWERS)
    editor.post(change_url(event), change_form_post(editor.get(change_url(event))) | {"note": "Dated by the headline."})
    editor.post(f"/admin/review/events/event/{event.pk}/submit/", {"comment": "Ready."})
    reviewer.post(f"/admin/review/events/event/{event.pk}/send-back/", {"comment": "Cite the headline."})
    reviewer.post(admin_url(Event, "changelist"), {"action": "publish", "_selected_action": [event.pk]})
    page = editor.get(admin_url(Participation, "change", participation.pk))
    editor.post(admin_url(Participation, "change", participation.pk), change_form_post(page) | {"role": "speaker"})
    reviewer.post(f"/admin/review/revisions/{Revision.objects.get().pk}/", {"action": "approve"})

    response = reviewer.get(admin_url(Event, "history", event.pk))

    changesets = response.context["changesets"]
    assert [(str(c.label), c.user) for c in changesets] == [
        ("approved", "leyla"),
        ("published", "leyla"),
        ("sent back", "leyla"),
        ("submitted", "aysel"),
        ("changed", "aysel"),
        ("created", "—"),  # the factories' rows (the event, its participant, the citations), outside a request
    ]
    approved = changesets[0].entries
    assert [(e.type_label, e.action, [(f.label, f.before, f.after) for f in e.fields]) for e in approved] == [
        ("Participation", "changed", [("Role", "attendee", "speaker")])
    ]
    assert [(f.label, f.before, f.after) for f in changesets[4].entries[0].fields] == [
        ("Editorial note", "—", "Dated by the headline.")
    ]
    assert changesets[2].entries[0].comment == "Cite the headline."
    assert approved[0].comment == f"revision {Revision.objects.get().pk} by aysel, approved by leyla"
    text = body(response)
    assert "Role:</strong> attendee → speaker" in text
    assert "None" not in text.split('id="change-history"')[1]
    assert "Choose a date from the list below" not in text  # restoring is from the changesets' buttons


def test_a_restore_is_labelled_in_the_history(staff):
    organisation = OrganisationFactory(name="Ministry of Culture and Tourism")
    client = staff("leyla", group=REVIEWERS)
    client.post(
        change_url(organisation),
        change_form_post(client.get(change_url(organisation))) | {"name": "Ministry of Culture"},
    )
    first = rows_of(Organisation, organisation.pk)[0]
    revert_url = admin_url(Organisation, "simple_history", organisation.pk, first.history_id)
    client.post(revert_url, revert_form_post(client.get(revert_url)))

    changesets = client.get(admin_url(Organisation, "history", organisation.pk)).context["changesets"]

    assert str(changesets[0].label) == "restored"
    assert [(f.label, f.before, f.after) for f in changesets[0].entries[0].fields] == [
        ("Name", "Ministry of Culture", "Ministry of Culture and Tourism")
    ]


def test_restoring_the_whole_record_brings_its_parts_back_and_an_editors_is_kept_for_review(staff):
    event = cited(EventFactory(title="Meeting in Baku"))
    kept = cited(ParticipationFactory(event=event, person=PersonFactory(name="Adil Karimli")))
    reviewer = staff("leyla", group=REVIEWERS)
    reviewer.post(change_url(event), change_form_post(reviewer.get(change_url(event))) | {"title": "Meeting, renamed"})
    reviewer.post(admin_url(Participation, "delete", kept.pk), {"post": "yes"})
    assert not Participation.objects.exists()
    changesets = reviewer.get(admin_url(Event, "history", event.pk)).context["changesets"]
    before_the_changes = changesets[-1]  # as created, with its participant
    restore = admin_url(Event, "restore_whole", event.pk)

    editor = staff("aysel")
    kept_response = editor.post(restore, {"at": before_the_changes.at.isoformat()})

    assert kept_response.status_code == 302
    assert not Participation.objects.exists()  # an editor's restore of a published record: kept for review
    (revision,) = Revision.objects.all()
    assert sorted((c.model.__name__, c.action) for c in revision.rows()) == [
        ("Citation", "created"),
        ("Event", "changed"),
        ("Participation", "created"),
    ]

    response = reviewer.post(restore, {"at": before_the_changes.at.isoformat()})

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Meeting in Baku"
    back = Participation.objects.get()
    assert (back.pk, back.person.name, back.citations.count()) == (kept.pk, "Adil Karimli", 1)
    assert str(reviewer.get(admin_url(Event, "history", event.pk)).context["changesets"][0].label) == "restored"
    # Only a time of the record's own history: not before it existed (it would be deleted), not to come.
    for at in ("yesterday", "1900-01-01T00:00:00+00:00", "2999-01-01T00:00:00+00:00", "2026-12-06T10:00:00", ""):
        refused = editor.post(restore, {"at": at})
        assert refused.status_code == 302
        assert [str(m) for m in get_messages(refused.wsgi_request)][
            -1
        ] == "Choose the version to restore in the history."
    assert Event.objects.filter(pk=event.pk).exists()


def test_restoring_a_record_to_before_a_part_others_refer_to_is_refused_with_a_message(staff):
    person = cited(PersonFactory(name="Adil Karimli"))
    reviewer = staff("leyla", group=REVIEWERS)
    created = reviewer.get(admin_url(Person, "history", person.pk)).context["changesets"][-1]
    position = cited(PositionFactory(person=person))
    cited(ParticipationFactory(person=person, position=position))

    response = reviewer.post(admin_url(Person, "restore_whole", person.pk), {"at": created.at.isoformat()})

    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Not restored: ")
    assert Position.objects.filter(pk=position.pk).exists()


@pytest.mark.parametrize("path", ["abc/history/", "1/history/abc/", "abc/history/1/", "1/history/restore-fields/"])
def test_a_history_address_with_no_id_is_a_404(staff, path):
    EventFactory()

    response = staff("leyla", group=REVIEWERS).get(f"/admin/events/event/{path}")

    assert response.status_code == 404
