"""Floor 2 of the data model: people, the posts that exist in organisations, and who held which
post when.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cooperation.core.records import (
    PublicRecord,
    Record,
    SubRecordQuerySet,
    date_order_constraint,
    ordering_indexes,
    partial_date_constraints,
    partial_date_fields,
    partial_date_property,
    public_record_constraints,
    published_order_index,
)


class Person(PublicRecord):
    """A named individual. Unnamed groups ("ambassadors of ...") are not persons."""

    name = models.CharField(_("name"), max_length=200, help_text=_("The name as the records display it."))
    honorific = models.CharField(
        _("honorific"),
        max_length=40,
        blank=True,
        help_text=_("Dr., Mr., H.E., as the sources use it."),
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    possibly_same_as = models.ManyToManyField(
        "self",
        verbose_name=_("possibly the same person as"),
        blank=True,
        symmetrical=True,
        help_text=_(
            "People the sources name alike who may be one person. They stay separate records until a source "
            "says they are the same; the note says why they are linked."
        ),
    )

    search_fields = ("name", "given_name", "family_name", "summary")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("publish_person", _("Can publish and unpublish people"))]
        ordering = ["name"]
        indexes = [
            published_order_index("people_person_published_name", "name"),
            *ordering_indexes("people_person", "family_name", "updated_at"),
        ]
        constraints = [*public_record_constraints()]

    def __str__(self):
        return self.name

    def posts_held(self):
        """Each post the person held once, in the order of their positions (two terms, one post)."""
        return list(dict.fromkeys(position.post for position in self.positions.all()))


class Post(Record):
    """A post in an organisation that exists whoever holds it: ICESCO's Director-General."""

    # PROTECT: an organisation with posts cannot be deleted by accident; the posts' holders are evidence.
    organisation = models.ForeignKey(
        "cooperation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("The post's title, such as Minister of Culture."),
    )

    objects = SubRecordQuerySet.as_manager()

    public_record_field = "organisation"
    visibility_links = (("organisation", False),)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["organisation__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"],
                name="people_post_unique_title_per_organisation",
                violation_error_message=_("This organisation already has a post with this title."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="people_post_title_not_empty"),
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}"


class Position(Record):
    """One person holding one post, over a term the sources state or only attest."""

    # PROTECT: a person with positions cannot be deleted by accident (their tenures are evidence).
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    # PROTECT: deleting a post must not silently erase who held it.
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="positions")
    start_date, start_date_precision = partial_date_fields(
        _("term start"), _("When the term began, where a source says so.")
    )
    end_date, end_date_precision = partial_date_fields(_("term end"), _("When the term ended, where a source says so."))
    attested_from, attested_from_precision = partial_date_fields(
        _("first attested"), _("The earliest date a cited source or event shows the person in this post.")
    )
    attested_to, attested_to_precision = partial_date_fields(
        _("last attested"), _("The latest date a cited source or event shows the person in this post.")
    )

    objects = SubRecordQuerySet.as_manager()

    partial_dates = ("start_date", "end_date", "attested_from", "attested_to")
    period_end_fields = ("end_date", "attested_to")
    start = partial_date_property("start_date")
    end = partial_date_property("end_date")
    first_attested = partial_date_property("attested_from")
    last_attested = partial_date_property("attested_to")

    public_record_field = "person"
    visibility_links = (("person", False), ("post__organisation", False))

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = [
            "person__name",
            F("start_date").asc(nulls_last=True),
            F("attested_from").asc(nulls_last=True),
        ]
        constraints = [
            *partial_date_constraints("start_date", "end_date", "attested_from", "attested_to"),
            date_order_constraint(),
            date_order_constraint(
                "attested_from", "attested_to", _("The last attestation cannot be before the first.")
            ),
            # Coalesce makes an unknown start count as one value, so a tenure cannot be entered twice.
            models.UniqueConstraint(
                "person",
                "post",
                Coalesce("start_date", Value(dt.date.min)),
                name="people_position_unique_term",
                violation_error_message=_("This person already holds this post from this date."),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.post}"

    def clean(self):
        super().clean()
        # Compare whole periods: "attested 2021" is consistent with a term that began on 14 January 2021.
        first, last = self.first_attested, self.last_attested
        if first and self.start_date and first.last_day < self.start_date:
            raise ValidationError({"attested_from": _("A post cannot be attested before the term began.")})
        if last and self.end_date and last.date > self.end_date:
            raise ValidationError({"attested_to": _("A post cannot be attested after the term ended.")})
