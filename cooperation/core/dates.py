"""Partial dates: a real date plus how much of it the sources actually state.

The sources say "1991", "January 2021" or "14 January 2021". Each is stored as a real date (the
first day of the period, so ordering and range queries work) and a precision, and rendered here,
in one place, at that precision: for pages (localised) and as ISO 8601 for the API.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


_ISO_PATTERNS = {
    DatePrecision.YEAR: re.compile(r"(\d{4})", re.ASCII),
    DatePrecision.MONTH: re.compile(r"(\d{4})-(\d{2})", re.ASCII),
    DatePrecision.DAY: re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII),
}


def period_start(date: dt.date, precision: str) -> dt.date:
    """The first day of the period a partial date names (1991 -> 1991-01-01)."""
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    return date


def period_end(date: dt.date, precision: str) -> dt.date:
    """The last day of the period a partial date names (January 2021 -> 2021-01-31)."""
    if precision == DatePrecision.YEAR:
        return date.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a precision; compares and sorts by its real date."""

    date: dt.date
    precision: str = DatePrecision.DAY

    def __post_init__(self):
        if self.precision not in DatePrecision.values:
            raise ValueError(f"Unknown date precision {self.precision!r}.")
        object.__setattr__(self, "precision", DatePrecision(self.precision))
        object.__setattr__(self, "date", period_start(self.date, self.precision))

    def __str__(self) -> str:
        return self.display()

    @classmethod
    def stored(cls, date: dt.date | None, precision: str) -> PartialDate | None:
        """The partial date a date column and its precision column hold (a date without a precision
        is read to the day), or None when there is no date."""
        return None if date is None else cls(date, precision or DatePrecision.DAY)

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Read "1991", "2021-01" or "2021-01-14"; raise ValueError for anything else."""
        for precision, pattern in _ISO_PATTERNS.items():
            match = pattern.fullmatch(value)
            if match:
                year, month, day = (int(part) for part in (*match.groups(), 1, 1)[:3])
                return cls(dt.date(year, month, day), precision)
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")

    def iso(self) -> str:
        """ISO 8601 at the stated precision: "1991", "2021-01", "2021-01-14"."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def display(self) -> str:
        """Human-readable at the stated precision, in the active language: "14 January 2021"."""
        if self.precision == DatePrecision.YEAR:
            return str(self.date.year)
        if self.precision == DatePrecision.MONTH:
            return dateformat.format(self.date, pgettext("partial date of month precision", "F Y"))
        return dateformat.format(self.date, pgettext("partial date of day precision", "j F Y"))

    @property
    def last_day(self) -> dt.date:
        return period_end(self.date, self.precision)
