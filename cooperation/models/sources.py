"""Evidence: source documents, the citations that tie records to quotes in them, and the other
names records are known by.
"""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    PublicationStatus,
    PublicRecord,
    Record,
    partial_date_constraints,
    partial_date_fields,
    partial_date_property,
    public_record_constraints,
)


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", _("news article")
    PRESS_RELEASE = "press_release", _("press release")
    OFFICIAL_PAGE = "official_page", _("official page")
    REPORT = "report", _("report")
    OTHER = "other", _("other")


def is_evidence_model(model):
    """Citations attach to records that need evidence: every record but sources."""
    return issubclass(model, Record) and model.needs_evidence


def is_named_model(model):
    """Alternate names attach to records with pages."""
    return issubclass(model, PublicRecord)


def _content_types_where(predicate):
    models_ = [m for m in apps.get_models() if predicate(m)]
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


def citable_field_names(model):
    """The fields of a record a citation can single out: its own columns and many-to-many links."""
    return {field.name for field in model._meta.get_fields() if field.concrete and not field.auto_created}


class Source(PublicRecord):
    """A document the records are drawn from: a news article, a press release, an official page."""

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=SourceKind.choices,
        default=SourceKind.NEWS_ARTICLE,
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("Empty when the document has no headline."),
    )
    # PROTECT: a publisher's sources are evidence; the publisher cannot vanish from under them.
    publisher = models.ForeignKey(
        "cooperation.Organisation",
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
    )
    author_name = models.CharField(_("author as written"), max_length=200, blank=True)
    # PROTECT: deleting a journalist must not silently strip the authorship of their articles.
    author = models.ForeignKey(
        "people.Person",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_sources",
    )
    published_date, published_date_precision = partial_date_fields(_("publication date"))
    published_date_inferred = models.BooleanField(
        _("publication date inferred"),
        default=False,
        help_text=_("The document carries no date; the date was inferred from its content (say how in the note)."),
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        default="en",
        help_text=_("BCP 47 code, such as en, az, ar, ru."),
    )
    text = models.TextField(
        _("full text"),
        help_text=_("The document's text exactly as published; quotes must be found in it verbatim."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=200,
        help_text=_("A stable reference to the document, such as its archive file name."),
    )
    url = models.URLField(
        _("URL"),
        max_length=500,
        blank=True,
        help_text=_("Only where known; never guessed."),
    )

    needs_evidence = False
    search_fields = ("title", "author_name", "reference")
    partial_dates = ("published_date",)
    published_on = partial_date_property("published_date")

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [("publish_source", _("Can publish and unpublish sources"))]
        ordering = [F("published_date").desc(nulls_last=True), "reference"]
        constraints = [
            *public_record_constraints(),
            *partial_date_constraints("published_date"),
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="cooperation_source_kind_valid"),
            models.UniqueConstraint(fields=["reference"], name="cooperation_source_unique_reference"),
            models.CheckConstraint(condition=~Q(text=""), name="cooperation_source_text_not_empty"),
        ]

    def __str__(self):
        if self.title:
            return self.title
        untitled, undated = _("Untitled"), _("undated")
        # A draft publisher's name is not public: this name shows on public pages.
        publisher = self.publisher if self.publisher and self.publisher.is_published else None
        return f"{publisher or self.author_name or untitled} ({self.published_on or undated})"

    def clean(self):
        super().clean()
        self.text = normalise_newlines(self.text)
        if self.pk:
            broken = [
                quote for quote in self.citations_of_self().values_list("quote", flat=True) if quote not in self.text
            ]
            if broken:
                raise ValidationError(
                    {
                        "text": _(
                            "This change would break %(count)d citation(s) whose quote is no longer in the text, "
                            "for example “%(quote)s”. Change or remove those citations first."
                        )
                        % {"count": len(broken), "quote": broken[0][:120]}
                    }
                )

    def citations_of_self(self):
        """The citations that quote this source (not the citations of the source as a record)."""
        return Citation.objects.filter(source=self)


class CitationQuerySet(models.QuerySet):
    def published(self):
        """Citations whose source is published: the evidence a visitor may see."""
        return self.filter(source__publication_status=PublicationStatus.PUBLISHED)


class Citation(models.Model):
    """A verbatim quote in a source that supports a record, or one field of it."""

    # PROTECT: a source with citations is the evidence for records; deleting it would orphan them.
    source = models.ForeignKey(
        Source,
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

    history = HistoricalRecords()

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
        errors = {}
        if self.content_type_id:
            errors |= attach_errors(self.content_type, self.object_id, is_evidence_model)
        if self.source_id and self.quote and not self.quote_is_verbatim():
            errors["quote"] = _(
                "This passage is not in the source's text word for word. Copy it exactly from the source."
            )
        if self.field and self.content_type_id and not errors.get("content_type"):
            model = self.content_type.model_class()
            if self.field not in citable_field_names(model):
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

    history = HistoricalRecords()

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
