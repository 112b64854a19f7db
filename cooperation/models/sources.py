"""Source documents: the news articles, press releases and pages the records are drawn from."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cooperation.core.citations import Citation, normalise_newlines
from cooperation.core.records import (
    PublicRecord,
    ordering_indexes,
    partial_date_constraints,
    partial_date_fields,
    partial_date_property,
    public_record_constraints,
)
from cooperation.core.visibility import public


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", _("news article")
    PRESS_RELEASE = "press_release", _("press release")
    OFFICIAL_PAGE = "official_page", _("official page")
    REPORT = "report", _("report")
    OTHER = "other", _("other")


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
        # The oldest first is indexed by migration 0012, the newest first by 0011.
        indexes = ordering_indexes("coop_source", "title", "updated_at")
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
        publisher = public(self.publisher)
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
