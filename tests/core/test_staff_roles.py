"""Who may do what in the staff workspace: a permission matrix over the roles (Editors, Reviewers,
Administrators), a staff account in no group, a signed-in visitor and an anonymous one, for every
record model and every admin action; the publish and unpublish actions; and `manage.py sync_roles`.

The matrix is parametrized over `roles.record_models()`, so a new record model without a row in
RECORD_MODELS below fails here until someone decides what each role may do with it.
"""

import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from cooperation.core.citations import Citation
from cooperation.core.records import PublicationStatus
from cooperation.core.roles import ADMINISTRATORS, EDITORS, REVIEWERS, record_models, role_permissions, sync_roles
from cooperation.core.tokens import PartnerToken
from cooperation.models import Organisation
from people.models import Person
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
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
PASSWORD = "not-a-real-password"


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
    "cooperation.citation": ModelRow(CitationFactory, publishable=False, editors_may_delete=True),
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
GROUP_OF_ROLE = {"editor": EDITORS, "reviewer": REVIEWERS, "administrator": ADMINISTRATORS}
STAFF_ROLES = ("editor", "reviewer", "administrator")

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


# Helpers copied from test_admin_inlines.py (module-private there).


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


@pytest.fixture
def roles():
    """The groups as a deploy leaves them (sync_roles also runs after every migrate)."""
    sync_roles()


@pytest.fixture
def make_user(roles, django_user_model):
    def make(role, username=None):
        user = django_user_model.objects.create_user(
            username=username or f"{role}-user", password=PASSWORD, is_staff=role != "visitor"
        )
        if role in GROUP_OF_ROLE:
            user.groups.add(Group.objects.get(name=GROUP_OF_ROLE[role]))
        return user

    return make


@pytest.fixture
def sign_in(client, make_user):
    """The test client signed in as a new user in `role` (left anonymous for "anonymous")."""

    def sign_in_as(role):
        if role != "anonymous":
            client.force_login(make_user(role))
        return client

    return sign_in_as


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
    assert saved.note == (f"Checked by the {role}" if role in STAFF_ROLES else "")
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
    assert model._default_manager.filter(pk=record.pk).exists() is (expected != OK)


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
    assert model.objects.count() == before + (1 if expected == OK else 0)
    if expected == OK and model is Organisation:
        created = Organisation.objects.get(slug="ministry-of-science-and-education")
        # Editors create drafts: the publication status is not theirs to set.
        assert created.publication_status == (DRAFT if role == "editor" else PUBLISHED)
        assert created.history.get().history_user.username == f"{role}-user"
    if expected == OK and model is Citation:
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

    response = client.post(reverse("admin:cooperation_partnertoken_add"), {"partner": "Ministry portal", "note": ""})

    assert response.status_code == 302
    token = PartnerToken.objects.get()
    assert token.partner == "Ministry portal"
    assert token.issued_by.username == "administrator-user"


# --- The publish action ---------------------------------------------------------------------------


def publication_history(record):
    return list(record.history.order_by("history_id"))


# These use people: the publish action's own bug on PostgreSQL (see POSTGRES_PUBLISH_BUG) does not
# touch them, so the action's behaviour is tested on both databases.


def test_publish_action_publishes_drafts_with_citations_and_names_the_one_without(sign_in):
    supported = [PersonFactory(name=f"Supported {n}", publication_status=DRAFT) for n in (1, 2)]
    for person in supported:
        CitationFactory(record=person)
    unsupported = PersonFactory(name="Anar Karimov", publication_status=DRAFT)
    for person in [*supported, unsupported]:
        person.refresh_from_db()  # a citation added moves its record's version on
    rows_before = {p.pk: p.history.count() for p in [*supported, unsupported]}
    client = sign_in("reviewer")

    response = client.post(
        admin_url(Person, "changelist"),
        {"action": "publish", "_selected_action": [p.pk for p in [*supported, unsupported]]},
    )

    assert response.status_code == 302
    messages = {(m.level_tag, m.message) for m in get_messages(response.wsgi_request)}
    assert messages == {
        ("success", "2 record(s) set to published."),
        ("warning", "Not published, because no source is cited for them yet: Anar Karimov."),
    }
    for person in supported:
        saved = Person.objects.get(pk=person.pk)
        assert saved.publication_status == PUBLISHED
        assert saved.version == person.version + 1
        assert saved.history.count() == rows_before[person.pk] + 1
        latest = saved.history.first()
        assert (latest.history_type, latest.history_user.username) == ("~", "reviewer-user")
        assert latest.publication_status == PUBLISHED
        assert latest.history_change_reason == "published by reviewer-user"
    kept = Person.objects.get(pk=unsupported.pk)
    assert (kept.publication_status, kept.version) == (DRAFT, unsupported.version)
    assert kept.history.count() == rows_before[unsupported.pk]


def test_publish_action_publishes_a_source_without_citations(sign_in):
    """Sources are the evidence themselves: they need no citation to be published."""
    source = SourceFactory(publication_status=DRAFT)

    response = sign_in("reviewer").post(
        admin_url(type(source), "changelist"), {"action": "publish", "_selected_action": [source.pk]}
    )

    assert response.status_code == 302
    assert type(source).objects.get(pk=source.pk).publication_status == PUBLISHED


def test_unpublish_action_returns_records_to_draft_with_one_history_row_each(sign_in):
    published = [PersonFactory(publication_status=PUBLISHED) for _ in range(2)]
    already_draft = PersonFactory(publication_status=DRAFT)
    rows_before = {p.pk: p.history.count() for p in [*published, already_draft]}

    response = sign_in("reviewer").post(
        admin_url(Person, "changelist"),
        {"action": "unpublish", "_selected_action": [p.pk for p in [*published, already_draft]]},
    )

    assert response.status_code == 302
    assert [m.message for m in get_messages(response.wsgi_request)] == ["2 record(s) set to draft."]
    for person in published:
        saved = Person.objects.get(pk=person.pk)
        assert (saved.publication_status, saved.version) == (DRAFT, person.version + 1)
        assert saved.history.count() == rows_before[person.pk] + 1
        latest = saved.history.first()
        assert (latest.history_type, latest.history_user.username) == ("~", "reviewer-user")
        assert latest.publication_status == DRAFT
        assert latest.history_change_reason == "draft by reviewer-user"
    untouched = Person.objects.get(pk=already_draft.pk)
    assert untouched.version == already_draft.version
    assert untouched.history.count() == rows_before[already_draft.pk]


def test_publish_then_unpublish_moves_the_version_by_one_each_time(sign_in):
    person = PersonFactory(publication_status=DRAFT)
    CitationFactory(record=person)
    person.refresh_from_db()  # a citation added moves its record's version on
    client = sign_in("reviewer")
    url = admin_url(Person, "changelist")

    client.post(url, {"action": "publish", "_selected_action": [person.pk]})
    after_publish = Person.objects.get(pk=person.pk)
    client.post(url, {"action": "unpublish", "_selected_action": [person.pk]})
    after_unpublish = Person.objects.get(pk=person.pk)

    assert (after_publish.publication_status, after_publish.version) == (PUBLISHED, person.version + 1)
    assert (after_unpublish.publication_status, after_unpublish.version) == (DRAFT, person.version + 2)
    assert [row.publication_status for row in publication_history(after_unpublish)] == [DRAFT, PUBLISHED, DRAFT]


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_publish_and_unpublish_actions_work_on_organisations(sign_in, action):
    organisation = OrganisationFactory(
        name="Ministry of Culture", publication_status=DRAFT if action == "publish" else PUBLISHED
    )
    CitationFactory(record=organisation)

    response = sign_in("reviewer").post(
        admin_url(Organisation, "changelist"), {"action": action, "_selected_action": [organisation.pk]}
    )

    assert response.status_code == 302
    expected = PUBLISHED if action == "publish" else DRAFT
    assert Organisation.objects.get(pk=organisation.pk).publication_status == expected


def test_a_record_without_citations_cannot_be_published_through_the_change_form_either(sign_in, admin_client):
    organisation = OrganisationFactory(publication_status=DRAFT)
    page = admin_client.get(admin_url(Organisation, "change", organisation.pk))
    data = change_form_post(page) | {"publication_status": PUBLISHED}

    response = sign_in("reviewer").post(admin_url(Organisation, "change", organisation.pk), data)

    assert response.status_code == 200
    assert "A published record needs at least one citation" in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).publication_status == DRAFT


def test_the_last_citation_of_a_published_record_cannot_be_removed(sign_in, admin_client):
    organisation = OrganisationFactory(publication_status=PUBLISHED)
    citation = CitationFactory(record=organisation)
    page = admin_client.get(admin_url(Organisation, "change", organisation.pk))
    data = change_form_post(page) | {"cooperation-citation-content_type-object_id-0-DELETE": "on"}

    response = sign_in("editor").post(admin_url(Organisation, "change", organisation.pk), data)

    assert response.status_code == 200
    assert "A published record needs at least one citation" in response.content.decode()
    assert Citation.objects.filter(pk=citation.pk).exists()


# --- sync_roles --------------------------------------------------------------------------------------


def group_permissions():
    return {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.filter(name__in=[EDITORS, REVIEWERS, ADMINISTRATORS])
    }


def test_sync_roles_is_idempotent(roles):
    before = group_permissions()

    call_command("sync_roles", stdout=io.StringIO())
    call_command("sync_roles", stdout=io.StringIO())

    assert group_permissions() == before
    assert Group.objects.filter(name__in=[EDITORS, REVIEWERS, ADMINISTRATORS]).count() == 3
    assert set(before) == {EDITORS, REVIEWERS, ADMINISTRATORS}
    assert before[EDITORS] < before[REVIEWERS] < before[ADMINISTRATORS]
    assert ("auth", "change_user") in before[ADMINISTRATORS]
    assert ("cooperation", "add_partnertoken") in before[ADMINISTRATORS]
    assert not {codename for _app, codename in before[REVIEWERS]} & {"change_user", "add_partnertoken"}


def test_sync_roles_restores_a_permission_removed_by_hand_and_removes_one_added(roles):
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.remove(Permission.objects.get(codename="change_event"))
    editors.permissions.add(Permission.objects.get(codename="publish_event"))
    expected = role_permissions()[EDITORS]

    call_command("sync_roles", stdout=io.StringIO())

    assert group_permissions()[EDITORS] == expected
    assert ("events", "change_event") in group_permissions()[EDITORS]
    assert ("events", "publish_event") not in group_permissions()[EDITORS]


def test_sync_roles_recreates_a_deleted_group(roles):
    Group.objects.filter(name=REVIEWERS).delete()

    call_command("sync_roles", stdout=io.StringIO())

    assert group_permissions()[REVIEWERS] == role_permissions()[REVIEWERS]
