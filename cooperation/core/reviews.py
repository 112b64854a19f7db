"""Where a draft stands in review: submitted by an editor with a comment ("awaiting review"), or sent
back by a reviewer with theirs ("changes requested"). One row per record, rewritten at each step and
removed when the record is published (cooperation/core/publication.py). The review queue shows it;
the admin's home page shows each editor the state of their work."""

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SUBMITTED, SENT_BACK = "Submitted for review", "Sent back"  # the review steps' log entries begin so


class ReviewState(models.TextChoices):
    AWAITING = "awaiting", _("awaiting review")
    SENT_BACK = "sent_back", _("changes requested")


class Review(models.Model):
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    state = models.CharField(_("state"), max_length=10, choices=ReviewState.choices)
    # SET_NULL: the state of the work outlives a staff account.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    comment = models.TextField(_("editor's comment"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("sent back at"), null=True, blank=True)
    answer = models.TextField(_("reviewer's comment"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="cooperation_review_one_per_record"),
            models.CheckConstraint(condition=Q(state__in=ReviewState.values), name="cooperation_review_state_valid"),
            # Sent back means answered: by whom may be gone (SET_NULL), but when and why are kept.
            models.CheckConstraint(
                condition=~Q(state=ReviewState.SENT_BACK) | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="cooperation_review_sent_back_with_a_comment",
            ),
        ]

    def __str__(self):
        return f"{self.record} ({self.get_state_display()})"


def submit(record, user, comment: str) -> Review:
    """Hand a draft, or a change to a published record, to the reviewers with a comment: it shows as
    awaiting review, and the step is logged where the record's history reads it."""
    review, _created = Review.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        defaults={
            "state": ReviewState.AWAITING,
            "submitted_by": user,
            "submitted_at": timezone.now(),
            "comment": comment,
            "answered_by": None,
            "answered_at": None,
            "answer": "",
        },
    )
    log_step(user, record, SUBMITTED, comment)
    return review


def log_step(user, record, step, comment) -> None:
    """A review step in the admin's log, where the record's history reads it (admin/history.py)."""
    message = f"{step}: {comment}" if comment else step
    LogEntry.objects.log_actions(user.pk, [record], CHANGE, message, single_object=True)


def _ids_by_type(records) -> dict[int, list[int]]:
    """The ids of `records` (of any types), by content type id."""
    by_type: dict[int, list[int]] = {}
    for record in records:
        by_type.setdefault(ContentType.objects.get_for_model(record).pk, []).append(record.pk)
    return by_type


def reviews_of(records) -> dict[tuple[int, int], Review]:
    """The reviews of `records` (of any types), by (content type id, record id): one query per type."""
    found = {}
    for type_id, ids in _ids_by_type(records).items():
        for review in Review.objects.filter(content_type_id=type_id, object_id__in=ids).select_related(
            "submitted_by", "answered_by"
        ):
            found[(type_id, review.object_id)] = review
    return found


def resolve(records) -> None:
    """The records are published: their reviews are done."""
    for type_id, ids in _ids_by_type(records).items():
        Review.objects.filter(content_type_id=type_id, object_id__in=ids).delete()
