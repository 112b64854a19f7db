import datetime as dt

import pytest
from django.utils import translation

from cooperation.core.dates import DatePrecision, PartialDate
from events.models import Event
from tests.factories import EventFactory


@pytest.mark.parametrize(
    ("partial", "text"),
    [
        (PartialDate(dt.date(1991, 1, 1), DatePrecision.YEAR), "1991"),
        (PartialDate(dt.date(2021, 1, 1), DatePrecision.MONTH), "January 2021"),
        (PartialDate(dt.date(2021, 1, 14), DatePrecision.DAY), "14 January 2021"),
    ],
)
def test_partial_date_renders_for_pages_at_its_precision(partial, text):
    with translation.override("en"):
        assert partial.display() == text
        assert str(partial) == text


@pytest.mark.parametrize(
    ("partial", "iso"),
    [
        (PartialDate(dt.date(1991, 1, 1), DatePrecision.YEAR), "1991"),
        (PartialDate(dt.date(2021, 1, 1), DatePrecision.MONTH), "2021-01"),
        (PartialDate(dt.date(2021, 1, 14), DatePrecision.DAY), "2021-01-14"),
    ],
)
def test_partial_date_renders_as_iso_at_its_precision(partial, iso):
    assert partial.iso() == iso


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("1991", dt.date(1991, 1, 1), DatePrecision.YEAR),
        ("2021-01", dt.date(2021, 1, 1), DatePrecision.MONTH),
        ("2021-01-14", dt.date(2021, 1, 14), DatePrecision.DAY),
    ],
)
def test_parse_reads_each_precision_and_round_trips_through_iso(text, date, precision):
    partial = PartialDate.parse(text)

    assert partial.date == date
    assert partial.precision == precision
    assert partial.iso() == text
    assert PartialDate.parse(partial.iso()) == partial


@pytest.mark.parametrize(
    "text",
    ["2021-13", "21-01", "", "2021-1-1", "abcd", "2021-02-30", "14 January 2021", "1991\n", " 1991", "١٩٩١"],
)
def test_parse_rejects_anything_but_yyyy_yyyy_mm_and_yyyy_mm_dd(text):
    with pytest.raises(ValueError, match=r"YYYY|month|day"):
        PartialDate.parse(text)


def test_unknown_precision_is_rejected():
    with pytest.raises(ValueError, match="Unknown date precision"):
        PartialDate(dt.date(2021, 1, 14), "week")


@pytest.mark.parametrize(
    ("precision", "first_day"),
    [
        (DatePrecision.YEAR, dt.date(2021, 1, 1)),
        (DatePrecision.MONTH, dt.date(2021, 7, 1)),
        (DatePrecision.DAY, dt.date(2021, 7, 18)),
    ],
)
def test_partial_date_is_normalised_to_the_first_day_of_its_period(precision, first_day):
    assert PartialDate(dt.date(2021, 7, 18), precision).date == first_day


def test_partial_dates_of_mixed_precision_sort_by_their_real_date():
    dates = [
        PartialDate.parse("2025-07-18"),
        PartialDate.parse("1991"),
        PartialDate.parse("2021-01-14"),
        PartialDate.parse("2021-02"),
        PartialDate.parse("2020-12-31"),
        PartialDate.parse("2024"),
    ]

    assert [d.iso() for d in sorted(dates)] == ["1991", "2020-12-31", "2021-01-14", "2021-02", "2024", "2025-07-18"]


@pytest.mark.parametrize(
    ("text", "last_day"),
    [
        ("2021-01", dt.date(2021, 1, 31)),
        ("2021-04", dt.date(2021, 4, 30)),
        ("2021-12", dt.date(2021, 12, 31)),
        ("2023-02", dt.date(2023, 2, 28)),
        ("2024-02", dt.date(2024, 2, 29)),
        ("1991", dt.date(1991, 12, 31)),
        ("2021-01-14", dt.date(2021, 1, 14)),
    ],
)
def test_last_day_is_the_end_of_the_period(text, last_day):
    assert PartialDate.parse(text).last_day == last_day


@pytest.mark.django_db
def test_model_attribute_reads_the_date_and_its_precision_as_a_partial_date():
    event = EventFactory(start_date=dt.date(2021, 1, 1), start_date_precision=DatePrecision.MONTH)

    event.refresh_from_db()

    assert event.start == PartialDate(dt.date(2021, 1, 1), DatePrecision.MONTH)
    assert event.start.iso() == "2021-01"
    assert event.end is None


@pytest.mark.django_db
def test_setting_the_model_attribute_writes_both_fields():
    event = EventFactory(start_date=dt.date(2021, 1, 14), start_date_precision=DatePrecision.DAY)

    event.start = PartialDate.parse("1991")
    event.end = PartialDate.parse("1991-10")
    event.save()
    event.refresh_from_db()

    assert (event.start_date, event.start_date_precision) == (dt.date(1991, 1, 1), DatePrecision.YEAR)
    # The end of a span is stored as the last day of its period, and still reads back at its precision.
    assert (event.end_date, event.end_date_precision) == (dt.date(1991, 10, 31), DatePrecision.MONTH)
    assert event.end == PartialDate.parse("1991-10")


@pytest.mark.django_db
def test_clearing_the_model_attribute_clears_both_fields():
    event = EventFactory()

    event.start = None
    event.save()
    event.refresh_from_db()

    assert (event.start_date, event.start_date_precision) == (None, "")


@pytest.mark.django_db
def test_full_clean_normalises_a_stored_date_to_the_first_day_of_its_period():
    event = EventFactory.build(start_date=dt.date(2021, 7, 18), start_date_precision=DatePrecision.MONTH)

    event.full_clean()

    assert event.start_date == dt.date(2021, 7, 1)


@pytest.mark.django_db
def test_records_ordered_by_start_date_come_back_in_real_date_order_across_precisions():
    EventFactory(title="January 2021", start_date=dt.date(2021, 1, 1), start_date_precision=DatePrecision.MONTH)
    EventFactory(title="1991", start_date=dt.date(1991, 1, 1), start_date_precision=DatePrecision.YEAR)
    EventFactory(title="14 January 2021", start_date=dt.date(2021, 1, 14), start_date_precision=DatePrecision.DAY)
    EventFactory(title="31 December 2020", start_date=dt.date(2020, 12, 31), start_date_precision=DatePrecision.DAY)
    EventFactory(title="2022", start_date=dt.date(2022, 1, 1), start_date_precision=DatePrecision.YEAR)

    titles = list(Event.objects.order_by("start_date").values_list("title", flat=True))

    assert titles == ["1991", "31 December 2020", "January 2021", "14 January 2021", "2022"]


@pytest.mark.django_db
def test_a_partial_date_can_be_given_when_a_record_is_built():
    event = EventFactory.build(start=PartialDate.parse("2025-04"))

    assert (event.start_date, event.start_date_precision) == (dt.date(2025, 4, 1), DatePrecision.MONTH)
    assert str(event.start) == "April 2025"


@pytest.mark.django_db
def test_full_clean_stores_the_end_of_a_span_as_the_last_day_of_its_period():
    event = EventFactory.build(
        start_date=dt.date(2021, 1, 14),
        start_date_precision=DatePrecision.DAY,
        end_date=dt.date(2021, 1, 1),
        end_date_precision=DatePrecision.MONTH,
    )

    event.full_clean()

    assert event.end_date == dt.date(2021, 1, 31)
    assert str(event.end) == "January 2021"


@pytest.mark.django_db
def test_an_end_stated_at_a_coarser_precision_within_the_start_period_is_accepted_by_the_database():
    event = EventFactory(start=PartialDate.parse("2021-01-14"), end=PartialDate.parse("2021-01"))

    event.refresh_from_db()

    assert (event.start_date, event.end_date) == (dt.date(2021, 1, 14), dt.date(2021, 1, 31))
