"""The base every API collection shares: published records only, addressed by id or slug."""

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from cooperation.core import changes
from cooperation.core.api.problems import problem_response
from cooperation.core.api.rows import ListRows
from cooperation.core.paging import Total, order_columns
from cooperation.core.translation import LANGUAGES

LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=list(LANGUAGES),
    description=(
        "The language of names, titles and descriptions (English where a record has none in it) and of "
        "error messages; without it, the best of the Accept-Language header, else English. The answer's "
        "Content-Language says which."
    ),
)


FIELDS_PARAMETER = OpenApiParameter(
    "fields",
    str,
    description=(
        "The fields to return, separated by commas (e.g. id,title,start_date); all of them without it. "
        "A name the object does not have is a 400 listing those it has. Not for calendars."
    ),
)

COMMON_PARAMETERS = ("format", "lang", "fields")
LIST_PARAMETERS = ("page", "page_size", "cursor", "ordering")


def refuse_unknown_parameters(request, accepted) -> None:
    """A 400 naming the first query parameter given twice, or not in `accepted` (listing those that are):
    only the last of a repeated value would count, and a misspelt name would be ignored."""
    repeated = [name for name, values in request.query_params.lists() if len(values) > 1]
    if repeated:
        raise ValidationError(
            {repeated[0][:40]: _("Given more than once: give several values in one, separated by commas.")}
        )
    unknown = [name for name in request.query_params if name not in accepted]
    if unknown:
        raise ValidationError(
            {
                unknown[0][:40]: _("Not a parameter of this address; it accepts: %(names)s.")
                % {"names": ", ".join(sorted(accepted))}
            }
        )


def documented(plural, singular, by="id or slug", id_type=str):
    """Titles for a collection's two operations in the OpenAPI document and its docs pages, the
    language parameter every operation takes, and the type of a detail's `id` in its path."""
    identifier = OpenApiParameter("id", id_type, OpenApiParameter.PATH, description=f"The {singular}'s {by}.")
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}", parameters=[LANGUAGE_PARAMETER, FIELDS_PARAMETER]),
        retrieve=extend_schema(
            summary=f"One {singular}, by {by}", parameters=[identifier, LANGUAGE_PARAMETER, FIELDS_PARAMETER]
        ),
    )


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Published records only. A record is addressed by its id (UUID) or its slug."""

    lookup_url_kwarg = "id"
    lookup_value_regex = "[^/]+"
    detail_serializer_class = None
    # A large list's rows read with values() (cooperation/core/api/rows.py); None: by the serializer.
    list_rows: type[ListRows] | None = None
    # The fields `?fields=` chose (set by initial()); None: all of them.
    chosen_fields: list[str] | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request, self.accepted_parameters())
        self.chosen_fields = self.fields_asked_for(request)

    def fields_asked_for(self, request) -> list[str] | None:
        """The fields `?fields=` chooses, in the object's order; None for all of them."""
        raw = request.query_params.get("fields")
        if raw is None:
            return None
        if request.accepted_renderer.format == "ics":
            raise ValidationError({"fields": _("A calendar's events have their fixed fields: leave out fields.")})
        names = [name.strip() for name in raw.split(",") if name.strip()]
        available = list(self.get_serializer_class().Meta.fields)
        unknown = [name for name in names if name not in available]
        if unknown or not names:
            raise ValidationError(
                {
                    "fields": _("“%(name)s” is not a field of this object; choose among: %(names)s.")
                    % {"name": (unknown[0] if unknown else raw)[:40], "names": ", ".join(available)}
                }
            )
        return [name for name in available if name in names]

    def get_serializer(self, *args, **kwargs):
        """The serializer, with only the fields `?fields=` chose (its CSV columns too)."""
        serializer = super().get_serializer(*args, **kwargs)
        if self.chosen_fields is not None:
            target: Any = getattr(serializer, "child", serializer)  # a list's items, or the object
            fields = target.fields
            for name in [name for name in fields if name not in self.chosen_fields]:
                del fields[name]
        return serializer

    def accepted_parameters(self) -> set[str]:
        """The query parameters this address understands: a misspelt one is a 400, never ignored."""
        if self.action != "list":
            return set(COMMON_PARAMETERS)
        filterset_class = getattr(self, "filterset_class", None)  # each collection's (django-filter)
        filters = set(filterset_class.base_filters) if filterset_class else set()
        return {*COMMON_PARAMETERS, *LIST_PARAMETERS, *filters}

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        if self.list_rows is None:
            return super().list(request, *args, **kwargs)
        # The page is chosen on the ordering's columns alone, then its rows are read by id.
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        page = self.paginate_queryset(queryset.values("pk", *order_columns(queryset)))
        if page is None:
            raise ImproperlyConfigured("A list read by rows is paged (REST_FRAMEWORK's DEFAULT_PAGINATION_CLASS).")
        rows = self.list_rows(request).build([row["pk"] for row in page])
        if self.chosen_fields is not None:
            rows = [{name: row[name] for name in self.chosen_fields} for row in rows]
        return self.get_paginated_response(rows)

    def known_total(self) -> Total | None:
        """The number of records the request's filters select, where the database keeps it (read
        instead of counting them); None to count."""
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action == "list" and request.auth is None and response.status_code == 200:
            response.add_post_render_callback(self.within_answer_limit)
        return response

    def within_answer_limit(self, response):
        """A list for a client without a token is at most API_MAX_ANSWER_BYTES (uncompressed); past it the
        client is asked for a smaller page (or a narrower calendar), never sent megabytes."""
        if len(response.content) <= settings.API_MAX_ANSWER_BYTES:
            return None
        return problem_response(
            400,
            _("This answer would be %(size)s bytes, over the limit of %(limit)s for a client without a token: %(how)s.")
            % {
                "size": number_format(len(response.content), force_grouping=True),
                "limit": number_format(settings.API_MAX_ANSWER_BYTES, force_grouping=True),
                "how": self.how_to_narrow(),
            },
        )

    def how_to_narrow(self) -> str:
        """What a client asks for instead of a list over the size limit."""
        return _("ask for fewer records with page_size")

    def records(self):
        """The collection's records with what their objects show (select_related, prefetches of
        published rows); the base keeps only the published ones."""
        raise NotImplementedError

    def get_queryset(self):
        return self.records().published()

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        try:
            lookup = {"uuid": uuid.UUID(value)}
        except ValueError:
            lookup = {"slug": value}
        queryset = self.get_queryset()
        try:
            record = queryset.get(**lookup)
        except queryset.model.DoesNotExist:
            removed = changes.latest(queryset.model, **lookup)
            if removed is not None and removed.is_removal:
                from cooperation.core.api.changes import Gone  # it names this module's language parameter

                raise Gone(removed, self.request) from None
            raise Http404(
                _("No published %(record_type)s has this id or slug.")
                % {"record_type": queryset.model._meta.verbose_name}
            ) from None
        self.check_object_permissions(self.request, record)
        return record
