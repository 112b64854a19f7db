"""Deleting, through the admin, something that evidence or other records still depend on is refused
with an explanation: the confirmation page names what depends on it (Django's "protected related
objects" list), posting the confirmation deletes nothing and is no server error, and the bulk delete
action behaves the same. A record nothing depends on is deleted.
"""

import html

import pytest
from django.utils.html import strip_tags

from cooperation.core.roles import EDITORS, REVIEWERS
from cooperation.models import Initiative, Organisation, Place, Source
from events.models import Event, Participation
from people.models import Person, Position, Post
from tests.admin_support import admin_url
from tests.factories import (
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

PROTECTED = "would require deleting the following protected related objects"


def body(response):
    """The page's text, without its tags (the listed objects are links)."""
    return html.unescape(strip_tags(response.content.decode()))


def sure_button(response):
    return 'value="Yes, I’m sure"' in response.content.decode()


# Each case: a record and the names of what depends on it, as the confirmation page lists them.


def source_with_citations():
    source = SourceFactory(title="ICESCO delegation visits Baku")
    citations = [
        CitationFactory(source=source, record=EventFactory(), quote="Baku hosted meeting"),
        CitationFactory(source=source, record=PersonFactory(), quote="The Minister of Culture received the delegation"),
    ]
    return source, [f"Citation: {citation}" for citation in citations]


def organisation_with_posts():
    ministry = OrganisationFactory(name="Ministry of Culture")
    posts = [PostFactory(organisation=ministry, title=t) for t in ("Minister of Culture", "Deputy Minister of Culture")]
    return ministry, [f"Post: {post}" for post in posts]


def organisation_publishing_a_source():
    agency = OrganisationFactory(name="Azertac")
    source = SourceFactory(publisher=agency, title="News of the visit")
    return agency, [f"Source: {source}"]


def organisation_in_an_initiative():
    foundation = OrganisationFactory(name="Heydar Aliyev Foundation")
    party = InitiativePartyFactory(organisation=foundation, initiative=InitiativeFactory(title="Restoration project"))
    return foundation, [f"Initiative party: {party}"]


def place_of_an_event():
    baku = PlaceFactory(name="Baku")
    event = EventFactory(title="Forum in Baku", place=baku)
    return baku, [f"Event: {event}"]


def place_with_a_place_inside():
    azerbaijan = PlaceFactory(name="Azerbaijan", kind="country")
    baku = PlaceFactory(name="Baku", parent=azerbaijan)
    return azerbaijan, [f"Place: {baku}"]


def person_with_positions():
    person = PersonFactory(name="Anar Karimov")
    position = PositionFactory(person=person, post=PostFactory(title="Minister of Culture"))
    return person, [f"Position: {position}"]


def person_who_took_part_in_an_event():
    person = PersonFactory(name="Salim AlMalik")
    participation = ParticipationFactory(person=person, event=EventFactory(title="Meeting in Baku"))
    return person, [f"Participation: {participation}"]


def event_with_a_sub_event():
    visit = EventFactory(title="Visit to Azerbaijan")
    meeting = EventFactory(title="Meeting at the Ministry", parent=visit)
    return visit, [f"Event: {meeting}"]


def post_held_by_someone():
    post = PostFactory(title="Minister of Culture")
    position = PositionFactory(post=post)
    return post, [f"Position: {position}"]


def position_named_in_a_participation():
    position = PositionFactory()
    participation = ParticipationFactory(person=position.person, position=position)
    return position, [f"Participation: {participation}"]


CASES = [
    source_with_citations,
    organisation_with_posts,
    organisation_publishing_a_source,
    organisation_in_an_initiative,
    place_of_an_event,
    place_with_a_place_inside,
    person_with_positions,
    person_who_took_part_in_an_event,
    event_with_a_sub_event,
    post_held_by_someone,
    position_named_in_a_participation,
]


def assert_protected_list_names(response, record, dependants):
    page = body(response)
    assert response.status_code == 200
    assert PROTECTED in page
    assert f"Deleting the {record._meta.verbose_name} '{record}' {PROTECTED}" in page
    for dependant in dependants:
        assert dependant in page


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_delete_page_names_what_depends_on_the_record_and_deletes_nothing(staff, case):
    record, dependants = case()
    model = type(record)
    client = staff("leyla", group=REVIEWERS)

    confirmation = client.get(admin_url(model, "delete", record.pk))
    response = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert_protected_list_names(confirmation, record, dependants)
    assert not sure_button(confirmation)  # nothing to confirm: the page only explains
    assert_protected_list_names(response, record, dependants)
    assert model._default_manager.filter(pk=record.pk).exists()
    assert record.history.filter(history_type="-").count() == 0


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_bulk_delete_explains_and_deletes_nothing(staff, case):
    record, dependants = case()
    model = type(record)
    deletable = model._default_manager.exclude(pk=record.pk).first()  # selected too, and kept with it
    selected = [record.pk] + ([deletable.pk] if deletable else [])
    client = staff("leyla", group=REVIEWERS)

    confirmation = client.post(
        admin_url(model, "changelist"), {"action": "delete_selected", "_selected_action": selected}
    )
    response = client.post(
        admin_url(model, "changelist"), {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    )

    for page in (confirmation, response):
        assert page.status_code == 200
        assert PROTECTED in body(page)
        for dependant in dependants:
            assert dependant in body(page)
    assert model._default_manager.filter(pk__in=selected).count() == len(selected)


def test_a_source_whose_citations_are_removed_first_can_then_be_deleted(staff):
    source, _dependants = source_with_citations()
    client = staff("leyla", group=REVIEWERS)
    for citation in source.citations.all():
        # The records' only public evidence: they are made drafts first (test_evidence_rule.py).
        type(citation.record).objects.filter(pk=citation.object_id).update(publication_status="draft")
        assert client.post(admin_url(type(citation), "delete", citation.pk), {"post": "yes"}).status_code == 302

    response = client.post(admin_url(Source, "delete", source.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize(
    "factory",
    [SourceFactory, OrganisationFactory, PlaceFactory, PersonFactory, EventFactory, InitiativeFactory],
    ids=lambda factory: factory._meta.model.__name__,
)
def test_a_reviewer_deletes_a_record_nothing_depends_on(staff, factory):
    record = factory()
    model = type(record)
    client = staff("leyla", group=REVIEWERS)

    confirmation = client.get(admin_url(model, "delete", record.pk))
    response = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert confirmation.status_code == 200
    assert sure_button(confirmation)
    assert PROTECTED not in body(confirmation)
    assert response.status_code == 302
    assert not model._default_manager.filter(pk=record.pk).exists()


def test_deleting_an_event_deletes_its_participations_and_citations_with_it(staff):
    """What belongs to the record (its participants, its evidence) goes with it; the confirmation
    page lists them first."""
    event = EventFactory(title="Meeting in Baku")
    participation = ParticipationFactory(event=event)
    citation = CitationFactory(record=event)
    client = staff("leyla", group=REVIEWERS)

    confirmation = client.get(admin_url(Event, "delete", event.pk))
    response = client.post(admin_url(Event, "delete", event.pk), {"post": "yes"})

    assert f"Participation: {participation}" in body(confirmation)
    assert f"Citation: {citation}" in body(confirmation)
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not Participation.objects.exists()
    assert not type(citation).objects.exists()
    assert Person.objects.filter(pk=participation.person_id).exists()
    assert Source.objects.filter(pk=citation.source_id).exists()


def test_an_editor_deleting_a_post_still_held_is_refused_with_the_same_explanation(staff):
    post, dependants = post_held_by_someone()

    response = staff("aysel", group=EDITORS).post(admin_url(Post, "delete", post.pk), {"post": "yes"})

    assert_protected_list_names(response, post, dependants)
    assert Post.objects.filter(pk=post.pk).exists()
    assert Position.objects.count() == 1


def test_bulk_delete_of_unprotected_records_deletes_them_all(staff):
    places = [PlaceFactory(), PlaceFactory()]
    initiative = InitiativeFactory()
    initiative.places.set(places)  # a many-to-many link does not protect a place

    response = staff("leyla", group=REVIEWERS).post(
        admin_url(Place, "changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in places], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Place.objects.exists()
    assert Initiative.objects.get(pk=initiative.pk).places.count() == 0


def test_protected_organisation_is_kept_with_its_name(staff):
    ministry, _dependants = organisation_with_posts()

    staff("leyla", group=REVIEWERS).post(admin_url(Organisation, "delete", ministry.pk), {"post": "yes"})

    assert Organisation.objects.get(pk=ministry.pk).name == "Ministry of Culture"
    assert sorted(ministry.posts.values_list("title", flat=True)) == [
        "Deputy Minister of Culture",
        "Minister of Culture",
    ]
