"""Organisations (intergovernmental bodies, states, ministries, foundations, media) and the typed,
dated relations between them that are not the parent tree.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cooperation.core.records import (
    PublicRecord,
    Record,
    SubRecordQuerySet,
    date_order_constraint,
    not_own_parent_constraint,
    ordering_indexes,
    partial_date_constraints,
    partial_date_fields,
    partial_date_property,
    public_record_constraints,
    published_order_index,
)


class OrganisationKind(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental organisation")
    REGIONAL_OFFICE = "regional_office", _("regional office")
    STATE = "state", _("state")
    GOVERNMENT_OFFICE = "government_office", _("government office")
    MINISTRY = "ministry", _("ministry")
    DEPARTMENT = "department", _("department")
    FOUNDATION = "foundation", _("foundation")
    ACADEMY = "academy", _("academy")
    EDUCATIONAL = "educational", _("educational institution")
    MEDIA = "media", _("media outlet")
    NON_GOVERNMENTAL = "non_governmental", _("non-governmental organisation")
    OTHER = "other", _("other")


class Organisation(PublicRecord):
    """A body that acts: an intergovernmental organisation, a state, a ministry, a foundation."""

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    # PROTECT: deleting ICESCO must not silently delete its regional offices and their records.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_(
            "The organisation this one is part of (a regional office under ICESCO, a department under its ministry)."
        ),
    )
    # PROTECT: places are shared; deleting one must not erase where organisations are.
    country = models.ForeignKey(
        "cooperation.Place",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        limit_choices_to={"kind": "country"},
    )
    # PROTECT: as for the country, a shared place is not deleted from under the organisations in it.
    headquarters = models.ForeignKey(
        "cooperation.Place",
        verbose_name=_("headquarters"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headquartered_organisations",
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    founded_date, founded_date_precision = partial_date_fields(_("founded"))

    partial_dates = ("founded_date",)
    founded = partial_date_property("founded_date")

    search_fields = ("name", "acronym", "description")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("publish_organisation", _("Can publish and unpublish organisations"))]
        ordering = ["name"]
        indexes = [
            published_order_index("coop_org_published_name", "name"),
            *ordering_indexes("coop_org", "kind", "updated_at"),
        ]
        constraints = [
            *public_record_constraints(),
            *partial_date_constraints("founded_date"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="cooperation_organisation_kind_valid",
            ),
            not_own_parent_constraint(),
        ]

    def __str__(self):
        return self.name


class RelationKind(models.TextChoices):
    MEMBER_OF = "member_of", _("member of")
    PARTNER_OF = "partner_of", _("partner of")
    AFFILIATED_WITH = "affiliated_with", _("affiliated with")
    POSSIBLY_SAME_AS = "possibly_same_as", _("possibly the same as")


class OrganisationRelation(Record):
    """A typed, dated link between two organisations outside the parent tree."""

    # PROTECT (both ends): a relation is cited evidence ("member of ICESCO since 1991"); deleting an
    # organisation must not silently erase it.
    subject = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="relations",
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    object = models.ForeignKey(
        Organisation,
        verbose_name=_("related organisation"),
        on_delete=models.PROTECT,
        related_name="inverse_relations",
    )
    start_date, start_date_precision = partial_date_fields(_("since"))
    end_date, end_date_precision = partial_date_fields(_("until"))

    objects = SubRecordQuerySet.as_manager()

    partial_dates = ("start_date", "end_date")
    period_end_fields = ("end_date",)
    start = partial_date_property("start_date")
    end = partial_date_property("end_date")

    public_record_field = "subject"
    visibility_links = (("subject", False), ("object", False))

    class Meta:
        verbose_name = _("organisation relation")
        verbose_name_plural = _("organisation relations")
        ordering = ["subject__name", "kind", "object__name"]
        constraints = [
            *partial_date_constraints("start_date", "end_date"),
            date_order_constraint(),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values),
                name="cooperation_organisationrelation_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(subject=F("object")),
                name="cooperation_organisationrelation_not_self",
                violation_error_message=_("An organisation cannot be related to itself."),
            ),
            models.UniqueConstraint(
                fields=["subject", "kind", "object"],
                name="cooperation_organisationrelation_unique",
                violation_error_message=_("These organisations already have this relation."),
            ),
        ]

    def __str__(self):
        return f"{self.subject} {self.get_kind_display()} {self.object}"
