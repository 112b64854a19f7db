"""The rules of the records: each named constraint rejects a bad row in the database itself, not only
in clean(), and the publication status decides which rows are shown.

Bad rows are written with `objects.create()` or `save()` (no full_clean), and the table is checked
afterwards. Check constraints are matched by name: SQLite and PostgreSQL both name the one that
failed. Unique violations are matched on "unique", the word both databases use.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperation.dates import DatePrecision, PartialDate
from cooperation.models import (
    AlternateName,
    AlternateNameKind,
    Citation,
    Initiative,
    InitiativeKind,
    InitiativeParty,
    InitiativeStatus,
    Organisation,
    OrganisationRelation,
    PartyRole,
    Place,
    PlaceKind,
    PublicationStatus,
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

DAY = DatePrecision.DAY
UNIQUE = r"(?i)unique"


def test_event_ending_before_it_starts_is_rejected_by_the_database():
    event = EventFactory(start_date=dt.date(2025, 10, 5), start_date_precision=DAY)
    event.end_date, event.end_date_precision = dt.date(2025, 10, 2), DAY

    with pytest.raises(IntegrityError, match="events_event_end_date_not_before_start_date"), transaction.atomic():
        event.save()

    event.refresh_from_db()
    assert event.end_date is None
    assert Event.objects.count() == 1


def test_event_ending_on_its_start_day_is_allowed():
    event = EventFactory(
        start_date=dt.date(2025, 10, 2),
        start_date_precision=DAY,
        end_date=dt.date(2025, 10, 2),
        end_date_precision=DAY,
    )

    event.refresh_from_db()
    assert (event.start_date, event.end_date) == (dt.date(2025, 10, 2), dt.date(2025, 10, 2))


def test_position_ending_before_it_starts_is_rejected_by_the_database():
    person, post = PersonFactory(), PostFactory()

    with pytest.raises(IntegrityError, match="people_position_end_date_not_before_start_date"), transaction.atomic():
        Position.objects.create(
            person=person,
            post=post,
            start_date=dt.date(2021, 1, 1),
            start_date_precision=DatePrecision.YEAR,
            end_date=dt.date(2020, 1, 1),
            end_date_precision=DatePrecision.YEAR,
        )

    assert Position.objects.count() == 0


def test_position_last_attested_before_first_attested_is_rejected_by_the_database():
    person, post = PersonFactory(), PostFactory()

    with (
        pytest.raises(IntegrityError, match="people_position_attested_to_not_before_attested_from"),
        transaction.atomic(),
    ):
        Position.objects.create(
            person=person,
            post=post,
            first_attested=PartialDate(dt.date(2025, 7, 18)),
            last_attested=PartialDate(dt.date(2021, 1, 14)),
        )

    assert Position.objects.count() == 0


def test_initiative_ending_before_it_starts_is_rejected_by_the_database():
    with (
        pytest.raises(IntegrityError, match="cooperation_initiative_end_date_not_before_start_date"),
        transaction.atomic(),
    ):
        Initiative.objects.create(
            title="Regional cluster",
            slug="regional-cluster",
            kind=InitiativeKind.PROGRAMME,
            status=InitiativeStatus.ACTIVE,
            start_date=dt.date(2025, 7, 1),
            start_date_precision=DatePrecision.MONTH,
            end_date=dt.date(2025, 6, 30),
            end_date_precision=DAY,
        )

    assert Initiative.objects.count() == 0


def test_organisation_relation_ending_before_it_starts_is_rejected_by_the_database():
    azerbaijan, icesco = OrganisationFactory(), OrganisationFactory()

    with (
        pytest.raises(IntegrityError, match="cooperation_organisationrelation_end_date_not_before_start_date"),
        transaction.atomic(),
    ):
        OrganisationRelation.objects.create(
            subject=azerbaijan,
            kind=RelationKind.MEMBER_OF,
            object=icesco,
            start_date=dt.date(1991, 1, 1),
            start_date_precision=DatePrecision.YEAR,
            end_date=dt.date(1990, 1, 1),
            end_date_precision=DatePrecision.YEAR,
        )

    assert OrganisationRelation.objects.count() == 0


def test_date_without_precision_is_rejected_by_the_database():
    event = EventFactory.build(start_date=dt.date(2021, 1, 14), start_date_precision="")

    with pytest.raises(IntegrityError, match="events_event_start_date_precision"), transaction.atomic():
        event.save()

    assert Event.objects.count() == 0


def test_precision_without_date_is_rejected_by_the_database():
    organisation = OrganisationFactory.build(founded_date=None, founded_date_precision=DatePrecision.YEAR)

    with pytest.raises(IntegrityError, match="cooperation_organisation_founded_date_precision"), transaction.atomic():
        organisation.save()

    assert Organisation.objects.count() == 0


def test_unknown_precision_is_rejected_by_the_database():
    event = EventFactory.build(start_date=dt.date(2021, 1, 14), start_date_precision="week")

    with pytest.raises(IntegrityError, match="events_event_start_date_precision"), transaction.atomic():
        event.save()

    assert Event.objects.count() == 0


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


def test_duplicate_participation_of_a_person_in_a_role_is_rejected_by_the_database():
    first = ParticipationFactory(role=ParticipationRole.SPEAKER)

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
        Participation.objects.create(event=first.event, person=first.person, role=ParticipationRole.SPEAKER)

    assert Participation.objects.count() == 1


def test_same_person_in_another_role_of_the_same_event_is_allowed():
    first = ParticipationFactory(role=ParticipationRole.SPEAKER)

    Participation.objects.create(event=first.event, person=first.person, role=ParticipationRole.GUEST_OF_HONOUR)

    assert sorted(first.event.participations.values_list("role", flat=True)) == ["guest_of_honour", "speaker"]


def test_duplicate_participation_of_an_organisation_in_a_role_is_rejected_by_the_database():
    event, ministry = EventFactory(), OrganisationFactory()
    Participation.objects.create(event=event, organisation=ministry, role=ParticipationRole.HOST)

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
        Participation.objects.create(event=event, organisation=ministry, role=ParticipationRole.HOST)

    assert Participation.objects.count() == 1


def test_duplicate_name_only_participation_is_rejected_by_the_database():
    event = EventFactory()
    Participation.objects.create(event=event, name="ambassadors of Uzbekistan", role=ParticipationRole.ATTENDEE)

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
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


def test_unknown_participation_role_is_rejected_by_the_database():
    event = EventFactory()

    with pytest.raises(IntegrityError, match="events_participation_role_valid"), transaction.atomic():
        Participation.objects.create(event=event, name="the press", role="bogus")

    assert Participation.objects.count() == 0


def test_duplicate_citation_is_rejected_by_the_database():
    event = EventFactory()
    first = CitationFactory(record=event, field="start_date")

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
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


def test_duplicate_source_reference_is_rejected_by_the_database():
    SourceFactory(reference="icesco-2021-01-14.txt")
    source = SourceFactory.build(reference="icesco-2021-01-14.txt")

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
        source.save()

    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("factory", "model"),
    [
        (EventFactory, Event),
        (PersonFactory, Person),
        (OrganisationFactory, Organisation),
        (InitiativeFactory, Initiative),
        (PlaceFactory, Place),
        (SourceFactory, Source),
    ],
)
def test_duplicate_slug_is_rejected_by_the_database(factory, model):
    factory(slug="icesco-baku")
    duplicate = factory.build(slug="icesco-baku")

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
        duplicate.save()

    assert list(model.objects.values_list("slug", flat=True)) == ["icesco-baku"]


def test_duplicate_alternate_name_per_record_language_and_kind_is_rejected_by_the_database():
    icesco = OrganisationFactory(name="Islamic World Educational, Scientific and Cultural Organization")
    AlternateNameFactory(record=icesco, name="ICESCO", language="en", kind=AlternateNameKind.ACRONYM)

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
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

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
        Post.objects.create(organisation=post.organisation, title="Minister of Culture")

    assert Post.objects.count() == 1


def test_same_post_title_in_another_organisation_is_allowed():
    PostFactory(title="Director-General")

    PostFactory(title="Director-General")

    assert Post.objects.filter(title="Director-General").values("organisation").distinct().count() == 2


def test_empty_post_title_is_rejected_by_the_database():
    ministry = OrganisationFactory()

    with pytest.raises(IntegrityError, match="people_post_title_not_empty"), transaction.atomic():
        Post.objects.create(organisation=ministry, title="")

    assert Post.objects.count() == 0


def test_duplicate_position_without_start_date_is_rejected_by_the_database():
    person, post = PersonFactory(), PostFactory()
    Position.objects.create(person=person, post=post, first_attested=PartialDate(dt.date(2021, 1, 14)))

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
        Position.objects.create(person=person, post=post, first_attested=PartialDate(dt.date(2025, 7, 18)))

    assert Position.objects.count() == 1


def test_same_post_held_again_from_another_start_date_is_allowed():
    person, post = PersonFactory(), PostFactory()

    Position.objects.create(person=person, post=post, start_date=dt.date(2010, 1, 1), start_date_precision="year")
    Position.objects.create(person=person, post=post, start_date=dt.date(2020, 1, 1), start_date_precision="year")

    assert sorted(person.positions.values_list("start_date", flat=True)) == [dt.date(2010, 1, 1), dt.date(2020, 1, 1)]


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


def test_duplicate_initiative_party_role_is_rejected_by_the_database():
    initiative, person = InitiativeFactory(), PersonFactory()
    InitiativeParty.objects.create(initiative=initiative, person=person, role=PartyRole.PROPOSER)

    with pytest.raises(IntegrityError, match=UNIQUE), transaction.atomic():
        InitiativeParty.objects.create(initiative=initiative, person=person, role=PartyRole.PROPOSER)

    assert InitiativeParty.objects.count() == 1


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
    ("factory", "model", "constraint"),
    [
        (EventFactory, Event, "events_event_publication_status_valid"),
        (PersonFactory, Person, "people_person_publication_status_valid"),
        (OrganisationFactory, Organisation, "cooperation_organisation_publication_status_valid"),
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


def test_full_clean_explains_an_end_before_the_start():
    event = EventFactory.build(
        start_date=dt.date(2025, 10, 5),
        start_date_precision=DAY,
        end_date=dt.date(2025, 10, 2),
        end_date_precision=DAY,
    )

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "The end date cannot be before the start date." in error.value.messages


def test_full_clean_explains_a_participation_naming_nobody():
    participation = Participation(event=EventFactory(), role=ParticipationRole.ATTENDEE)

    with pytest.raises(ValidationError) as error:
        participation.full_clean()

    assert error.value.messages == ["Name a person, an organisation, or at least the participant as written."]


def test_full_clean_explains_a_duplicate_participation():
    first = ParticipationFactory(role=ParticipationRole.SPEAKER)
    duplicate = Participation(event=first.event, person=first.person, role=ParticipationRole.SPEAKER)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.messages == ["This participant already has this role in the event."]


def test_full_clean_explains_a_date_without_precision():
    event = EventFactory.build(start_date=dt.date(2021, 1, 14), start_date_precision="")

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert error.value.messages == ["Give a precision (year, month or day) with every date, and none without one."]


def test_unknown_event_kind_fails_full_clean_on_the_kind_field():
    event = EventFactory.build(kind="bogus")

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert list(error.value.message_dict) == ["kind"]


def test_full_clean_explains_a_duplicate_citation():
    first = CitationFactory()
    duplicate = Citation(
        source=first.source, content_type=first.content_type, object_id=first.object_id, quote=first.quote
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.messages == ["This record already cites this passage of this source."]


def test_published_returns_published_organisations_and_not_drafts():
    OrganisationFactory(name="ICESCO")
    OrganisationFactory(name="Possibly the same foundation", publication_status=PublicationStatus.DRAFT)

    assert list(Organisation.objects.published().values_list("name", flat=True)) == ["ICESCO"]
    assert list(Organisation.objects.drafts().values_list("name", flat=True)) == ["Possibly the same foundation"]


def test_draft_organisations_are_visible_to_staff_only(staff_user, visitor_user):
    OrganisationFactory(name="ICESCO")
    OrganisationFactory(name="Possibly the same foundation", publication_status=PublicationStatus.DRAFT)

    assert sorted(Organisation.objects.visible_to(staff_user).values_list("name", flat=True)) == [
        "ICESCO",
        "Possibly the same foundation",
    ]
    assert list(Organisation.objects.visible_to(visitor_user).values_list("name", flat=True)) == ["ICESCO"]
    assert list(Organisation.objects.visible_to(AnonymousUser()).values_list("name", flat=True)) == ["ICESCO"]


def test_published_organisation_relations_need_both_ends_published():
    shown = OrganisationRelationFactory()
    OrganisationRelationFactory(subject__publication_status=PublicationStatus.DRAFT)
    OrganisationRelationFactory(object__publication_status=PublicationStatus.DRAFT)

    assert list(OrganisationRelation.objects.published()) == [shown]


def test_new_records_are_drafts_unless_published():
    organisation = Organisation.objects.create(name="ICESCO", slug="icesco", kind="intergovernmental")

    assert organisation.publication_status == PublicationStatus.DRAFT
    assert list(Organisation.objects.published()) == []
