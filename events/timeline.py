"""The timeline: the cooperation drawn as an SVG, built from counts so that it stays small whatever
the number of events.

The overview has one column per year from 1991 to the newest event's year, runs of empty years
folded into one narrow column. A year with few events (MARKS_PER_COLUMN at most) shows each as a
mark at its date, linking to its page; a busier year shows its count, linking to the year's own
timeline. A year's timeline has one column per month (and one for events known only to the year),
built the same way. So a page reads the counts per column from the tally the database keeps
(events/tally.py: a few hundred rows, one query) and at most MARKS_PER_COLUMN events a column (one
query), never the whole table.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from cooperation.core.dates import DatePrecision
from events.models import Event, EventTally

MARKS_PER_COLUMN = 40  # more events than this in a column: the column shows their count
YEAR_WIDTH = 120
MONTH_WIDTH = 90
GAP_WIDTH = 96
LANE_HEIGHT = 22
AXIS_HEIGHT = 40
BAR_HEIGHT = 3 * LANE_HEIGHT
MARK_SPACING = 14  # marks closer than this go to different lanes
YEAR_ONLY = 0  # the column of a year's events whose month is not known


@dataclass
class TimelineColumn:
    label: str
    x: int
    width: int
    gap: bool = False  # a run of years with no recorded event, drawn narrow
    key: int | None = None  # the year (overview) or the month (a year's timeline)
    count: int = 0
    link: str = ""  # for a column of more than MARKS_PER_COLUMN events: where they are shown

    @property
    def summarised(self):
        return self.count > MARKS_PER_COLUMN


@dataclass
class Timeline:
    first_year: int
    last_year: int
    year: int | None = None  # the year shown month by month; None for the overview
    columns: list[TimelineColumn] = field(default_factory=list)
    marks: list[dict] = field(default_factory=list)
    years: list[dict] = field(default_factory=list)  # the same events in words, newest period first
    width: int = 0
    height: int = 0
    count: int = 0

    @property
    def summaries(self):
        return [column for column in self.columns if column.summarised]


def timeline(*, first_year, year=None):
    """The timeline of the published events that are not part of a larger one: the overview from
    `first_year`, or one year."""
    events = Event.objects.published().filter(parent=None).dated().select_related("place")
    # The same events' counts, per year and month (0: the month not known), kept by the database.
    tallies = EventTally.objects.filter(top_level=True).exclude(year=0)
    result = _months(events, tallies, year) if year is not None else _years(events, tallies, first_year)
    if translation.get_language_bidi():
        _mirror(result)
    return result


def _mirror(result):
    """Time runs right to left on a right-to-left page: the oldest column on the right."""
    for column in result.columns:
        column.x = result.width - column.x - column.width
    for mark in result.marks:
        mark["x"] = result.width - mark["x"]


def _years(events, tallies, first_year):
    counts = tallies.per("year")
    # An event before first_year (none is recorded) moves the start back rather than going missing.
    first_year = min([first_year, *counts])
    last_year = max([first_year, *counts])
    result = Timeline(first_year=first_year, last_year=last_year, count=sum(counts.values()))
    x, empty = 0, []
    for year in range(first_year, last_year + 1):
        if year not in counts and year not in (first_year, last_year):
            empty.append(year)
            continue
        if empty:
            label = str(empty[0]) if len(empty) == 1 else f"{empty[0]}–{empty[-1]}"
            result.columns.append(TimelineColumn(label, x, GAP_WIDTH, gap=True))
            x += GAP_WIDTH
            empty = []
        column = TimelineColumn(str(year), x, YEAR_WIDTH, key=year, count=counts.get(year, 0))
        column.link = f"?year={year}"
        result.columns.append(column)
        x += YEAR_WIDTH
    shown = [column.key for column in result.columns if column.count and not column.summarised]
    periods = Q(
        *[Q(start_date__gte=dt.date(y, 1, 1), start_date__lte=dt.date(y, 12, 31)) for y in shown], _connector=Q.OR
    )
    _draw(
        result,
        events.filter(periods) if shown else events.none(),
        key=lambda event: event.start_date.year,
        place=_in_year,
    )
    return result


def _months(events, tallies, year):
    events = events.filter(start_date__gte=dt.date(year, 1, 1), start_date__lte=dt.date(year, 12, 31))
    counts = tallies.filter(year=year).per("month")  # month 0 is YEAR_ONLY
    result = Timeline(first_year=year, last_year=year, year=year, count=sum(counts.values()))
    x = 0
    keys = ([YEAR_ONLY] if YEAR_ONLY in counts else []) + list(range(1, 13))
    for key in keys:
        label = str(year) if key == YEAR_ONLY else date_format(dt.date(year, key, 1), "M")
        column = TimelineColumn(label, x, MONTH_WIDTH, key=key, count=counts.get(key, 0))
        if key != YEAR_ONLY:
            column.link = f"{reverse('events:event-list')}?date_from={year}-{key:02}&date_to={year}-{key:02}"
        result.columns.append(column)
        x += MONTH_WIDTH
    shown = [column.key for column in result.columns if column.count and not column.summarised]
    periods = [
        Q(start_date_precision=DatePrecision.YEAR)
        if key == YEAR_ONLY
        else Q(start_date__month=key) & ~Q(start_date_precision=DatePrecision.YEAR)
        for key in shown
    ]
    chosen = events.filter(Q(*periods, _connector=Q.OR)) if shown else events.none()
    _draw(result, chosen, key=_month_of, place=_in_month)
    return result


def _draw(result, events, *, key, place):
    """Marks for the events of the columns that show them, lanes where marks would touch, and the
    same events by column for reading."""
    events = list(events.order_by("start_date", "pk"))
    columns = {column.key: column for column in result.columns if column.key is not None}
    lanes: list[int] = []  # the x of the last mark in each lane
    for event in events:
        column = columns[key(event)]
        mark_x = column.x + round(place(event) * column.width)
        lane = next((i for i, last in enumerate(lanes) if mark_x - last >= MARK_SPACING), len(lanes))
        if lane == len(lanes):
            lanes.append(mark_x)
        lanes[lane] = mark_x
        result.marks.append(
            {"event": event, "x": mark_x, "y": AXIS_HEIGHT + LANE_HEIGHT * lane + LANE_HEIGHT // 2, "lane": lane}
        )
    result.width = sum(column.width for column in result.columns)
    lanes_height = LANE_HEIGHT * max(len(lanes), 1)
    result.height = AXIS_HEIGHT + max(lanes_height, BAR_HEIGHT if result.summaries else 0) + 8
    by_column: dict[int, list[Event]] = {}
    for event in events:
        by_column.setdefault(key(event), []).append(event)
    result.years = [
        {
            "year": column.key,  # the year, or the month in a year's timeline
            "label": column.label,
            "count": column.count,
            "events": by_column.get(column.key, []),
            "link": column.link,
        }
        for column in reversed(result.columns)
        if column.count
    ]


def _month_of(event):
    return YEAR_ONLY if event.start_date_precision == DatePrecision.YEAR else event.start_date.month


def _in_year(event):
    """Where in its year an event falls, 0 to 1: its day, or the middle of its month or year."""
    start = event.start_date
    if event.start_date_precision == DatePrecision.YEAR:
        return 0.5
    if event.start_date_precision == DatePrecision.MONTH:
        return (start.month - 0.5) / 12
    days = 366 if calendar.isleap(start.year) else 365
    return (start - dt.date(start.year, 1, 1)).days / days


def _in_month(event):
    """Where in its month (or, known to the year only, in its column) an event falls, 0 to 1."""
    start = event.start_date
    if event.start_date_precision != DatePrecision.DAY:
        return 0.5
    return (start.day - 0.5) / calendar.monthrange(start.year, start.month)[1]
