"""Who may do what in the staff workspace: a permission matrix over the roles (Editors, Reviewers,
Administrators), a staff account in no group, a signed-in visitor and an anonymous one, for every
record model and every admin action; the admin index, staff accounts and partner tokens.

The matrix is parametrized over `roles.record_models()`, so a new record model without a row in
RECORD_MODELS below fails here until someone decides what each role may do with it.

The `roles` and `sign_in` fixtures are in tests/core/conftest.py.
"""

from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from cooperation.core.citations import Citation
from cooperation.core.parts import shown_on
from cooperation.core.records import PublicationStatus, PublicRecord
from cooperation.core.reviews import Review
from cooperation.core.revisions import Revision, capture, keep
from cooperation.core.roles import EDITORS, REVIEWERS, record_models, role_permissions
from cooperation.core.tokens import PartnerToken
from cooperation.models import Organisation
from events.models import Event
from tests.admin_support import admin_url, change_form_post
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
    SpareCitationFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def draft_with_citation(factory):
    """A draft record with one citation, so that publishing it is allowed whatever the path."""

    def make():
        record = factory(publication_status=DRAFT)
        CitationFactory(record=record)
        return record

    return make


@dataclass(frozen=True)
class ModelRow:
    make: object  # creates one row of the model with nothing depending on it (a draft, for publishable models)
    publishable: bool  # has a publication status and a publish permission
    editors_may_delete: bool


# One row per record model: what editors may delete, and which models are published by reviewers.
RECORD_MODELS = {
    "cooperation.source": ModelRow(
        lambda: SourceFactory(publication_status=DRAFT), publishable=True, editors_may_delete=False
    ),
    "cooperation.place": ModelRow(draft_with_citation(PlaceFactory), publishable=True, editors_may_delete=False),
    "cooperation.organisation": ModelRow(
        draft_with_citation(OrganisationFactory), publishable=True, editors_may_delete=False
    ),
    "cooperation.initiative": ModelRow(
        draft_with_citation(InitiativeFactory), publishable=True, editors_may_delete=False
    ),
    "people.person": ModelRow(draft_with_citation(PersonFactory), publishable=True, editors_may_delete=False),
    "events.event": ModelRow(draft_with_citation(EventFactory), publishable=True, editors_may_delete=False),
    "cooperation.citation": ModelRow(SpareCitationFactory, publishable=False, editors_may_delete=True),
    "cooperation.alternatename": ModelRow(AlternateNameFactory, publishable=False, editors_may_delete=True),
    "cooperation.organisationrelation": ModelRow(
        OrganisationRelationFactory, publishable=False, editors_may_delete=True
    ),
    "cooperation.initiativeparty": ModelRow(InitiativePartyFactory, publishable=False, editors_may_delete=True),
    # A post has no publication status, so roles.py counts it a part of a record: editors may delete
    # it (the README and roles.py's docstring do not list posts among the parts).
    "people.post": ModelRow(PostFactory, publishable=False, editors_may_delete=True),
    "people.position": ModelRow(PositionFactory, publishable=False, editors_may_delete=True),
    "events.participation": ModelRow(ParticipationFactory, publishable=False, editors_may_delete=True),
}

RECORD_LABELS = sorted(model._meta.label_lower for model in record_models())
PUBLISHABLE_LABELS = sorted(
    model._meta.label_lower for model in record_models() if hasattr(model, "publication_status")
)

ROLES = ("editor", "reviewer", "administrator", "staff_in_no_group", "visitor", "anonymous")
STAFF_ROLES = ("editor", "reviewer", "administrator")


def kept_for_review(role, row):
    """An editor's change to a published record or to a part shown on one is kept for review."""
    record = row if isinstance(row, PublicRecord) else shown_on(row)
    return role == "editor" and record is not None and record.is_published


def kept_changes():
    """The rows of the changes kept for review."""
    return [change for revision in Revision.objects.all() for change in revision.rows()]


# What a request comes back as: done (the page or the redirect after a save), refused with 403, or
# sent to the sign-in page.
OK, FORBIDDEN, SIGN_IN = "ok", "forbidden", "sign in"


def outcome(role, action, row):
    if role in ("visitor", "anonymous"):
        return SIGN_IN
    if role == "staff_in_no_group":
        return FORBIDDEN
    if action == "delete" and role == "editor" and not row.editors_may_delete:
        return FORBIDDEN
    return OK


def model_of(label):
    (model,) = [model for model in record_models() if model._meta.label_lower == label]
    return model


def assert_outcome(response, expected, *, done_status=200):
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif expected == FORBIDDEN:
        assert response.status_code == 403
    else:
        assert response.status_code == done_status, response.content.decode()[:2000]


# --- The expectation table covers every record model -------------------------------------------


def test_every_record_model_has_a_row_in_the_expectations():
    assert set(RECORD_MODELS) == set(RECORD_LABELS)


def test_the_expected_deletes_and_publishing_match_the_role_definitions(roles):
    permissions = role_permissions()
    for label, row in RECORD_MODELS.items():
        app, name = label.split(".")
        assert ((app, f"delete_{name}") in permissions[EDITORS]) is row.editors_may_delete, label
        assert ((app, f"publish_{name}") in permissions[REVIEWERS]) is row.publishable, label
        assert (app, f"publish_{name}") not in permissions[EDITORS], label


# --- The matrix --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", RECORD_LABELS)
def test_changelist(sign_in, label, role):
    row = RECORD_MODELS[label]
    record = row.make()
    model = model_of(label)

    response = sign_in(role).get(admin_url(model, "changelist"))

    assert_outcome(response, outcome(role, "view", row))
    if response.status_code == 200:
        assert record in response.context["cl"].result_list


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", RECORD_LABELS)
def test_add_page(sign_in, label, role):
    row = RECORD_MODELS[label]
    model = model_of(label)

    response = sign_in(role).get(admin_url(model, "add"))

    assert_outcome(response, outcome(role, "add", row))
    if response.status_code == 200:
        assert f"Add {model._meta.verbose_name}" in response.content.decode()
        fields = response.context["adminform"].form.fields
        if row.publishable:
            assert ("publication_status" in fields) is (role in ("reviewer", "administrator"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", RECORD_LABELS)
def test_change_post_and_publication_status_through_the_form(sign_in, admin_client, label, role):
    """Everyone with a role saves changes; only reviewers and administrators change the publication
    status through the form (for editors the field is read-only, and a posted value is ignored)."""
    row = RECORD_MODELS[label]
    record = row.make()
    model = type(record)
    page = admin_client.get(admin_url(model, "change", record.pk))
    data = change_form_post(page) | {"note": f"Checked by the {role}"}
    if row.publishable:
        data["publication_status"] = PUBLISHED

    response = sign_in(role).post(admin_url(model, "change", record.pk), data)

    assert_outcome(response, outcome(role, "change", row), done_status=302)
    saved = model._default_manager.get(pk=record.pk)
    kept = kept_for_review(role, record)
    assert saved.note == (f"Checked by the {role}" if role in STAFF_ROLES and not kept else "")
    assert [change.after["note"] for change in kept_changes()] == ([f"Checked by the {role}"] if kept else [])
    if row.publishable:
        published = role in ("reviewer", "administrator")
        assert saved.publication_status == (PUBLISHED if published else DRAFT)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", RECORD_LABELS)
def test_change_page_shows_publication_status_read_only_to_editors(sign_in, label, role):
    row = RECORD_MODELS[label]
    record = row.make()

    response = sign_in(role).get(admin_url(type(record), "change", record.pk))

    assert_outcome(response, outcome(role, "view", row))
    if response.status_code == 200 and row.publishable:
        adminform = response.context["adminform"]
        if role == "editor":
            assert "publication_status" not in adminform.form.fields
            assert "publication_status" in adminform.readonly_fields  # shown, not editable
        else:
            assert "publication_status" in adminform.form.fields


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", RECORD_LABELS)
def test_delete(sign_in, label, role):
    row = RECORD_MODELS[label]
    record = row.make()
    model = type(record)
    client = sign_in(role)
    expected = outcome(role, "delete", row)

    confirmation = client.get(admin_url(model, "delete", record.pk))
    response = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert_outcome(confirmation, expected)
    assert_outcome(response, expected, done_status=302)
    kept = expected == OK and kept_for_review(role, record)
    assert model._default_manager.filter(pk=record.pk).exists() is (expected != OK or kept)
    assert [change.after for change in kept_changes()] == ([None] if kept else [])


def publish_action_cases():
    """(label, action, role) triples."""
    for label in PUBLISHABLE_LABELS:
        for action in ("publish", "unpublish"):
            for role in ROLES:
                yield pytest.param(label, action, role, id=f"{label}-{action}-{role}")


@pytest.mark.parametrize(("label", "action", "role"), list(publish_action_cases()))
def test_publish_and_unpublish_actions(sign_in, label, action, role):
    """Reviewers and administrators publish and unpublish; for editors the actions do nothing (the
    changelist is shown again), staff in no group are refused, others sent to sign in."""
    row = RECORD_MODELS[label]
    record = row.make()  # a draft, with a citation where the model needs evidence
    model = type(record)
    before, after = (DRAFT, PUBLISHED) if action == "publish" else (PUBLISHED, DRAFT)
    model._default_manager.filter(pk=record.pk).update(publication_status=before)
    client = sign_in(role)

    response = client.post(admin_url(model, "changelist"), {"action": action, "_selected_action": [record.pk]})

    may_publish = role in ("reviewer", "administrator")
    assert_outcome(response, outcome(role, "view", row), done_status=302 if may_publish else 200)
    assert model._default_manager.get(pk=record.pk).publication_status == (after if may_publish else before)


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("label", PUBLISHABLE_LABELS)
def test_publish_and_unpublish_are_offered_to_reviewers_and_administrators_only(sign_in, label, role):
    RECORD_MODELS[label].make()

    response = sign_in(role).get(admin_url(model_of(label), "changelist"))

    action_form = response.context["action_form"]  # None when no action is offered at all
    actions = {name for name, _label in action_form.fields["action"].choices} if action_form else set()
    offered = role in ("reviewer", "administrator")
    assert ("publish" in actions) is offered
    assert ("unpublish" in actions) is offered
    assert ("delete_selected" in actions) is offered


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("model", "data"),
    [
        (
            Organisation,
            {
                "name": "Ministry of Science and Education",
                "slug": "ministry-of-science-and-education",
                "kind": "ministry",
                "publication_status": PUBLISHED,
            },
        ),
        (Citation, None),  # built in the test: it needs a source and a record
    ],
    ids=["organisation", "citation"],
)
def test_add_post_creates_a_record(sign_in, admin_client, role, model, data):
    page = admin_client.get(admin_url(model, "add"))
    posted = change_form_post(page)
    if model is Citation:
        event, source = EventFactory(), SourceFactory()
        data = {
            "source": source.pk,
            "content_type": ContentType.objects.get_for_model(event).pk,
            "object_id": event.pk,
            "quote": "The Minister of Culture received the delegation.",
        }
    if model is Organisation:  # published with its evidence, cited in the same form
        quote = "The Ministry of Science and Education signed the agreement."
        prefix = "cooperation-citation-content_type-object_id"
        data = data | {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-source": SourceFactory(text=quote).pk,
            f"{prefix}-0-quote": quote,
        }
    before = model.objects.count()

    response = sign_in(role).post(admin_url(model, "add"), posted | data)

    expected = outcome(role, "add", None)
    assert_outcome(response, expected, done_status=302)
    # An editor's citation of a published event is a change to it, kept for review.
    kept = expected == OK and model is Citation and role == "editor"
    assert model.objects.count() == before + (1 if expected == OK and not kept else 0)
    assert [change.action for change in kept_changes()] == (["created"] if kept else [])
    if expected == OK and model is Organisation:
        created = Organisation.objects.get(slug="ministry-of-science-and-education")
        # Editors create drafts: the publication status is not theirs to set.
        assert created.publication_status == (DRAFT if role == "editor" else PUBLISHED)
        assert created.history.get().history_user.username == f"{role}-user"
    if expected == OK and model is Citation and not kept:
        assert Citation.objects.get().quote == "The Minister of Culture received the delegation."


# --- The admin index and the accounts -----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_admin_index(sign_in, role):
    response = sign_in(role).get(reverse("admin:index"))

    if role in ("visitor", "anonymous"):
        assert_outcome(response, SIGN_IN)
        return
    assert response.status_code == 200
    apps_shown = {app["app_label"] for app in response.context["app_list"]}
    if role == "staff_in_no_group":
        assert apps_shown == set()
        assert "You don’t have permission to view or edit anything." in response.content.decode()
    elif role == "administrator":
        assert {"cooperation", "people", "events", "auth"} <= apps_shown
    else:
        assert apps_shown == {"cooperation", "people", "events"}
        cooperation = next(app for app in response.context["app_list"] if app["app_label"] == "cooperation")
        assert "PartnerToken" not in {model["object_name"] for model in cooperation["models"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:cooperation_partnertoken_changelist",
        "admin:cooperation_partnertoken_add",
    ],
)
def test_staff_accounts_and_partner_tokens_are_for_administrators(sign_in, role, url_name):
    response = sign_in(role).get(reverse(url_name))

    if role in ("visitor", "anonymous"):
        assert_outcome(response, SIGN_IN)
    else:
        assert response.status_code == (200 if role == "administrator" else 403)


def test_an_administrator_issues_a_partner_token(sign_in):
    client = sign_in("administrator")

    response = client.post(
        reverse("admin:cooperation_partnertoken_add"), {"partner": "Ministry portal", "note": "", "scope": "read"}
    )

    assert response.status_code == 302
    token = PartnerToken.objects.get()
    assert token.partner == "Ministry portal"
    assert token.issued_by.username == "administrator-user"


# --- Review steps: submit, send back, approve, discard -------------------------------------------------

# The status each role gets: 302 done, 403 refused, 404 not theirs to see, or sent to sign in.
REVIEW_STEPS = {
    "submit": {"editor": 302, "reviewer": 302, "administrator": 302, "staff_in_no_group": 403},
    "send back": {"editor": 403, "reviewer": 302, "administrator": 302, "staff_in_no_group": 403},
    "approve": {"editor": 403, "reviewer": 302, "administrator": 302, "staff_in_no_group": 404},
    "discard": {"editor": 403, "reviewer": 302, "administrator": 302, "staff_in_no_group": 404},
}


def review_step_cases():
    for step, expected in REVIEW_STEPS.items():
        for role in ROLES:
            yield pytest.param(step, role, expected.get(role, SIGN_IN), id=f"{step}-{role}")


@pytest.mark.parametrize(("step", "role", "expected"), list(review_step_cases()))
def test_review_steps(sign_in, step, role, expected):
    """Editors submit; reviewers and administrators also send back, approve and discard (an editor
    may discard only their own change: this one was made by someone else)."""
    event = EventFactory(title="Opening ceremony")
    CitationFactory(record=event)
    with transaction.atomic():
        with capture() as trial:
            changed = Event.objects.get(pk=event.pk)
            changed.title = "Opening of the regional office"
            changed.save()
        changes = trial.changes()
        transaction.set_rollback(True)
    revision = keep(event, changes, None)
    url, data = {
        "submit": (f"/admin/review/events/event/{event.pk}/submit/", {"comment": "Ready."}),
        "send back": (f"/admin/review/events/event/{event.pk}/send-back/", {"comment": "Cite it."}),
        "approve": (f"/admin/review/revisions/{revision.pk}/", {"action": "approve"}),
        "discard": (f"/admin/review/revisions/{revision.pk}/", {"action": "discard"}),
    }[step]

    response = sign_in(role).post(url, data)

    if expected == SIGN_IN:
        assert_outcome(response, SIGN_IN)
    else:
        assert response.status_code == expected
    done = expected == 302
    title = Event.objects.get(pk=event.pk).title
    assert title == ("Opening of the regional office" if done and step == "approve" else "Opening ceremony")
    assert Revision.objects.filter(state="open").exists() is not (done and step in ("approve", "discard"))
    review = Review.objects.filter(object_id=event.pk).first()
    assert (review.state if review else None) == (
        {"submit": "awaiting", "send back": "sent_back"}.get(step) if done else None
    )
