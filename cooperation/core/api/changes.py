"""The change feed's collection, `/api/v1/changes/`: the feed's entries (cooperation/core/changes.py)
in order, from a cursor on; and the answer 410 Gone, with its tombstone, for a removed record."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from cooperation.core.api.views import LANGUAGE_PARAMETER, refuse_unknown_parameters
from cooperation.core.changes import FeedEntry
from cooperation.core.registry import registry

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1_000
MAX_CURSOR_DIGITS = 19  # a feed entry's id is a 64-bit number
NOT_A_CURSOR = gettext_lazy("“%(value)s” is not a cursor of this feed: give the `cursor` of an earlier answer.")


def entry_data(entry: FeedEntry, request) -> dict:
    """An entry as the feed and a 410's tombstone show it."""
    model = entry.content_type.model_class()
    record_type = registry.get(model)
    try:
        url = request.build_absolute_uri(reverse(f"api:{record_type.api_basename}-detail", args=[entry.record_uuid]))
    except NoReverseMatch:  # a type no longer in the API
        url = None
    return {
        "cursor": str(entry.pk),
        "kind": entry.kind,
        "type": record_type.api_prefix,
        "id": entry.record_uuid,
        "slug": entry.slug,
        "url": url,
        "at": entry.at,
    }


class Gone(exceptions.APIException):
    """A record that was public and is no longer: unpublished or deleted. The problem carries the
    feed's last entry for it, its tombstone."""

    status_code = 410
    default_detail = "Gone"

    def __init__(self, entry: FeedEntry, request):
        if entry.kind == "unpublished":
            message = _(
                "This record is no longer public: it was unpublished at %(at)s. The change feed lists it as removed."
            )
        else:
            message = _(
                "This record is no longer public: it was deleted at %(at)s. The change feed lists it as removed."
            )
        super().__init__(message % {"at": entry.at.isoformat(timespec="seconds")})
        self.tombstone = entry_data(entry, request)


ENTRY = inline_serializer(
    "ChangeFeedEntry",
    many=True,
    fields={
        "cursor": serializers.CharField(help_text="The entry's position: pass it as `since` to read on from it."),
        "kind": serializers.ChoiceField(
            ["published", "changed", "unpublished", "deleted"],
            help_text="published and changed: read the record at `url`; unpublished and deleted: drop your copy.",
        ),
        "type": serializers.CharField(help_text="The record's collection, such as events."),
        "id": serializers.UUIDField(),
        "slug": serializers.CharField(),
        "url": serializers.URLField(help_text="The record's address in the API (410 Gone once it is removed)."),
        "at": serializers.DateTimeField(),
    },
)


class ChangeFeedView(APIView):
    """Every change to a public record, in the order the changes were committed (see the README's
    "Keeping a copy in step")."""

    @extend_schema(
        summary="Changes to public records, in commit order",
        parameters=[
            OpenApiParameter("since", str, description="A cursor from an earlier answer: the entries after it."),
            OpenApiParameter(
                "limit", int, description=f"Entries per answer, 1 to {MAX_PAGE_SIZE}; {PAGE_SIZE} by default."
            ),
            LANGUAGE_PARAMETER,
        ],
        responses=inline_serializer(
            "ChangeFeed",
            {
                "results": ENTRY,
                "cursor": serializers.CharField(help_text="The last entry's cursor: `since` for the next answer."),
                "next": serializers.URLField(allow_null=True, help_text="More entries follow at once at this address."),
            },
        ),
    )
    def get(self, request):
        refuse_unknown_parameters(request, {"since", "limit", "lang", "format"})
        since = _number(request, "since", default=0, minimum=0)
        if since and not FeedEntry.objects.filter(pk__gte=since).exists():  # from another database, or made up
            raise exceptions.ValidationError({"since": NOT_A_CURSOR % {"value": since}})
        limit = _number(request, "limit", default=PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE)
        rows = list(FeedEntry.objects.filter(pk__gt=since).select_related("content_type").order_by("pk")[: limit + 1])
        entries = rows[:limit]
        cursor = entries[-1].pk if entries else since
        url = replace_query_param(request.build_absolute_uri(), "since", cursor)
        return Response(
            {
                "results": [entry_data(entry, request) for entry in entries],
                "cursor": str(cursor),
                "next": url if len(rows) > limit else None,
            }
        )


def _number(request, name, *, default, minimum, maximum=None):
    """A whole-number parameter; a 400 naming it otherwise (a cursor is any earlier answer's)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= MAX_CURSOR_DIGITS else None
    if number is not None and number >= minimum and (maximum is None or number <= maximum):
        return number
    whole_number = _("Must be a whole number from 1 to %(maximum)d; got “%(value)s”.")
    message = NOT_A_CURSOR if maximum is None else whole_number
    raise exceptions.ValidationError({name: message % {"maximum": maximum, "value": raw[:40]}})
