"""The publish and unpublish actions of the staff workspace: reviewers publish drafts that cite a
source (and sources themselves), each change leaves one history row and moves the version by one, and a
published record cannot lose its last citation."""

import re

import pytest
from django.contrib.messages import get_messages

from cooperation.core.citations import Citation
from cooperation.core.records import PublicationStatus
from cooperation.models import Organisation
from people.models import Person
from tests.admin_support import admin_url, change_form_post
from tests.factories import (
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


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
        (
            "error",
            "“Anar Karimov” was not changed: person “Anar Karimov” would be public with no citation from a "
            "published source. Cite a published source for each (or use “Publish the selected records, and the "
            "draft sources they are cited from”), or keep them drafts.",
        ),
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
    assert "would be public with no citation from a published source" in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).publication_status == DRAFT


def test_the_last_citation_of_a_published_record_cannot_be_removed(sign_in, admin_client):
    organisation = OrganisationFactory(publication_status=PUBLISHED)
    citation = CitationFactory(record=organisation)
    page = admin_client.get(admin_url(Organisation, "change", organisation.pk))
    data = change_form_post(page) | {"cooperation-citation-content_type-object_id-0-DELETE": "on"}

    response = sign_in("editor").post(admin_url(Organisation, "change", organisation.pk), data)

    assert response.status_code == 200
    assert "would be public with no citation from a published source" in response.content.decode()
    assert Citation.objects.filter(pk=citation.pk).exists()


@pytest.mark.parametrize(
    "factory", [OrganisationFactory, PersonFactory, EventFactory, SourceFactory], ids=lambda f: f.__name__
)
def test_every_list_shows_the_publication_second_so_a_draft_is_seen_without_scrolling(admin_client, factory):
    model = type(factory(publication_status=DRAFT))

    body = admin_client.get(admin_url(model, "changelist")).content.decode()

    headers = re.findall(r'<th scope="col" class="([^"]*column-[^"]*)"', body)
    assert "column-publication" in headers[1], headers
