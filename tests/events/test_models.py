import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from events.models import Event, EventStatus, Participation
from tests.factories import EventFactory, OrganisationFactory, ParticipationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
DRAFT = PublicationStatus.DRAFT
TODAY = dt.date(2025, 7, 18)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


def titles(queryset):
    return list(queryset.values_list("title", flat=True))


def test_published_returns_published_events_and_not_drafts():
    EventFactory(title="Accession of Azerbaijan")
    EventFactory(title="Planned forum", publication_status=PublicationStatus.DRAFT)

    assert titles(Event.objects.published()) == ["Accession of Azerbaijan"]


def test_published_participations_follow_their_event():
    shown = ParticipationFactory()
    ParticipationFactory(event__publication_status=PublicationStatus.DRAFT)

    assert list(Participation.objects.published()) == [shown]


def test_published_participations_leave_out_a_draft_person():
    event = EventFactory()
    shown = ParticipationFactory(event=event, person__name="Anar Karimov")
    ParticipationFactory(event=event, person__name="Unconfirmed identity", person__publication_status=DRAFT)

    assert list(Participation.objects.published()) == [shown]


def test_published_participations_leave_out_a_draft_organisation():
    event = EventFactory()
    shown = ParticipationFactory(event=event, person=None, organisation=OrganisationFactory())
    ParticipationFactory(event=event, person=None, organisation=OrganisationFactory(publication_status=DRAFT))

    assert list(Participation.objects.published()) == [shown]


def test_published_participations_leave_out_one_on_behalf_of_a_draft_organisation():
    event = EventFactory()
    shown = ParticipationFactory(event=event, on_behalf_of=OrganisationFactory())
    ParticipationFactory(event=event, on_behalf_of=OrganisationFactory(publication_status=DRAFT))

    assert list(Participation.objects.published()) == [shown]


def test_day_event_tomorrow_is_upcoming_and_not_past():
    EventFactory(title="Tomorrow", start_date=TOMORROW, start_date_precision=DAY)

    assert titles(Event.objects.upcoming(TODAY)) == ["Tomorrow"]
    assert titles(Event.objects.past(TODAY)) == []


def test_day_event_today_is_upcoming_and_not_past():
    EventFactory(title="Today", start_date=TODAY, start_date_precision=DAY)

    assert titles(Event.objects.upcoming(TODAY)) == ["Today"]
    assert titles(Event.objects.past(TODAY)) == []


def test_day_event_yesterday_is_past_and_not_upcoming():
    EventFactory(title="Yesterday", start_date=YESTERDAY, start_date_precision=DAY)

    assert titles(Event.objects.past(TODAY)) == ["Yesterday"]
    assert titles(Event.objects.upcoming(TODAY)) == []


@pytest.mark.parametrize("today", [dt.date(2025, 7, 1), TODAY, dt.date(2025, 7, 31)])
def test_month_event_of_the_current_month_is_upcoming_until_the_month_ends(today):
    EventFactory(title="July 2025", start_date=dt.date(2025, 7, 1), start_date_precision=MONTH)

    assert titles(Event.objects.upcoming(today)) == ["July 2025"]
    assert titles(Event.objects.past(today)) == []


def test_month_event_is_past_once_its_month_is_over():
    EventFactory(title="July 2025", start_date=dt.date(2025, 7, 1), start_date_precision=MONTH)

    assert titles(Event.objects.past(dt.date(2025, 8, 1))) == ["July 2025"]
    assert titles(Event.objects.upcoming(dt.date(2025, 8, 1))) == []


def test_year_event_of_last_year_is_past():
    EventFactory(title="2024", start_date=dt.date(2024, 1, 1), start_date_precision=YEAR)

    assert titles(Event.objects.past(TODAY)) == ["2024"]
    assert titles(Event.objects.upcoming(TODAY)) == []


def test_year_event_of_this_year_is_upcoming():
    EventFactory(title="2025", start_date=dt.date(2025, 1, 1), start_date_precision=YEAR)

    assert titles(Event.objects.upcoming(TODAY)) == ["2025"]
    assert titles(Event.objects.past(TODAY)) == []


def test_multi_day_event_that_started_yesterday_and_ends_tomorrow_is_upcoming():
    EventFactory(
        title="Forum",
        start_date=YESTERDAY,
        start_date_precision=DAY,
        end_date=TOMORROW,
        end_date_precision=DAY,
    )

    assert titles(Event.objects.upcoming(TODAY)) == ["Forum"]
    assert titles(Event.objects.past(TODAY)) == []


def test_multi_day_event_that_ended_yesterday_is_past():
    EventFactory(
        title="Seminar",
        start_date=dt.date(2025, 7, 14),
        start_date_precision=DAY,
        end_date=YESTERDAY,
        end_date_precision=DAY,
    )

    assert titles(Event.objects.past(TODAY)) == ["Seminar"]
    assert titles(Event.objects.upcoming(TODAY)) == []


def test_event_ending_in_the_current_month_is_upcoming():
    EventFactory(
        title="Exhibition",
        start_date=dt.date(2025, 6, 1),
        start_date_precision=MONTH,
        end_date=dt.date(2025, 7, 31),  # "July 2025" as an end is stored as its last day
        end_date_precision=MONTH,
    )

    assert titles(Event.objects.upcoming(TODAY)) == ["Exhibition"]
    assert titles(Event.objects.past(TODAY)) == []


def test_undated_events_are_neither_upcoming_nor_past():
    EventFactory(title="Undated", start_date=None, start_date_precision="")

    assert titles(Event.objects.upcoming(TODAY)) == []
    assert titles(Event.objects.past(TODAY)) == []
    assert Event.objects.count() == 1


def test_upcoming_events_come_soonest_first():
    EventFactory(title="2026", start_date=dt.date(2026, 1, 1), start_date_precision=YEAR)
    EventFactory(title="Tomorrow", start_date=TOMORROW, start_date_precision=DAY)
    EventFactory(title="October 2025", start_date=dt.date(2025, 10, 1), start_date_precision=MONTH)
    EventFactory(title="July 2025", start_date=dt.date(2025, 7, 1), start_date_precision=MONTH)

    assert titles(Event.objects.upcoming(TODAY)) == ["July 2025", "Tomorrow", "October 2025", "2026"]


def test_past_events_come_newest_first():
    EventFactory(title="1991", start_date=dt.date(1991, 1, 1), start_date_precision=YEAR)
    EventFactory(title="Yesterday", start_date=YESTERDAY, start_date_precision=DAY)
    EventFactory(title="14 January 2021", start_date=dt.date(2021, 1, 14), start_date_precision=DAY)
    EventFactory(title="June 2025", start_date=dt.date(2025, 6, 1), start_date_precision=MONTH)

    assert titles(Event.objects.past(TODAY)) == ["Yesterday", "June 2025", "14 January 2021", "1991"]


def test_upcoming_without_a_date_uses_todays_date_in_baku():
    EventFactory(title="Today", start_date=timezone.localdate(), start_date_precision=DAY)
    EventFactory(title="Last year", start_date=dt.date(timezone.localdate().year - 1, 1, 1), start_date_precision=YEAR)

    assert titles(Event.objects.upcoming()) == ["Today"]
    assert titles(Event.objects.past()) == ["Last year"]


def test_upcoming_and_past_without_a_date_use_the_date_in_baku_not_in_utc(monkeypatch):
    # 21:30 UTC on 17 July is 01:30 on 18 July in Baku (UTC+4).
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 7, 17, 21, 30, tzinfo=dt.UTC))
    EventFactory(title="17 July", start_date=dt.date(2025, 7, 17), start_date_precision=DAY)
    EventFactory(title="18 July", start_date=dt.date(2025, 7, 18), start_date_precision=DAY)

    assert titles(Event.objects.upcoming()) == ["18 July"]
    assert titles(Event.objects.past()) == ["17 July"]


def test_cancelled_event_in_the_future_is_not_upcoming():
    EventFactory(title="Cancelled forum", start_date=TOMORROW, start_date_precision=DAY, status=EventStatus.CANCELLED)
    EventFactory(title="Planned forum", start_date=TOMORROW, start_date_precision=DAY, status=EventStatus.PLANNED)

    assert titles(Event.objects.upcoming(TODAY)) == ["Planned forum"]
    assert titles(Event.objects.past(TODAY)) == []


def test_participation_with_a_position_of_another_person_fails_validation_on_position():
    minister = PositionFactory(post__title="Minister of Culture")
    participation = ParticipationFactory.build(event=EventFactory(), person=PersonFactory(), position=minister)

    with pytest.raises(ValidationError) as error:
        participation.full_clean()

    assert error.value.message_dict == {"position": ["The position must be one held by the participating person."]}


def test_participation_with_a_position_of_the_same_person_passes_validation():
    minister = PositionFactory(post__title="Minister of Culture")
    participation = ParticipationFactory.build(event=EventFactory(), person=minister.person, position=minister)

    participation.full_clean()
    participation.save()

    assert Participation.objects.get().position == minister


def test_participant_name_is_the_person_else_the_organisation_else_the_name_as_written():
    by_person = ParticipationFactory(person__name="Adil Karimli")
    by_organisation = ParticipationFactory(person=None, organisation=OrganisationFactory(name="Ministry of Culture"))
    by_name = ParticipationFactory(person=None, name="ambassadors of other countries")

    assert [p.participant_name for p in (by_person, by_organisation, by_name)] == [
        "Adil Karimli",
        "Ministry of Culture",
        "ambassadors of other countries",
    ]


def test_an_event_begun_years_ago_and_still_running_is_upcoming_before_later_ones():
    EventFactory(
        title="Long programme",
        start_date=dt.date(2022, 3, 1),
        start_date_precision=DAY,
        end_date=dt.date(2026, 1, 1),
        end_date_precision=DAY,
    )
    EventFactory(title="Tomorrow", start_date=TOMORROW, start_date_precision=DAY)
    EventFactory(title="Long over", start_date=dt.date(2020, 1, 1), start_date_precision=DAY)

    assert titles(Event.objects.upcoming(TODAY)) == ["Long programme", "Tomorrow"]


def test_a_year_event_of_the_current_year_is_upcoming_all_year():
    EventFactory(title="2025", start_date=dt.date(2025, 1, 1), start_date_precision=YEAR)

    assert titles(Event.objects.upcoming(dt.date(2025, 12, 31))) == ["2025"]
