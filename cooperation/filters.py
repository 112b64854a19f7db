"""The filters of floor 1's lists (places, organisations, initiatives, sources), shared by the
list pages and the API's collections."""

from cooperation.core.filters import (
    IDENTIFIER_HELP,
    ChoiceInFilter,
    DateFromFilter,
    DateToFilter,
    IdentifierFilter,
    RecordFilterSet,
    YearFilter,
)
from cooperation.models import InitiativeKind, InitiativeStatus, OrganisationKind, PlaceKind, SourceKind

# How deep places nest: site, venue, district, city, region, country.
PLACE_DEPTH = len(PlaceKind.choices)


def within(path):
    """The paths that reach a place and each place it is in, up to PLACE_DEPTH levels:
    "place", "place__parent", ... (venue, district, city, region, country)."""
    prefix = f"{path}__" if path else ""
    return [path, *(prefix + "__".join(["parent"] * depth) for depth in range(1, PLACE_DEPTH))]


class PlaceFilterSet(RecordFilterSet):
    kind = ChoiceInFilter(choices=PlaceKind.choices, help_text="Kinds, separated by commas.")
    country = IdentifierFilter(
        paths=within("")[1:], kind="country", help_text=f"Places in these countries. {IDENTIFIER_HELP}"
    )
    place = IdentifierFilter(paths=within("")[1:], help_text=f"Places inside these places. {IDENTIFIER_HELP}")


class OrganisationFilterSet(RecordFilterSet):
    kind = ChoiceInFilter(choices=OrganisationKind.choices, help_text="Kinds, separated by commas.")
    country = IdentifierFilter(
        paths=["country"], kind="country", help_text=f"Organisations of these countries. {IDENTIFIER_HELP}"
    )
    organisation = IdentifierFilter(
        paths=["parent", "parent__parent"], help_text=f"Parts of these organisations. {IDENTIFIER_HELP}"
    )
    person = IdentifierFilter(
        paths=["posts__positions__person"], help_text=f"Organisations these people held posts in. {IDENTIFIER_HELP}"
    )
    initiative = IdentifierFilter(
        paths=["initiative_roles__initiative", "led_initiatives"],
        help_text=f"Organisations behind these initiatives. {IDENTIFIER_HELP}",
    )


class InitiativeFilterSet(RecordFilterSet):
    year = YearFilter(field_name="start_date", help_text="Initiatives starting in these years, e.g. 2024,2025.")
    date_from = DateFromFilter(help_text="Initiatives not ended before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    date_to = DateToFilter(
        field_name="start_date", help_text="Initiatives started by this date (YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    kind = ChoiceInFilter(choices=InitiativeKind.choices, help_text="Kinds, separated by commas.")
    status = ChoiceInFilter(choices=InitiativeStatus.choices, help_text="Statuses, separated by commas.")
    country = IdentifierFilter(
        paths=within("places"), kind="country", help_text=f"Initiatives in these countries. {IDENTIFIER_HELP}"
    )
    place = IdentifierFilter(paths=within("places"), help_text=f"Initiatives at or in these places. {IDENTIFIER_HELP}")
    organisation = IdentifierFilter(
        paths=["lead_organisation", "parties__organisation"],
        help_text=f"Initiatives these organisations lead or take part in. {IDENTIFIER_HELP}",
    )
    person = IdentifierFilter(
        paths=["parties__person"], help_text=f"Initiatives these people take part in. {IDENTIFIER_HELP}"
    )
    initiative = IdentifierFilter(paths=["parent"], help_text=f"Parts of these initiatives. {IDENTIFIER_HELP}")


class SourceFilterSet(RecordFilterSet):
    year = YearFilter(field_name="published_date", help_text="Sources published in these years.")
    date_from = DateFromFilter(start="published_date", end=None, help_text="Sources published on or after this date.")
    date_to = DateToFilter(field_name="published_date", help_text="Sources published by this date.")
    kind = ChoiceInFilter(choices=SourceKind.choices, help_text="Kinds, separated by commas.")
    organisation = IdentifierFilter(
        paths=["publisher"], help_text=f"Sources these organisations published. {IDENTIFIER_HELP}"
    )
    person = IdentifierFilter(paths=["author"], help_text=f"Sources these people wrote. {IDENTIFIER_HELP}")
