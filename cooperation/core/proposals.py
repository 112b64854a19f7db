"""Partner proposals: a partner system whose token has the propose scope submits a new record, or a
correction to a published one, through the API (cooperation/core/api/proposals.py). What it submits
is handled as an editor's change made in the admin, by the account the token proposes as:

- the same validation: the record's admin form (a partial date in one input, the model's clean()
  and constraints) and each citation's (its quote word for word in a published source);
- the same review: a new record is saved as a draft, a correction to a published record is tried
  and kept as the record's pending revision (cooperation/core/revisions.py), so that nothing of it
  reaches visitors until a reviewer publishes or approves it; either is submitted for review with
  the partner's comment, and shows in the review queue;
- the same history: every row written is recorded under that account, the partner named.

Each proposal is kept (`Proposal`) with the answer it was given, so that a request sent again with the
same Idempotency-Key gets that answer again instead of making a second record.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.forms import modelform_factory
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.core.admin.forms import PartialDatesForm, precision_fields
from cooperation.core.citations import Citation
from cooperation.core.records import PublicationStatus
from cooperation.core.reviews import submit
from cooperation.core.revisions import Change, Revision, added, capture, editable_fields, keep, recorded_as
from cooperation.core.tokens import PartnerToken
from cooperation.core.translation import ORIGINAL, TRANSLATIONS, column, translated_fields, translation_columns


class ProposalKind(models.TextChoices):
    NEW = "new", gettext_lazy("new record")
    CORRECTION = "correction", gettext_lazy("correction")


class Proposal(models.Model):
    """A partner's proposal and the answer it was given (replayed for its Idempotency-Key)."""

    # PROTECT: what a partner proposed stays on record; tokens are revoked, not deleted.
    token = models.ForeignKey(
        PartnerToken, verbose_name=gettext_lazy("token"), on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(gettext_lazy("kind"), max_length=10, choices=ProposalKind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=gettext_lazy("record type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(gettext_lazy("record id"))
    record = GenericForeignKey("content_type", "object_id")
    # A correction's pending revision (None once it is approved and gone, or for a new record).
    revision = models.ForeignKey(
        Revision,
        verbose_name=gettext_lazy("revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    idempotency_key = models.CharField(gettext_lazy("idempotency key"), max_length=255, blank=True)
    request_hash = models.CharField(gettext_lazy("request hash"), max_length=64)
    status_code = models.PositiveSmallIntegerField(gettext_lazy("status code"))
    answer = models.JSONField(gettext_lazy("answer"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(gettext_lazy("made at"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("proposal")
        verbose_name_plural = gettext_lazy("proposals")
        constraints = [
            # A key names one request of a token's: the same key again is that request again.
            models.UniqueConstraint(
                fields=["token", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="cooperation_proposal_one_request_per_key",
            ),
            models.CheckConstraint(condition=Q(kind__in=ProposalKind.values), name="cooperation_proposal_kind_valid"),
        ]

    def __str__(self):
        return f"{self.token.partner}: {self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


@dataclass
class Submission:
    """What a partner submits, in the record's own terms: values by the form's field names (a link as
    the linked row's primary key, a translation by its column), quotes with their source rows."""

    values: dict
    citations: list[dict] = field(default_factory=list)  # {"source": Source, "quote": str, "field": str}
    comment: str = ""


class Busy(Exception):
    """A correction to a record with a change awaiting review that is not the partner's own."""


def writable_fields(model) -> list[models.Field]:
    """The fields a proposal sets by name: those staff edit, but the publication status (a reviewer's),
    the dates' precisions (read from the dates) and the columns of other languages (`translations`)."""
    skip = {"publication_status", *precision_fields(model), *translation_columns(model)}
    return [model_field for model_field in editable_fields(model) if model_field.name not in skip]


def proposal_form(model):
    """The record's admin form (one input per partial date) over what a proposal may set."""
    names = [model_field.name for model_field in writable_fields(model)]
    languages = [column(name, language) for name in translated_fields(model) for language in TRANSLATIONS]
    return modelform_factory(model, form=PartialDatesForm, fields=[*names, *languages], formfield_callback=_form_field)


def _form_field(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # as the admin's forms (RecordAdmin.formfield_overrides)
    return model_field.formfield(**kwargs)


def _form(model, instance, values):
    """The form bound to the record's current values (a new one's defaults) with `values` over them.
    A translated field's own name is its English original (read so whatever the request's language)."""
    form_class = proposal_form(model)
    with translation.override(ORIGINAL):
        unbound = form_class(instance=instance)
        current = {name: unbound[name].value() for name in unbound.fields}
    if instance is None:
        current["slug"] = ""
    data = {**current, **values}
    if not data.get("slug"):
        data["slug"] = free_slug(model, _name_of(model, data))
    return form_class(data=data, instance=instance)


def _name_of(model, data) -> str:
    return next((str(data[name]) for name in ("title", "name") if data.get(name)), model._meta.model_name)


def free_slug(model, text: str) -> str:
    """A slug from `text` that no record of `model` has yet ("-2", "-3", ... added if needed)."""
    base = slugify(text)[:100].strip("-") or model._meta.model_name
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _save(form, user, reason):
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    record = form.save(commit=False)
    recorded_as(record, reason, user)
    record.save()
    form.save_m2m()
    return record


def _cite(record, citations, user, reason) -> None:
    """Add the quotes to the record, each validated as the admin's citation form does; the errors by
    "citations.<index>.<field>"."""
    errors = {}
    for index, given in enumerate(citations):
        citation = Citation(record=record, source=given["source"], quote=given["quote"], field=given.get("field", ""))
        try:
            citation.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[f"citations.{index}" if name == NON_FIELD_ERRORS else f"citations.{index}.{name}"] = messages
            continue
        recorded_as(citation, reason, user)
        citation.save()
    if errors:
        raise ValidationError(errors)


def propose_new(token: PartnerToken, model, submission: Submission):
    """Save the submitted record as a draft with its quotes, submitted for review; all or nothing.
    Raises ValidationError (by the form's field names, and "citations")."""
    user, reason = token.proposes_as, proposed_by(token)
    with transaction.atomic():
        form = _form(model, None, submission.values)
        form.instance.publication_status = PublicationStatus.DRAFT
        record = _save(form, user, reason)
        _cite(record, submission.citations, user, reason)
        submit(record, user, _review_comment(token, submission))
    return record


def propose_correction(token: PartnerToken, record, submission: Submission) -> tuple[Revision, list[Change]]:
    """Try the correction on the published record and keep it as its pending revision (added to this
    token's own earlier one), submitted for review; the record itself is left as it is. Returns the
    revision and the rows this correction changes. Raises ValidationError, or Busy when the record
    has another change awaiting review."""
    user, reason = token.proposes_as, proposed_by(token)
    model = type(record)
    existing = Revision.objects.select_for_update().open().of(record).first()
    if existing is not None and not existing.proposals.filter(token=token).exists():
        raise Busy
    with transaction.atomic():  # a trial: noted, then rolled back
        with capture() as trial:
            form = _form(model, model._default_manager.get(pk=record.pk), submission.values)
            corrected = _save(form, user, reason)
            _cite(corrected, submission.citations, user, reason)
        changes = trial.changes()
        transaction.set_rollback(True)
    if not changes:
        raise ValidationError(_("This changes nothing: the record already says so."))
    kept = added(existing.rows(), changes) if existing is not None else changes
    try:
        with transaction.atomic():
            revision = keep(record, kept, user, replacing=existing)
    except IntegrityError:  # another's first change to the record, kept at the same moment
        raise Busy from None
    submit(record, user, _review_comment(token, submission))
    return revision, changes


def _review_comment(token, submission) -> str:
    said = f"Proposed by {token.partner} through the API"
    return f"{said}: {submission.comment}" if submission.comment else f"{said}."


def proposed_by(token: PartnerToken) -> str:
    """The history's reason for a proposal's rows: who proposed it."""
    return f"proposed by {token.partner} (API)"
