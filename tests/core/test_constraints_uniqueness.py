"""Uniqueness in the database: no record, name, citation, tenure or participation entered twice.
Each named unique constraint rejects a duplicate in the database itself, not only in validate_unique().

Duplicates are written with `objects.create()` or `save()` (no full_clean), and the table is checked
afterwards. Each test matches what is specific to its constraint on both databases: PostgreSQL names
the constraint; SQLite lists the constrained columns as table.column, or names the index of a
constraint over expressions.
"""

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperation.core.citations import AlternateName, AlternateNameKind, Citation
from cooperation.core.dates import PartialDate
from cooperation.models import (
    Initiative,
    InitiativeParty,
    Organisation,
    OrganisationRelation,
    PartyRole,
    Place,
    RelationKind,
    Source,
)
from events.models import Event, Participation, ParticipationRole
from people.models import Person, Position, Post
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def unique_violation(constraint, sqlite_detail):
    """The message of a violation of `constraint` on PostgreSQL (its name) or SQLite (`sqlite_detail`)."""
    return rf"{re.escape(constraint)}|UNIQUE constraint failed: {re.escape(sqlite_detail)}$"


PARTICIPANT_ROLE = unique_violation("events_participation_unique_role", "index 'events_participation_unique_role'")
NAMED_ROLE = unique_violation(
    "events_participation_unique_named_role",
    "events_participation.event_id, events_participation.name, events_participation.role",
)


def test_duplicate_participation_of_a_person_in_a_role_is_rejected_by_the_database():
    first = ParticipationFactory(role=ParticipationRole.SPEAKER)

    with pytest.raises(IntegrityError, match=PARTICIPANT_ROLE), transaction.atomic():
        Participation.objects.create(event=first.event, person=first.person, role=ParticipationRole.SPEAKER)

    assert Participation.objects.count() == 1


def test_same_person_in_another_role_of_the_same_event_is_allowed():
    first = ParticipationFactory(role=ParticipationRole.SPEAKER)

    Participation.objects.create(event=first.event, person=first.person, role=ParticipationRole.GUEST_OF_HONOUR)

    assert sorted(first.event.participations.values_list("role", flat=True)) == ["guest_of_honour", "speaker"]


def test_duplicate_participation_of_an_organisation_in_a_role_is_rejected_by_the_database():
    event, ministry = EventFactory(), OrganisationFactory()
    Participation.objects.create(event=event, organisation=ministry, role=ParticipationRole.HOST)

    with pytest.raises(IntegrityError, match=PARTICIPANT_ROLE), transaction.atomic():
        Participation.objects.create(event=event, organisation=ministry, role=ParticipationRole.HOST)

    assert Participation.objects.count() == 1


def test_duplicate_name_only_participation_is_rejected_by_the_database():
    event = EventFactory()
    Participation.objects.create(event=event, name="ambassadors of Uzbekistan", role=ParticipationRole.ATTENDEE)

    with pytest.raises(IntegrityError, match=NAMED_ROLE), transaction.atomic():
        Participation.objects.create(event=event, name="ambassadors of Uzbekistan", role=ParticipationRole.ATTENDEE)

    assert Participation.objects.count() == 1


def test_two_different_name_only_groups_in_the_same_role_are_allowed():
    event = EventFactory()

    Participation.objects.create(event=event, name="ambassadors of Uzbekistan", role=ParticipationRole.ATTENDEE)
    Participation.objects.create(event=event, name="heads of diplomatic missions", role=ParticipationRole.ATTENDEE)

    assert sorted(event.participations.values_list("name", flat=True)) == [
        "ambassadors of Uzbekistan",
        "heads of diplomatic missions",
    ]


def test_duplicate_citation_is_rejected_by_the_database():
    event = EventFactory()
    first = CitationFactory(record=event, field="start_date")

    with (
        pytest.raises(
            IntegrityError,
            match=unique_violation(
                "cooperation_citation_unique_quote_per_record",
                "cooperation_citation.source_id, cooperation_citation.content_type_id, "
                "cooperation_citation.object_id, cooperation_citation.field, cooperation_citation.quote",
            ),
        ),
        transaction.atomic(),
    ):
        Citation.objects.create(
            source=first.source,
            content_type=ContentType.objects.get_for_model(event),
            object_id=event.pk,
            field="start_date",
            quote=first.quote,
        )

    assert Citation.objects.count() == 1


def test_same_quote_citing_another_field_of_the_record_is_allowed():
    event = EventFactory()
    first = CitationFactory(record=event, field="start_date")

    second = CitationFactory(record=event, source=first.source, field="title", quote=first.quote)

    assert set(event.citations.values_list("pk", "field")) == {(first.pk, "start_date"), (second.pk, "title")}


def test_duplicate_source_reference_is_rejected_by_the_database():
    SourceFactory(reference="icesco-2021-01-14.txt")
    source = SourceFactory.build(reference="icesco-2021-01-14.txt")

    with (
        pytest.raises(
            IntegrityError,
            match=unique_violation("cooperation_source_unique_reference", "cooperation_source.reference"),
        ),
        transaction.atomic(),
    ):
        source.save()

    assert list(Source.objects.values_list("reference", flat=True)) == ["icesco-2021-01-14.txt"]


@pytest.mark.parametrize(
    ("factory", "model", "constraint", "column"),
    [
        (EventFactory, Event, "events_event_unique_slug", "events_event.slug"),
        (PersonFactory, Person, "people_person_unique_slug", "people_person.slug"),
        (OrganisationFactory, Organisation, "cooperation_organisation_unique_slug", "cooperation_organisation.slug"),
        (InitiativeFactory, Initiative, "cooperation_initiative_unique_slug", "cooperation_initiative.slug"),
        (PlaceFactory, Place, "cooperation_place_unique_slug", "cooperation_place.slug"),
        (SourceFactory, Source, "cooperation_source_unique_slug", "cooperation_source.slug"),
    ],
)
def test_duplicate_slug_is_rejected_by_the_database(factory, model, constraint, column):
    factory(slug="icesco-baku")
    duplicate = factory.build(slug="icesco-baku")

    with pytest.raises(IntegrityError, match=unique_violation(constraint, column)), transaction.atomic():
        duplicate.save()

    assert list(model.objects.values_list("slug", flat=True)) == ["icesco-baku"]


def test_duplicate_alternate_name_per_record_language_and_kind_is_rejected_by_the_database():
    icesco = OrganisationFactory(name="Islamic World Educational, Scientific and Cultural Organization")
    AlternateNameFactory(record=icesco, name="ICESCO", language="en", kind=AlternateNameKind.ACRONYM)

    with (
        pytest.raises(
            IntegrityError,
            match=unique_violation(
                "cooperation_alternatename_unique_per_record",
                "cooperation_alternatename.content_type_id, cooperation_alternatename.object_id, "
                "cooperation_alternatename.name, cooperation_alternatename.language, cooperation_alternatename.kind",
            ),
        ),
        transaction.atomic(),
    ):
        AlternateName.objects.create(
            content_type=ContentType.objects.get_for_model(icesco),
            object_id=icesco.pk,
            name="ICESCO",
            language="en",
            kind=AlternateNameKind.ACRONYM,
        )

    assert AlternateName.objects.count() == 1


def test_same_alternate_name_with_another_kind_or_language_is_allowed():
    icesco = OrganisationFactory()
    AlternateNameFactory(record=icesco, name="ICESCO", language="en", kind=AlternateNameKind.ACRONYM)

    AlternateNameFactory(record=icesco, name="ICESCO", language="en", kind=AlternateNameKind.TRANSLITERATION)
    AlternateNameFactory(record=icesco, name="ICESCO", language="az", kind=AlternateNameKind.ACRONYM)

    assert sorted(icesco.alternate_names.values_list("language", "kind")) == [
        ("az", "acronym"),
        ("en", "acronym"),
        ("en", "transliteration"),
    ]


def test_same_alternate_name_on_another_record_is_allowed():
    first, second = OrganisationFactory(), OrganisationFactory()

    AlternateNameFactory(record=first, name="ISESCO", kind=AlternateNameKind.FORMER_NAME)
    AlternateNameFactory(record=second, name="ISESCO", kind=AlternateNameKind.FORMER_NAME)

    assert AlternateName.objects.filter(name="ISESCO").count() == 2


def test_duplicate_post_title_in_one_organisation_is_rejected_by_the_database():
    post = PostFactory(title="Minister of Culture")

    with (
        pytest.raises(
            IntegrityError,
            match=unique_violation(
                "people_post_unique_title_per_organisation", "people_post.organisation_id, people_post.title"
            ),
        ),
        transaction.atomic(),
    ):
        Post.objects.create(organisation=post.organisation, title="Minister of Culture")

    assert Post.objects.count() == 1


def test_same_post_title_in_another_organisation_is_allowed():
    PostFactory(title="Director-General")

    PostFactory(title="Director-General")

    assert Post.objects.filter(title="Director-General").values("organisation").distinct().count() == 2


def test_duplicate_position_without_start_date_is_rejected_by_the_database():
    person, post = PersonFactory(), PostFactory()
    Position.objects.create(person=person, post=post, first_attested=PartialDate(dt.date(2021, 1, 14)))

    with (
        pytest.raises(
            IntegrityError, match=unique_violation("people_position_unique_term", "index 'people_position_unique_term'")
        ),
        transaction.atomic(),
    ):
        Position.objects.create(person=person, post=post, first_attested=PartialDate(dt.date(2025, 7, 18)))

    assert Position.objects.count() == 1


def test_same_post_held_again_from_another_start_date_is_allowed():
    person, post = PersonFactory(), PostFactory()

    Position.objects.create(person=person, post=post, start_date=dt.date(2010, 1, 1), start_date_precision="year")
    Position.objects.create(person=person, post=post, start_date=dt.date(2020, 1, 1), start_date_precision="year")

    assert sorted(person.positions.values_list("start_date", flat=True)) == [dt.date(2010, 1, 1), dt.date(2020, 1, 1)]


def test_duplicate_initiative_party_role_is_rejected_by_the_database():
    initiative, person = InitiativeFactory(), PersonFactory()
    InitiativeParty.objects.create(initiative=initiative, person=person, role=PartyRole.PROPOSER)

    with (
        pytest.raises(
            IntegrityError,
            match=unique_violation(
                "cooperation_initiativeparty_unique_role", "index 'cooperation_initiativeparty_unique_role'"
            ),
        ),
        transaction.atomic(),
    ):
        InitiativeParty.objects.create(initiative=initiative, person=person, role=PartyRole.PROPOSER)

    assert InitiativeParty.objects.count() == 1


def test_duplicate_organisation_relation_is_rejected_by_the_database():
    membership = OrganisationRelationFactory(kind=RelationKind.MEMBER_OF)

    with (
        pytest.raises(
            IntegrityError,
            match=unique_violation(
                "cooperation_organisationrelation_unique",
                "cooperation_organisationrelation.subject_id, cooperation_organisationrelation.kind, "
                "cooperation_organisationrelation.object_id",
            ),
        ),
        transaction.atomic(),
    ):
        OrganisationRelation.objects.create(
            subject=membership.subject, kind=RelationKind.MEMBER_OF, object=membership.object
        )

    assert list(OrganisationRelation.objects.all()) == [membership]


def test_same_organisations_in_another_relation_are_allowed():
    membership = OrganisationRelationFactory(kind=RelationKind.MEMBER_OF)

    OrganisationRelation.objects.create(
        subject=membership.subject, kind=RelationKind.PARTNER_OF, object=membership.object
    )

    assert sorted(OrganisationRelation.objects.values_list("kind", flat=True)) == ["member_of", "partner_of"]


def test_full_clean_explains_a_duplicate_participation():
    first = ParticipationFactory(role=ParticipationRole.SPEAKER)
    duplicate = Participation(event=first.event, person=first.person, role=ParticipationRole.SPEAKER)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.messages == ["This participant already has this role in the event."]


def test_full_clean_explains_a_duplicate_citation():
    first = CitationFactory()
    duplicate = Citation(
        source=first.source, content_type=first.content_type, object_id=first.object_id, quote=first.quote
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.messages == ["This record already cites this passage of this source."]
