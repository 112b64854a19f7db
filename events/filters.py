"""The events list's filters, shared by the events page and the API's events collection."""

from cooperation.core.filters import (
    IDENTIFIER_HELP,
    ChoiceInFilter,
    DateFromFilter,
    DateToFilter,
    IdentifierFilter,
    RecordFilterSet,
    YearFilter,
)
from cooperation.filters import within
from events.models import EventKind, EventStatus

# The ways an organisation takes part in an event: itself, represented, or through one of its posts.
ORGANISATION_PATHS = [
    "participations__organisation",
    "participations__on_behalf_of",
    "participations__position__post__organisation",
]


class EventFilterSet(RecordFilterSet):
    year = YearFilter(field_name="start_date", help_text="Events in these years, e.g. 2021,2025.")
    date_from = DateFromFilter(help_text="Events not over before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    date_to = DateToFilter(
        field_name="start_date", help_text="Events begun by this date (YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    kind = ChoiceInFilter(choices=EventKind.choices, help_text="Kinds, separated by commas.")
    status = ChoiceInFilter(choices=EventStatus.choices, help_text="Statuses, separated by commas.")
    country = IdentifierFilter(
        paths=within("place"), kind="country", help_text=f"Events in these countries. {IDENTIFIER_HELP}"
    )
    place = IdentifierFilter(paths=within("place"), help_text=f"Events at or in these places. {IDENTIFIER_HELP}")
    organisation = IdentifierFilter(
        paths=ORGANISATION_PATHS,
        help_text=f"Events these organisations took part in, or were represented at. {IDENTIFIER_HELP}",
    )
    person = IdentifierFilter(
        paths=["participations__person"], help_text=f"Events these people took part in. {IDENTIFIER_HELP}"
    )
    initiative = IdentifierFilter(paths=["initiatives"], help_text=f"Events of these initiatives. {IDENTIFIER_HELP}")
