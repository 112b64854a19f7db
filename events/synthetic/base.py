"""The synthetic data set's fixed points: the prefixes that mark its rows, its dates, and its sizes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus

SLUG_PREFIX = "syn-"
REFERENCE_PREFIX = "synthetic/"
FIRST_YEAR, LAST_YEAR = 1991, 2026
# Events that start after this day are planned (or postponed); before it, mostly held. Fixed, not
# today, so that a seed gives the same rows whenever it runs.
REFERENCE_DAY = dt.date(2026, 1, 1)

YEAR, MONTH, DAY = DatePrecision.YEAR.value, DatePrecision.MONTH.value, DatePrecision.DAY.value
PUBLISHED, DRAFT = PublicationStatus.PUBLISHED.value, PublicationStatus.DRAFT.value


@dataclass
class Sizes:
    """How many of each: everything but the events scales from their number unless given."""

    events: int
    people: int
    organisations: int
    sources: int
    initiatives: int
    countries: int
    regions_per_country: int
    cities_per_region: int
    participants_per_event: float = 4.0

    @classmethod
    def from_events(cls, events: int, **given: int | None) -> Sizes:
        """Defaults scaled from the events: 100,000 events → 20,000 people, 2,000 organisations,
        5,000 sources, 1,000 initiatives, about 400,000 participations."""
        large = events >= 10_000
        sizes = cls(
            events=events,
            people=max(20, events // 5),
            organisations=max(12, events // 50),
            sources=max(4, events // 20),
            initiatives=max(3, events // 100),
            countries=min(40, max(3, events // 2_500)),
            regions_per_country=4 if large else 2,
            cities_per_region=5 if large else 2,
        )
        for name, value in given.items():
            if value is not None:
                setattr(sizes, name, value)
        return sizes

    @property
    def places(self) -> int:
        return self.countries * (1 + self.regions_per_country * (1 + self.cities_per_region))
