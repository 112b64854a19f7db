"""The people list's filters, shared by the people page and the API's people collection."""

from cooperation.core.filters import IDENTIFIER_HELP, IdentifierFilter, RecordFilterSet


class PersonFilterSet(RecordFilterSet):
    organisation = IdentifierFilter(
        paths=["positions__post__organisation", "positions__post__organisation__parent"],
        help_text=f"People who held posts in these organisations (or their parts). {IDENTIFIER_HELP}",
    )
    event = IdentifierFilter(
        paths=["participations__event"], help_text=f"People who took part in these events. {IDENTIFIER_HELP}"
    )
    initiative = IdentifierFilter(
        paths=["initiative_roles__initiative"], help_text=f"People behind these initiatives. {IDENTIFIER_HELP}"
    )
