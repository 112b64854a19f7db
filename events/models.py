"""Floor 3 of the data model: events and who took part in them, in what role and capacity."""

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.core.records import (
    PublicRecord,
    PublicRecordQuerySet,
    Record,
    SubRecordQuerySet,
    date_order_constraint,
    not_own_parent_constraint,
    ordering_indexes,
    partial_date_constraints,
    partial_date_fields,
    partial_date_property,
    period_ends_on_or_after,
    public_record_constraints,
    published_order_index,
)


def _not_over(today: dt.date) -> Q:
    """The event's last day (its end, else the end of its start's period) is today or later."""
    return Q(end_date__gte=today) | (Q(end_date__isnull=True) & period_ends_on_or_after("start_date", today))


class EventQuerySet(PublicRecordQuerySet):
    def dated(self):
        return self.filter(start_date__isnull=False)

    def upcoming(self, today: dt.date | None = None):
        """Events not over yet and not cancelled, soonest first. "July 2025" is upcoming until July ends.

        Such an event began this year (a period of a year at most is still running) or ends today or
        later: the earliest start of those, read first through the end date's index, bounds the
        start dates to read, so the soonest are found without walking every past event."""
        today = today or timezone.localdate()
        # Coalesce: not the bare column, whose minimum PostgreSQL would look for by walking its index.
        running = self.filter(end_date__gte=today)
        running_since = running.aggregate(earliest=Min(Coalesce("start_date", "end_date")))["earliest"]
        floor = min(day for day in (dt.date(today.year, 1, 1), running_since) if day is not None)
        return (
            self.dated()
            .filter(start_date__gte=floor)
            .filter(_not_over(today))
            .exclude(status=EventStatus.CANCELLED)
            .order_by("start_date", "pk")
        )

    def past(self, today: dt.date | None = None):
        """Events wholly before today, newest first."""
        return self.dated().exclude(_not_over(today or timezone.localdate())).order_by("-start_date", "-pk")


class EventKind(models.TextChoices):
    ACCESSION = "accession", _("accession")
    AWARD = "award", _("award")
    VISIT = "visit", _("visit")
    MEETING = "meeting", _("meeting")
    PRESS_CONFERENCE = "press_conference", _("press conference")
    OPENING_CEREMONY = "opening_ceremony", _("opening ceremony")
    SEMINAR = "seminar", _("seminar")
    FORUM = "forum", _("forum")
    DESIGNATION = "designation", _("designation")
    ANNOUNCEMENT = "announcement", _("announcement")
    TOUR = "tour", _("tour")
    OTHER = "other", _("other")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


# An event's initiatives as the API lists them: newest first, undated last, then by title, then by id
# (the serializer's prefetch and the list's rows read them alike).
EVENT_INITIATIVES_ORDER = (F("start_date").desc(nulls_last=True), "title", "pk")


class Event(PublicRecord):
    """Something that happened or is planned: an accession, a visit, a meeting, a ceremony."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.HELD,
    )
    start_date, start_date_precision = partial_date_fields(_("start"))
    end_date, end_date_precision = partial_date_fields(_("end"))
    # PROTECT: places are shared; deleting one must not erase where events happened.
    place = models.ForeignKey(
        "cooperation.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    location_text = models.CharField(
        _("location as written"),
        max_length=300,
        blank=True,
        help_text=_("Where the sources say it happened, in their words."),
    )
    # PROTECT: deleting a visit must not silently delete its meetings and press conference.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The larger event this one belongs to (a meeting during a visit)."),
    )
    initiatives = models.ManyToManyField(
        "cooperation.Initiative",
        verbose_name=_("related initiatives"),
        blank=True,
        related_name="events",
    )
    description = models.TextField(_("description"), blank=True)

    objects = EventQuerySet.as_manager()

    partial_dates = ("start_date", "end_date")
    period_end_fields = ("end_date",)
    start = partial_date_property("start_date")
    end = partial_date_property("end_date")

    search_fields = ("title", "description", "location_text")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("publish_event", _("Can publish and unpublish events"))]
        ordering = [F("start_date").desc(nulls_last=True), "title"]
        indexes = [
            models.Index(fields=["start_date", "id"], name="events_event_start"),
            # The events still running today, read first for the upcoming list (EventQuerySet.upcoming).
            models.Index(fields=["end_date"], name="events_event_end"),
            *ordering_indexes("events_event", "title", "kind", "status", "updated_at"),
            # A kind or status within a period (`?kind=meeting&year=2020`), counted from one index.
            published_order_index("events_event_pub_kind_start", "kind", "start_date"),
            published_order_index("events_event_pub_status_start", "status", "start_date"),
            # On PostgreSQL also events_event_published_newest (migration 0004): the lists' newest-first
            # order over the published events, and events_event_published_place_newest (0005), each
            # place's; the order by end date both ways (0008). SQLite cannot index NULLS LAST.
        ]
        constraints = [
            *public_record_constraints(),
            *partial_date_constraints("start_date", "end_date"),
            date_order_constraint(),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="events_event_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values),
                name="events_event_status_valid",
            ),
            not_own_parent_constraint(),
        ]

    def __str__(self):
        return self.title


class ParticipationRole(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    HOST = "host", _("host")
    SPEAKER = "speaker", _("speaker")
    GUEST_OF_HONOUR = "guest_of_honour", _("guest of honour")
    ATTENDEE = "attendee", _("attendee")
    DELEGATION_HEAD = "delegation_head", _("delegation head")
    DELEGATION_MEMBER = "delegation_member", _("delegation member")
    RECIPIENT = "recipient", _("recipient")
    PARTICIPANT = "participant", _("participant")


class Participation(Record):
    """Who took part in an event and how: a person, an organisation, or only a name as written."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    # PROTECT (person, organisation, on_behalf_of, position): a participation is evidence-backed;
    # deleting what it names must be a deliberate act, not a side effect.
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        "cooperation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("The organisation that took part, when an organisation itself is the participant."),
    )
    name = models.CharField(
        _("name as written"),
        max_length=300,
        blank=True,
        help_text=_('The participant as the source writes it; alone for unnamed groups ("ambassadors of ...").'),
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipationRole.choices)
    on_behalf_of = models.ForeignKey(
        "cooperation.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_participations",
    )
    position = models.ForeignKey(
        "people.Position",
        verbose_name=_("position at the time"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("The post the person held on the day, as the source gives it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Order of mention in the sources."))

    objects = SubRecordQuerySet.as_manager()

    public_record_field = "event"
    visibility_links = (("event", False), ("person", True), ("organisation", True), ("on_behalf_of", True))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False) | ~Q(name=""),
                name="events_participation_names_someone",
                violation_error_message=_("Name a person, an organisation, or at least the participant as written."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipationRole.values),
                name="events_participation_role_valid",
            ),
            # Coalesce makes "no person" / "no organisation" count as one value in the uniqueness test.
            models.UniqueConstraint(
                "event",
                Coalesce("person", 0),
                Coalesce("organisation", 0),
                "role",
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="events_participation_unique_role",
                violation_error_message=_("This participant already has this role in the event."),
            ),
            models.UniqueConstraint(
                fields=["event", "name", "role"],
                condition=Q(person__isnull=True, organisation__isnull=True),
                name="events_participation_unique_named_role",
                violation_error_message=_("This participant already has this role in the event."),
            ),
        ]

    def __str__(self):
        return f"{self.participant_name} ({self.get_role_display()}) – {self.event}"

    def clean(self):
        super().clean()
        if self.position_id and self.position.person_id != self.person_id:
            raise ValidationError({"position": _("The position must be one held by the participating person.")})

    @property
    def participant_name(self):
        return self.person.name if self.person_id else self.organisation.name if self.organisation_id else self.name


class EventTallyQuerySet(models.QuerySet):
    def per(self, field: str) -> dict:
        """The number of published events per value of `field` ("year", "kind"), for the rows selected."""
        return dict(self.order_by().values_list(field).annotate(n=Sum("count")).filter(n__gt=0).values_list(field, "n"))

    def total(self) -> int:
        return self.aggregate(n=Sum("count"))["n"] or 0

    def per_each(self, *fields: str) -> dict[str, Counter]:
        """For each of `fields`, the number of published events per value, for the rows selected: one
        query grouped by all of them together, summed per field here (a few thousand groups at a
        million events), where one query per field would read every row once each."""
        counts: dict[str, Counter] = {field: Counter() for field in fields}
        for *values, n in self.order_by().values_list(*fields).annotate(n=Sum("count")).values_list(*fields, "n"):
            for field, value in zip(fields, values, strict=True):
                counts[field][value] += n
        return {field: Counter({value: n for value, n in per.items() if n > 0}) for field, per in counts.items()}


class EventTally(models.Model):
    """How many published events have a year, month, kind, status and level: kept by the database, on
    every write to the events table, by the triggers of events/tally.py, which also creates the table
    (derived data: not in the migrations' schema, nor in `dumpdata`). Never written by the code."""

    year = models.PositiveSmallIntegerField(_("year"), help_text=_("0: undated."))
    month = models.PositiveSmallIntegerField(_("month"), help_text=_("0: undated, or known to the year only."))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices)
    top_level = models.BooleanField(_("top level"), help_text=_("Not part of a larger event."))
    count = models.PositiveIntegerField(_("count"))

    objects = EventTallyQuerySet.as_manager()

    class Meta:
        managed = False  # events/tally.py creates and keeps it
        verbose_name = _("event tally")
        verbose_name_plural = _("event tallies")
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "kind", "status", "top_level"], name="events_tally_key"),
            models.CheckConstraint(condition=Q(month__lte=12), name="events_tally_month_valid"),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02} {self.kind} {self.status}: {self.count}"
