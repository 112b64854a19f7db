"""Dates in the database: every date has a known precision and only then, and no span ends before it
starts. Each named constraint rejects a bad row in the database itself, not only in clean().

Bad rows are written with `objects.create()`, `save()` or a queryset `update()` (no full_clean), and
the table is checked afterwards. Check constraints are matched by name: SQLite and PostgreSQL both
name the one that failed.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperation.core.dates import DatePrecision, PartialDate
from cooperation.models import (
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    Organisation,
    OrganisationRelation,
    RelationKind,
)
from events.models import Event
from people.models import Position
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DAY = DatePrecision.DAY


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


PARTIAL_DATES = [
    (EventFactory, "start_date", "events_event_start_date_precision"),
    (EventFactory, "end_date", "events_event_end_date_precision"),
    (InitiativeFactory, "start_date", "cooperation_initiative_start_date_precision"),
    (InitiativeFactory, "end_date", "cooperation_initiative_end_date_precision"),
    (OrganisationFactory, "founded_date", "cooperation_organisation_founded_date_precision"),
    (OrganisationRelationFactory, "start_date", "cooperation_organisationrelation_start_date_precision"),
    (OrganisationRelationFactory, "end_date", "cooperation_organisationrelation_end_date_precision"),
    (SourceFactory, "published_date", "cooperation_source_published_date_precision"),
    (PositionFactory, "start_date", "people_position_start_date_precision"),
    (PositionFactory, "end_date", "people_position_end_date_precision"),
    (PositionFactory, "attested_from", "people_position_attested_from_precision"),
    (PositionFactory, "attested_to", "people_position_attested_to_precision"),
]


@pytest.mark.parametrize(("factory", "field", "constraint"), PARTIAL_DATES, ids=[row[2] for row in PARTIAL_DATES])
@pytest.mark.parametrize("damage", ["date without precision", "precision without date", "unknown precision"])
def test_every_partial_date_keeps_date_and_precision_together_in_the_database(factory, field, constraint, damage):
    record = factory(**{field: dt.date(2021, 1, 14), f"{field}_precision": DAY})
    change = {
        "date without precision": {f"{field}_precision": ""},
        "precision without date": {field: None},
        "unknown precision": {f"{field}_precision": "week"},
    }[damage]

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(**change)

    record.refresh_from_db()
    assert (getattr(record, field), getattr(record, f"{field}_precision")) == (dt.date(2021, 1, 14), DAY)


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


def test_full_clean_explains_a_date_without_precision():
    event = EventFactory.build(start_date=dt.date(2021, 1, 14), start_date_precision="")

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert error.value.messages == ["Give a precision (year, month or day) with every date, and none without one."]
