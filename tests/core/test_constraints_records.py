"""What a record may hold, in the database: known kinds, statuses and roles, the text it cannot do
without, a participant or party it names, coordinates that make sense, no record inside itself.
Each named check constraint rejects a bad row in the database itself, not only in clean().

Bad rows are written with `objects.create()`, `save()` or a queryset `update()` (no full_clean), and
the table is checked afterwards. Check constraints are matched by name: SQLite and PostgreSQL both
name the one that failed.
"""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from cooperation.core.citations import Citation
from cooperation.models import (
    Initiative,
    InitiativeParty,
    Organisation,
    OrganisationRelation,
    PartyRole,
    Place,
    PlaceKind,
    RelationKind,
    Source,
)
from events.models import Event, Participation, ParticipationRole
from people.models import Person, Post
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
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_participation_naming_nobody_is_rejected_by_the_database():
    event = EventFactory()

    with pytest.raises(IntegrityError, match="events_participation_names_someone"), transaction.atomic():
        Participation.objects.create(event=event, person=None, organisation=None, name="", role="attendee")

    assert Participation.objects.count() == 0


def test_participation_naming_only_an_organisation_or_only_a_name_is_allowed():
    event, ministry = EventFactory(), OrganisationFactory()

    Participation.objects.create(event=event, organisation=ministry, role=ParticipationRole.HOST)
    Participation.objects.create(
        event=event, name="ambassadors of other countries accredited to Azerbaijan", role=ParticipationRole.ATTENDEE
    )

    assert set(event.participations.values_list("organisation", "name")) == {
        (ministry.pk, ""),
        (None, "ambassadors of other countries accredited to Azerbaijan"),
    }


def test_unknown_participation_role_is_rejected_by_the_database():
    event = EventFactory()

    with pytest.raises(IntegrityError, match="events_participation_role_valid"), transaction.atomic():
        Participation.objects.create(event=event, name="the press", role="bogus")

    assert Participation.objects.count() == 0


def test_empty_citation_quote_is_rejected_by_the_database():
    source, event = SourceFactory(), EventFactory()

    with pytest.raises(IntegrityError, match="cooperation_citation_quote_not_empty"), transaction.atomic():
        Citation.objects.create(
            source=source, content_type=ContentType.objects.get_for_model(event), object_id=event.pk, quote=""
        )

    assert Citation.objects.count() == 0


def test_empty_source_text_is_rejected_by_the_database():
    source = SourceFactory.build(text="")

    with pytest.raises(IntegrityError, match="cooperation_source_text_not_empty"), transaction.atomic():
        source.save()

    assert Source.objects.count() == 0


def test_empty_post_title_is_rejected_by_the_database():
    ministry = OrganisationFactory()

    with pytest.raises(IntegrityError, match="people_post_title_not_empty"), transaction.atomic():
        Post.objects.create(organisation=ministry, title="")

    assert Post.objects.count() == 0


@pytest.mark.parametrize(
    ("factory", "field", "constraint"),
    [
        (AlternateNameFactory, "name", "cooperation_alternatename_not_empty"),
        (CitationFactory, "quote", "cooperation_citation_quote_not_empty"),
        (PostFactory, "title", "people_post_title_not_empty"),
        (SourceFactory, "text", "cooperation_source_text_not_empty"),
    ],
)
def test_emptying_text_a_row_cannot_do_without_is_rejected_by_the_database(factory, field, constraint):
    row = factory()
    kept = getattr(row, field)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(**{field: ""})

    row.refresh_from_db()
    assert getattr(row, field) == kept != ""


def test_initiative_party_naming_both_an_organisation_and_a_person_is_rejected_by_the_database():
    initiative, organisation, person = InitiativeFactory(), OrganisationFactory(), PersonFactory()

    with pytest.raises(IntegrityError, match="cooperation_initiativeparty_one_party"), transaction.atomic():
        InitiativeParty.objects.create(
            initiative=initiative, organisation=organisation, person=person, role=PartyRole.PROPOSER
        )

    assert InitiativeParty.objects.count() == 0


def test_initiative_party_naming_neither_organisation_nor_person_is_rejected_by_the_database():
    initiative = InitiativeFactory()

    with pytest.raises(IntegrityError, match="cooperation_initiativeparty_one_party"), transaction.atomic():
        InitiativeParty.objects.create(initiative=initiative, role=PartyRole.PROPOSER)

    assert InitiativeParty.objects.count() == 0


def test_organisation_related_to_itself_is_rejected_by_the_database():
    icesco = OrganisationFactory()

    with pytest.raises(IntegrityError, match="cooperation_organisationrelation_not_self"), transaction.atomic():
        OrganisationRelation.objects.create(subject=icesco, kind=RelationKind.PARTNER_OF, object=icesco)

    assert OrganisationRelation.objects.count() == 0


def test_organisation_as_its_own_parent_is_rejected_by_the_database():
    icesco = OrganisationFactory()
    icesco.parent = icesco

    with pytest.raises(IntegrityError, match="cooperation_organisation_not_own_parent"), transaction.atomic():
        icesco.save()

    icesco.refresh_from_db()
    assert icesco.parent_id is None


@pytest.mark.parametrize(
    ("factory", "constraint"),
    [
        (OrganisationFactory, "cooperation_organisation_not_own_parent"),
        (PlaceFactory, "cooperation_place_not_own_parent"),
        (InitiativeFactory, "cooperation_initiative_not_own_parent"),
        (EventFactory, "events_event_not_own_parent"),
    ],
)
def test_record_made_its_own_parent_is_rejected_by_the_database(factory, constraint):
    outer = factory()
    record = factory(parent=outer)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(parent=F("pk"))

    record.refresh_from_db()
    assert record.parent_id == outer.pk


@pytest.mark.parametrize("factory", [OrganisationFactory, PlaceFactory, InitiativeFactory, EventFactory])
def test_record_inside_its_own_child_fails_full_clean_on_parent(factory):
    outer = factory()
    inner = factory(parent=outer)
    outer.parent = inner

    with pytest.raises(ValidationError) as error:
        outer.full_clean()

    assert list(error.value.message_dict) == ["parent"]
    assert "cannot be part of itself" in error.value.message_dict["parent"][0]
    outer.refresh_from_db()
    assert outer.parent_id is None


@pytest.mark.parametrize("factory", [OrganisationFactory, PlaceFactory, InitiativeFactory, EventFactory])
def test_record_inside_a_chain_of_other_records_passes_full_clean(factory):
    outer = factory()
    middle = factory(parent=outer)
    inner = factory(parent=middle)

    inner.full_clean()

    assert [inner.parent, inner.parent.parent] == [middle, outer]


@pytest.mark.parametrize(
    ("factory", "model", "constraint"),
    [
        (EventFactory, Event, "events_event_publication_status_valid"),
        (PersonFactory, Person, "people_person_publication_status_valid"),
        (OrganisationFactory, Organisation, "cooperation_organisation_publication_status_valid"),
        (InitiativeFactory, Initiative, "cooperation_initiative_publication_status_valid"),
        (PlaceFactory, Place, "cooperation_place_publication_status_valid"),
        (SourceFactory, Source, "cooperation_source_publication_status_valid"),
    ],
)
def test_unknown_publication_status_is_rejected_by_the_database(factory, model, constraint):
    record = factory.build(publication_status="bogus")

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        record.save()

    assert model.objects.count() == 0


def test_unknown_event_kind_is_rejected_by_the_database():
    event = EventFactory.build(kind="bogus")

    with pytest.raises(IntegrityError, match="events_event_kind_valid"), transaction.atomic():
        event.save()

    assert Event.objects.count() == 0


def test_unknown_event_status_is_rejected_by_the_database():
    event = EventFactory.build(status="bogus")

    with pytest.raises(IntegrityError, match="events_event_status_valid"), transaction.atomic():
        event.save()

    assert Event.objects.count() == 0


def test_unknown_organisation_relation_kind_is_rejected_by_the_database():
    azerbaijan, icesco = OrganisationFactory(), OrganisationFactory()

    with (
        pytest.raises(IntegrityError, match="cooperation_organisationrelation_kind_valid"),
        transaction.atomic(),
    ):
        OrganisationRelation.objects.create(subject=azerbaijan, kind="bogus", object=icesco)

    assert OrganisationRelation.objects.count() == 0


CHOICES = [
    (AlternateNameFactory, "kind", "cooperation_alternatename_kind_valid"),
    (EventFactory, "kind", "events_event_kind_valid"),
    (EventFactory, "status", "events_event_status_valid"),
    (EventFactory, "publication_status", "events_event_publication_status_valid"),
    (InitiativeFactory, "kind", "cooperation_initiative_kind_valid"),
    (InitiativeFactory, "status", "cooperation_initiative_status_valid"),
    (InitiativeFactory, "publication_status", "cooperation_initiative_publication_status_valid"),
    (InitiativePartyFactory, "role", "cooperation_initiativeparty_role_valid"),
    (OrganisationFactory, "kind", "cooperation_organisation_kind_valid"),
    (OrganisationFactory, "publication_status", "cooperation_organisation_publication_status_valid"),
    (OrganisationRelationFactory, "kind", "cooperation_organisationrelation_kind_valid"),
    (ParticipationFactory, "role", "events_participation_role_valid"),
    (PersonFactory, "publication_status", "people_person_publication_status_valid"),
    (PlaceFactory, "kind", "cooperation_place_kind_valid"),
    (PlaceFactory, "publication_status", "cooperation_place_publication_status_valid"),
    (SourceFactory, "kind", "cooperation_source_kind_valid"),
    (SourceFactory, "publication_status", "cooperation_source_publication_status_valid"),
]


@pytest.mark.parametrize(("factory", "field", "constraint"), CHOICES, ids=[row[2] for row in CHOICES])
def test_changing_a_choice_to_an_unknown_value_is_rejected_by_the_database(factory, field, constraint):
    row = factory()
    kept = getattr(row, field)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(**{field: "bogus"})

    row.refresh_from_db()
    assert getattr(row, field) == kept != "bogus"


def test_place_latitude_without_longitude_is_rejected_by_the_database():
    place = PlaceFactory.build(kind=PlaceKind.CITY, latitude=Decimal("40.409264"), longitude=None)

    with pytest.raises(IntegrityError, match="cooperation_place_coordinates_valid"), transaction.atomic():
        place.save()

    assert Place.objects.count() == 0


def test_place_latitude_out_of_range_is_rejected_by_the_database():
    place = PlaceFactory.build(latitude=Decimal("91"), longitude=Decimal("49.867092"))

    with pytest.raises(IntegrityError, match="cooperation_place_coordinates_valid"), transaction.atomic():
        place.save()

    assert Place.objects.count() == 0


def test_place_with_both_coordinates_is_stored():
    place = PlaceFactory(latitude=Decimal("40.409264"), longitude=Decimal("49.867092"))

    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (Decimal("40.409264"), Decimal("49.867092"))


def test_full_clean_explains_a_participation_naming_nobody():
    participation = Participation(event=EventFactory(), role=ParticipationRole.ATTENDEE)

    with pytest.raises(ValidationError) as error:
        participation.full_clean()

    assert error.value.messages == ["Name a person, an organisation, or at least the participant as written."]


def test_unknown_event_kind_fails_full_clean_on_the_kind_field():
    event = EventFactory.build(kind="bogus")

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert list(error.value.message_dict) == ["kind"]
