"""Initiatives: offices, programmes, projects, proposals, designations and titles, with the
organisations and people behind them.
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
)


class InitiativeKind(models.TextChoices):
    OFFICE = "office", _("office")
    PROGRAMME = "programme", _("programme")
    PROJECT = "project", _("project")
    PROPOSAL = "proposal", _("proposal")
    DESIGNATION = "designation", _("designation")
    TITLE = "title", pgettext_lazy("kind of initiative: an honorary title", "title")
    AGREEMENT = "agreement", _("agreement")
    POLICY = "policy", _("policy")
    OTHER = "other", _("other")


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ANNOUNCED = "announced", _("announced")
    ACTIVE = "active", _("active")
    # A title or distinction conferred on a date: the sources say it was given, not whether it is still held.
    AWARDED = "awarded", _("awarded")
    COMPLETED = "completed", _("completed")
    SUPERSEDED = "superseded", _("superseded")
    CANCELLED = "cancelled", _("cancelled")


class Initiative(PublicRecord):
    """A programme, office, project, proposal, designation, title, agreement or policy."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=InitiativeKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus.choices,
        help_text=_("Where the initiative stands according to the sources (not its publication status)."),
    )
    start_date, start_date_precision = partial_date_fields(_("start"))
    end_date, end_date_precision = partial_date_fields(_("end"))
    # PROTECT: an organisation leading initiatives cannot be deleted from under them.
    lead_organisation = models.ForeignKey(
        "cooperation.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_initiatives",
    )
    # PROTECT: deleting a programme must not silently delete the proposals under it.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    places = models.ManyToManyField(
        "cooperation.Place",
        verbose_name=_("places"),
        blank=True,
        related_name="initiatives",
    )
    description = models.TextField(_("description"), blank=True)

    partial_dates = ("start_date", "end_date")
    period_end_fields = ("end_date",)
    start = partial_date_property("start_date")
    end = partial_date_property("end_date")

    search_fields = ("title", "description")

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [("publish_initiative", _("Can publish and unpublish initiatives"))]
        ordering = [F("start_date").desc(nulls_last=True), "title"]
        # The dates' orders are indexed by migration 0012, the newest first by 0011.
        indexes = ordering_indexes("coop_init", "title", "kind", "status", "updated_at")
        constraints = [
            *public_record_constraints(),
            *partial_date_constraints("start_date", "end_date"),
            date_order_constraint(),
            models.CheckConstraint(
                condition=Q(kind__in=InitiativeKind.values),
                name="cooperation_initiative_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InitiativeStatus.values),
                name="cooperation_initiative_status_valid",
            ),
            not_own_parent_constraint(),
        ]

    def __str__(self):
        return self.title


class PartyRole(models.TextChoices):
    LEAD = "lead", _("lead")
    PARTNER = "partner", _("partner")
    HOST = "host", _("host")
    PROPOSER = "proposer", _("proposer")
    PRESENTER = "presenter", _("presenter")
    ANNOUNCER = "announcer", _("announcer")
    ORGANISER = "organiser", _("organiser")
    SUPPORTER = "supporter", _("supporter")
    RECIPIENT = "recipient", _("recipient")


class InitiativeParty(Record):
    """An organisation or a person behind an initiative, in a role (lead, partner, proposer, ...)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="parties",
    )
    # PROTECT (both): a party's role is evidence-backed; removing the party must be deliberate.
    organisation = models.ForeignKey(
        "cooperation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiative_roles",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiative_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)

    objects = SubRecordQuerySet.as_manager()

    public_record_field = "initiative"
    visibility_links = (("initiative", False), ("organisation", True), ("person", True))

    class Meta:
        verbose_name = _("initiative party")
        verbose_name_plural = _("initiative parties")
        ordering = ["initiative", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, person__isnull=True)
                | Q(organisation__isnull=True, person__isnull=False),
                name="cooperation_initiativeparty_one_party",
                violation_error_message=_("Name either an organisation or a person as the party, not both."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartyRole.values),
                name="cooperation_initiativeparty_role_valid",
            ),
            models.UniqueConstraint(
                "initiative",
                Coalesce("organisation", 0),
                Coalesce("person", 0),
                "role",
                name="cooperation_initiativeparty_unique_role",
                violation_error_message=_("This party already has this role in the initiative."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation or self.person} ({self.get_role_display()}) – {self.initiative}"
