"""Evidence attached to any record: the citations that tie records to verbatim quotes in source
documents, and the other names records are known by.

Both attach through content types, so they name no record model; a citation's source is a string
reference to `cooperation.Source`.
"""

from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.core.records import ChangesetHistory, PublicationStatus, PublicRecord, Record
from cooperation.core.registry import registry
from cooperation.core.translation import translation_columns


def is_evidence_model(model):
    """Citations attach to records that need evidence: every record but sources."""
    return issubclass(model, Record) and model.needs_evidence


def evidence_models() -> list[Any]:
    """The record models citations attach to: every registered record but sources."""
    return [model for model in registry.models() if is_evidence_model(model)]


def is_named_model(model):
    """Alternate names attach to records with pages."""
    return issubclass(model, PublicRecord)


def _content_types_where(predicate):
    models_ = [m for m in registry.models() if predicate(m)]
    return Q(*[Q(app_label=m._meta.app_label, model=m._meta.model_name) for m in models_], _connector=Q.OR)


def evidence_record_types():
    return _content_types_where(is_evidence_model)


def named_record_types():
    return _content_types_where(is_named_model)


def attach_errors(content_type, object_id, predicate):
    """Why a row cannot attach to the record (content_type, object_id), as form errors; empty if it can."""
    model = content_type.model_class()
    if model is None or not predicate(model):
        return {"content_type": _("Records of this type cannot carry this.")}
    if object_id is not None and not model._base_manager.filter(pk=object_id).exists():
        return {
            "object_id": _("There is no %(model)s with id %(id)s.")
            % {"model": model._meta.verbose_name, "id": object_id}
        }
    return {}


def normalise_newlines(text):
    """Browsers send CRLF line breaks from text areas; documents are stored with LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def source_model():
    """The model of the documents quoted (cooperation's Source), which this module does not name."""
    return Citation.source.field.related_model


def cited_rows(citations):
    """For each cited row (content type id, object id): the row, and the public record it is shown on
    (a participation's event, a position's person; a record is shown on itself). One query per type."""
    ids_by_type = defaultdict(set)
    for citation in citations:
        ids_by_type[citation.content_type_id].add(citation.object_id)
    rows = {}
    for content_type_id, ids in ids_by_type.items():
        model: Any = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a type no longer installed
            continue
        field = model.public_record_field
        queryset = model._base_manager.filter(pk__in=ids)
        if field:
            queryset = queryset.select_related(field)
        for row in queryset:
            rows[(content_type_id, row.pk)] = (row, getattr(row, field) if field else row)
    return rows


def citable_field_names(model):
    """The fields of a record a citation can single out: its own columns and many-to-many links (not
    the columns of its translations: renderings, never evidence)."""
    columns = translation_columns(model)
    return {
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and field.name not in columns
    }


class CitationQuerySet(models.QuerySet):
    def published(self):
        """Citations whose source is published: the evidence a visitor may see of a record in hand."""
        return self.filter(source__publication_status=PublicationStatus.PUBLISHED)

    def of_public_rows(self):
        """Citations of public rows: a published record, or a part every linked record of which is
        published. One EXISTS per record type."""
        conditions = [
            Q(content_type=ContentType.objects.get_for_model(model))
            & Q(Exists(model.objects.published().filter(pk=OuterRef("object_id"))))
            for model in evidence_models()
        ]
        return self.filter(Q(*conditions, _connector=Q.OR))

    def public(self):
        """Citations a visitor may see among all: from a published source, of a public row."""
        return self.published().of_public_rows()


class Citation(models.Model):
    """A verbatim quote in a source that supports a record, or one field of it."""

    # PROTECT: a source with citations is the evidence for records; deleting it would orphan them.
    source = models.ForeignKey(
        "cooperation.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="citations",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.CASCADE,
        limit_choices_to=evidence_record_types,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        _("field"),
        max_length=60,
        blank=True,
        help_text=_(
            "The field of the record this quote supports, such as start_date; empty for the record as a whole."
        ),
    )
    # At most 500 characters (2,000 bytes in UTF-8), so that the unique index over the quote stays within
    # PostgreSQL's index row limit of 2,704 bytes. A quote is a sentence or two, not a paragraph.
    quote = models.CharField(
        _("quote"),
        max_length=500,
        help_text=_("A passage copied exactly from the source's text."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CitationQuerySet.as_manager()

    history = HistoricalRecords(bases=[ChangesetHistory])

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["source", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="cooperation_citation_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id", "field", "quote"],
                name="cooperation_citation_unique_quote_per_record",
                violation_error_message=_("This record already cites this passage of this source."),
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="cooperation_citation_quote_not_empty"),
        ]

    def __str__(self):
        return f"“{self.quote[:60]}” ({self.source})"

    def clean(self):
        super().clean()
        self.quote = normalise_newlines(self.quote)
        errors: dict[str, Any] = {}
        if self.content_type_id:
            errors |= attach_errors(self.content_type, self.object_id, is_evidence_model)
        if self.source_id and self.quote and not self.quote_is_verbatim():
            errors["quote"] = _(
                "This passage is not in the source's text word for word. Copy it exactly from the source."
            )
        if self.field and self.content_type_id and not errors.get("content_type"):
            model = self.content_type.model_class()  # not None: attach_errors found no content_type error
            if model is not None and self.field not in citable_field_names(model):
                errors["field"] = _("%(model)s has no field named “%(field)s”.") % {
                    "model": capfirst(model._meta.verbose_name),
                    "field": self.field,
                }
        if errors:
            raise ValidationError(errors)

    def quote_is_verbatim(self):
        return self.quote in self.source.text


class AlternateNameKind(models.TextChoices):
    ACRONYM = "acronym", _("acronym")
    SPELLING_VARIANT = "spelling_variant", _("spelling variant")
    FORMER_NAME = "former_name", _("former name")
    TRANSLATION = "translation", _("translation")
    TRANSLITERATION = "transliteration", _("transliteration")


class AlternateName(models.Model):
    """Another name a record is known by: an acronym, a spelling variant, a translation."""

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.CASCADE,
        limit_choices_to=named_record_types,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    name = models.CharField(_("name"), max_length=300)
    language = models.CharField(
        _("language"),
        max_length=12,
        blank=True,
        help_text=_("BCP 47 code; empty when it does not apply."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=AlternateNameKind.choices,
        default=AlternateNameKind.SPELLING_VARIANT,
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(bases=[ChangesetHistory])

    class Meta:
        verbose_name = _("alternate name")
        verbose_name_plural = _("alternate names")
        ordering = ["name"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="cooperation_altname_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "name", "language", "kind"],
                name="cooperation_alternatename_unique_per_record",
                violation_error_message=_("This record already has this name in this language and kind."),
            ),
            models.CheckConstraint(condition=~Q(name=""), name="cooperation_alternatename_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=AlternateNameKind.values),
                name="cooperation_alternatename_kind_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.content_type_id:
            errors = attach_errors(self.content_type, self.object_id, is_named_model)
            if errors:
                raise ValidationError(errors)
