"""The base every API collection shares: published records only, addressed by id or slug."""

import uuid

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets


def documented(plural, singular):
    """Titles for a collection's two operations in the OpenAPI document and its docs pages."""
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}"),
        retrieve=extend_schema(summary=f"One {singular}, by id or slug"),
    )


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Published records only. A record is addressed by its id (UUID) or its slug."""

    lookup_url_kwarg = "id"
    lookup_value_regex = "[^/]+"
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

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
        record = get_object_or_404(self.get_queryset(), **lookup)
        self.check_object_permissions(self.request, record)
        return record
