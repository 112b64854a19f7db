"""The review queue at /admin/review/: every draft of every record type with a page, and every
change to a published record awaiting review (a pending revision, cooperation/core/revisions.py),
oldest first, with who last saved it, a preview and the record's admin page.

Reviewers publish the selected drafts from it, under the one evidence rule (set_publication), which
names what any of them lacks; sources are published first, so that a record selected with the
draft source it is cited from is published too. A revision opens on its own page: the changes,
field by field and part by part, then approve, send back with a comment, or discard.

The queue reads at most QUEUE_SIZE drafts of each type, each with its last saver in the same query,
and at most QUEUE_SIZE revisions, so it stays bounded however many records there are.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cooperation.core.admin.base import refusal_message
from cooperation.core.admin.diff import diff
from cooperation.core.admin.forms import change_url
from cooperation.core.admin.revising import revision_url
from cooperation.core.citations import source_model
from cooperation.core.evidence import named
from cooperation.core.publication import set_publication
from cooperation.core.records import PublicationStatus, PublicRecord
from cooperation.core.registry import registry
from cooperation.core.reviews import SENT_BACK, Review, ReviewState, log_step, reviews_of, submit
from cooperation.core.revisions import NotApproved, Revision, RevisionState, approve, discard
from cooperation.core.roles import may_publish
from cooperation.core.web.preview import preview_url

QUEUE_SIZE = 200  # drafts shown, oldest first


@dataclass
class Draft:
    record: PublicRecord
    changed_at: datetime
    changed_by: str
    type_id: int  # its content type's
    may_publish: bool
    review: Review | None = None

    @property
    def key(self):
        """The value of its checkbox: "<content type id>:<id>"."""
        return f"{self.type_id}:{self.record.pk}"

    @property
    def admin_url(self):
        return change_url(self.record, self.record.pk)

    @property
    def preview_url(self):
        return preview_url(self.record)

    @property
    def send_back_url(self):
        return step_url("review-send-back", self.record)

    @property
    def type_label(self):
        return capfirst(self.record._meta.verbose_name)


def step_url(name, record):
    """The address of a review step ("review-submit", "review-send-back") for a record."""
    opts = record._meta
    return reverse(name, args=[opts.app_label, opts.model_name, record.pk])


def drafts(user) -> list[Draft]:
    """The drafts the user may see, oldest change first: at most QUEUE_SIZE + 1 (one more says there are more)."""
    found = []
    for model in registry.models():
        if not issubclass(model, PublicRecord):
            continue
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        # Who saved it last: its newest history row (a change to a part moves the record's time,
        # not its history).
        saved_by = (
            model.history.filter(id=OuterRef("pk")).order_by("-history_date").values("history_user__username")[:1]
        )
        rows = (
            model._default_manager.filter(publication_status=PublicationStatus.DRAFT)
            .annotate(saved_by=Subquery(saved_by))
            .order_by("updated_at", "pk")[: QUEUE_SIZE + 1]
        )
        content_type = ContentType.objects.get_for_model(model)
        publishable = may_publish(user, model)
        found += [Draft(row, row.updated_at, row.saved_by or "—", content_type.pk, publishable) for row in rows]
    found = sorted(found, key=lambda draft: draft.changed_at)[: QUEUE_SIZE + 1]
    reviews = reviews_of([draft.record for draft in found])
    for draft in found:
        draft.review = reviews.get((draft.type_id, draft.record.pk))
    return found


@dataclass
class Pending:
    """A change to a published record awaiting review."""

    revision: Revision
    review: Review | None = None
    may_approve: bool = False

    @property
    def record(self):
        return self.revision.record

    @property
    def url(self):
        return revision_url(self.revision)

    @property
    def preview_url(self):
        return preview_url(self.record, pending=True)  # its change awaits review: no need to ask

    @property
    def type_label(self):
        return capfirst(self.record._meta.verbose_name)


def _viewable(user, model) -> bool:
    return model is not None and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def pending(user) -> list[Pending]:
    """The open revisions of records the user may see, oldest last save first: at most QUEUE_SIZE + 1."""
    revisions = (
        Revision.objects.open()
        .select_related("content_type", "updated_by")
        .prefetch_related("record")
        .order_by("updated_at", "pk")[: QUEUE_SIZE + 1]
    )
    found = [Pending(revision) for revision in revisions if revision.record is not None]
    found = [item for item in found if _viewable(user, type(item.record))]
    reviews = reviews_of([item.record for item in found])
    for item in found:
        item.review = reviews.get((item.revision.content_type_id, item.revision.object_id))
        item.may_approve = may_publish(user, type(item.record))
    return found


def review_queue(request):
    """The queue; a POST publishes the selected drafts (the records of each type under the evidence
    rule), or approves the selected changes."""
    if request.method == "POST":
        if "approve" in request.POST:
            _approve_selected(request, request.POST.getlist("approve"))
        else:
            _publish_selected(request, request.POST.getlist("selected"))
        return redirect("review-queue")
    found = drafts(request.user)
    revisions = pending(request.user)
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "revisions": revisions[:QUEUE_SIZE],
        "may_approve": any(item.may_approve for item in revisions),
        "more_revisions": len(revisions) > QUEUE_SIZE,
        "drafts": found[:QUEUE_SIZE],
        "more": len(found) > QUEUE_SIZE,
        "queue_size": QUEUE_SIZE,
        "may_publish": any(draft.may_publish for draft in found),
    }
    return TemplateResponse(request, "admin/review_queue.html", context)


MAX_ID = 2**63 - 1  # the largest id a table holds


def _selected(key):
    """The model and id a checkbox's value ("<content type id>:<id>") names, or None."""
    type_id, _sep, pk = key.partition(":")
    if not (type_id.isascii() and type_id.isdigit() and pk.isascii() and pk.isdigit()) or int(pk) > MAX_ID:
        return None
    try:
        model = ContentType.objects.get_for_id(int(type_id)).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None or model not in registry or not issubclass(model, PublicRecord):
        return None
    return model, int(pk)


def _publish_selected(request, keys):
    by_model: dict[type[PublicRecord], list[int]] = {}
    for model, pk in filter(None, map(_selected, keys)):
        if not may_publish(request.user, model):
            raise PermissionDenied
        by_model.setdefault(model, []).append(pk)
    if not by_model:
        messages.warning(request, _("Select the drafts to publish."))
        return
    # Sources first: a record selected with the draft source it is cited from is then published too.
    for model, ids in sorted(by_model.items(), key=lambda item: item[0] is not source_model()):
        result = set_publication(
            model._default_manager.filter(pk__in=ids),
            PublicationStatus.PUBLISHED,
            reason=f"{PublicationStatus.PUBLISHED} by {request.user}",
        )
        if result.changed:
            messages.success(request, _("Published: %(records)s.") % {"records": named(result.changed)})
        for refusal in result.refused:
            messages.error(
                request,
                refusal_message(
                    refusal.record,
                    refusal.gaps,
                    advice_given=_("Select its draft sources too, or cite a published source for each."),
                ),
            )
        missing = set(ids) - {record.pk for record in result.changed} - {r.record.pk for r in result.refused}
        if missing:  # published meanwhile (by another reviewer) or gone
            messages.info(request, _("Already published or removed meanwhile: %(count)d.") % {"count": len(missing)})


class ReviewStepForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), required=False)


def _reviewable_or_404(app_label, model_name, pk):
    """A record of a registered type with a page, named as the admin's URLs name it, with something to
    review: a draft, or a published record with a change awaiting review."""
    for model in registry.models():
        opts = model._meta
        if issubclass(model, PublicRecord) and (opts.app_label, opts.model_name) == (app_label, model_name):
            record = get_object_or_404(model._default_manager, pk=pk)
            if record.is_published and not Revision.objects.open().of(record).exists():
                raise Http404
            return record
    raise Http404


def _review_step(request, record, *, title, button, comment_required, save):
    """A page with the record and a comment: on a valid POST, `save(comment)` and back to the record."""
    form = ReviewStepForm(request.POST or None)
    if comment_required:
        form.fields["comment"].required = True
    if request.method == "POST" and form.is_valid():
        save(form.cleaned_data["comment"])
        return redirect(change_url(record, record.pk))
    context = {
        **admin.site.each_context(request),
        "title": title,
        "record": record,
        "review": reviews_of([record]).get((ContentType.objects.get_for_model(record).pk, record.pk)),
        "form": form,
        "button": button,
        "preview_url": preview_url(record),
    }
    return TemplateResponse(request, "admin/review_step.html", context)


def submit_for_review(request, app_label, model_name, pk):
    """An editor hands a draft, or a change to a published record, to the reviewers, with a comment:
    it shows as awaiting review."""
    record = _reviewable_or_404(app_label, model_name, pk)
    if not request.user.has_perm(f"{app_label}.change_{model_name}"):
        raise PermissionDenied

    def save(comment):
        submit(record, request.user, comment)
        messages.success(request, _("“%(record)s” is awaiting review.") % {"record": record})

    return _review_step(
        request, record, title=_("Submit for review"), button=_("Submit for review"), comment_required=False, save=save
    )


def send_back(request, app_label, model_name, pk):
    """A reviewer returns a draft, or a change, to its editor, saying what to change: it shows as
    changes requested."""
    record = _reviewable_or_404(app_label, model_name, pk)
    if not may_publish(request.user, type(record)):
        raise PermissionDenied

    def save(answer):
        with transaction.atomic():
            now = timezone.now()
            answered = {
                "state": ReviewState.SENT_BACK,
                "answered_by": request.user,
                "answered_at": now,
                "answer": answer,
            }
            # Sent back before it was submitted, too: the database keeps the answer with the state.
            # Never submitted: it is the work of whoever last saved the change, shown on their home page.
            saver = Revision.objects.open().of(record).values_list("updated_by", flat=True).first()
            review, created = Review.objects.select_for_update().get_or_create(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                defaults={"submitted_at": now, "submitted_by_id": saver, **answered},
            )
            if not created:
                for name, value in answered.items():
                    setattr(review, name, value)
                review.save()
        log_step(request.user, record, SENT_BACK, answer)
        messages.success(request, _("“%(record)s” is sent back with your comment.") % {"record": record})

    return _review_step(
        request, record, title=_("Send back with a comment"), button=_("Send back"), comment_required=True, save=save
    )


def work_of(user) -> list[tuple[PublicRecord, Review]]:
    """The drafts and changes the user submitted that are still under review (publishing, approving
    or discarding ends a review), with where each stands, the most recent step first."""
    reviews = Review.objects.filter(submitted_by=user).order_by("-submitted_at")[:QUEUE_SIZE]
    return [(review.record, review) for review in reviews if review.record is not None]


def revision_page(request, pk):
    """A change awaiting review: what it changes, field by field and part by part; reviewers approve
    it (under the evidence rule, refused when stale), send it back, or discard it."""
    revision = get_object_or_404(
        Revision.objects.select_related("content_type", "created_by", "updated_by", "approved_by"), pk=pk
    )
    model = revision.content_type.model_class()
    record = revision.record
    if record is None or not _viewable(request.user, model):
        raise Http404
    reviewer = may_publish(request.user, model)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve" and reviewer:
            return redirect("review-queue" if _approve(request, revision) else revision_url(revision))
        if action == "discard" and (reviewer or revision.created_by_id == request.user.pk):
            _discard(request, revision)
            return redirect("review-queue")
        if action not in ("approve", "discard"):
            return HttpResponseBadRequest(_("Choose “Approve and publish” or “Discard this change”."))
        raise PermissionDenied
    is_open = revision.state == RevisionState.OPEN
    context = {
        **admin.site.each_context(request),
        "title": _("Change to “%(record)s”") % {"record": record},
        "revision": revision,
        "record": record,
        "rows": diff(revision.rows()),
        "stale": diff(revision.conflicts()) if is_open else [],
        "is_open": is_open,
        "review": reviews_of([record]).get((revision.content_type_id, revision.object_id)),
        "may_approve": reviewer and is_open,
        "may_discard": is_open and (reviewer or revision.created_by_id == request.user.pk),
        "submit_url": step_url("review-submit", record),
        "send_back_url": step_url("review-send-back", record),
        "preview_url": preview_url(record),
        "admin_url": change_url(record, record.pk),
    }
    return TemplateResponse(request, "admin/review_revision.html", context)


def _approve(request, revision):
    """Approve one revision; say what came of it. True when approved."""
    try:
        approve(revision.pk, request.user)
    except NotApproved as refused:
        messages.error(request, _refusal(revision, refused, request.user))
        return False
    messages.success(request, _("Approved: “%(record)s” is published as changed.") % {"record": revision.record})
    return True


def _refusal(revision, refused, request_user):
    """Why `revision` was not approved, for the reviewer."""
    if refused.reason == "gone":
        done = refused.revision
        if done is None or done.state != RevisionState.APPROVED:
            return _("This change was discarded meanwhile; nothing was approved.")
        if done.approved_by == request_user:
            return _("You approved this change already (%(when)s).") % {
                "when": formats.date_format(timezone.localtime(done.approved_at), "DATETIME_FORMAT")
            }
        return _("%(who)s approved this change first (%(when)s); it is published as they approved it.") % {
            "who": done.approved_by or "—",
            "when": formats.date_format(timezone.localtime(done.approved_at), "DATETIME_FORMAT"),
        }
    if refused.reason == "stale":
        return _(
            "Not approved: %(rows)s changed after this revision was made, so approving it would undo that "
            "change. Send it back so that its editor makes it again on the record as it is now."
        ) % {"rows": named([change.live() or change.instance().object for change in refused.conflicts])}
    return refusal_message(revision.record, refused.gaps)


def _approve_selected(request, ids):
    """Approve the revisions ticked in the queue, each on its own (one refused leaves the others)."""
    chosen = [int(pk) for pk in ids if pk.isascii() and pk.isdigit() and len(pk) < 19]
    revisions = list(Revision.objects.filter(pk__in=chosen).select_related("content_type").order_by("updated_at"))
    if not revisions:
        messages.warning(request, _("Select the changes to approve."))
    for revision in revisions:
        if not may_publish(request.user, revision.content_type.model_class()):
            raise PermissionDenied
    for revision in revisions:
        _approve(request, revision)


def _discard(request, revision):
    if discard(revision):
        messages.success(request, _("The change to “%(record)s” is discarded.") % {"record": revision.record})
    else:
        messages.info(request, _("This change was approved or discarded meanwhile."))
