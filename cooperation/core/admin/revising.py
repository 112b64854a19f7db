"""Editors' changes to published records become pending revisions (cooperation/core/revisions.py).

Every admin request of an editor that may write (a form's save, with its inlines; a restore of an
earlier version; a delete) runs as a trial: the view runs as usual in a transaction, its writes
are noted, and when it has changed a published record, or a part shown on one, that the editor may
not publish, the transaction is rolled back and the change is kept as the record's open revision.
The editor is told so, with a link to submit it for review. Changes to drafts, and a reviewer's
own changes, are saved as they always were.

An editor opening a record (or a part of it) that has an open revision sees the revision, its
working copy: it is written in the request's transaction and rolled back once the page is drawn.
A reviewer sees the approved version, told that a change awaits review.

Writes to several records at once (a list's actions, an import) cannot be kept as one record's
revision: when they would change a published record an editor may not publish, they are refused
and nothing of them is kept.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cooperation.core.admin.forms import ModelAdminMixinBase
from cooperation.core.evidence import named
from cooperation.core.revisions import (
    Change,
    Revision,
    added,
    apply,
    capture,
    discard,
    keep,
    merged,
    open_revision_touching,
    public_records,
)
from cooperation.core.roles import may_publish


def revision_url(revision) -> str:
    return reverse("review-revision", args=[revision.pk])


def _saved(request, response) -> bool:
    """The request was a write the admin carried out (it answers a successful POST with a redirect)."""
    return request.method == "POST" and response.status_code in (301, 302, 303)


def _unpublishable(user, records) -> list:
    return [record for record in records if not may_publish(user, type(record))]


class RevisingAdminMixin(ModelAdminMixinBase):
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        return self._as_revision(request, object_id, lambda: view(request, object_id, form_url, extra_context))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (str(object_id).isdigit() and str(version_id).isdigit()):
            raise Http404  # not ids (django-simple-history would fail on them)
        view = super().history_form_view  # type: ignore[misc]  # SimpleHistoryAdmin's, next in line
        request._restoring = request.method == "POST"  # its history row says "restored"
        return self._as_revision(request, object_id, lambda: view(request, object_id, version_id, extra_context))

    def delete_view(self, request, object_id, extra_context=None):
        view = super().delete_view
        return self._as_revision(request, object_id, lambda: view(request, object_id, extra_context))

    def changelist_view(self, request, extra_context=None):
        view = super().changelist_view
        return refusing_public_changes(request, lambda: view(request, extra_context))

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        held = getattr(request, "_held_messages", None)
        if held is not None:  # said once the trial's outcome is known
            held.append((message, level, extra_tags))
            return
        super().message_user(request, message, level, extra_tags, fail_silently)

    def _working_copy(self, request, object_id):
        """The open revision to show in this request's form, if any; tells the user what they see."""
        if object_id is None or not str(object_id).isdigit():
            return None
        revision = open_revision_touching(self.model, object_id)
        if revision is None:
            return None
        link = format_html('<a href="{}">{}</a>', revision_url(revision), _("the change awaiting review"))
        if may_publish(request.user, revision.content_type.model_class()):
            if request.method == "GET":
                messages.warning(
                    request,
                    format_html(
                        _(
                            "This form shows the approved version; an editor's change to it awaits review ({}). "
                            "Saving yours makes theirs out of date."
                        ),
                        link,
                    ),
                )
            return None
        if revision.conflicts():
            request._replacing = revision  # this form said so: its save replaces the kept change
            if request.method == "GET":
                messages.warning(
                    request,
                    format_html(
                        _(
                            "The change kept for review ({}) is out of date: the record was changed after it was "
                            "made. The form shows the approved version; saving replaces the kept change."
                        ),
                        link,
                    ),
                )
            return None
        if request.method == "GET":
            messages.info(
                request,
                format_html(
                    _(
                        "This form shows {}, last saved by {}. Visitors see the approved version until a reviewer "
                        "approves it."
                    ),
                    link,
                    revision.updated_by or "—",
                ),
            )
        return revision

    def _as_revision(self, request, object_id, view):
        revision = self._working_copy(request, object_id)
        request._held_messages = []
        kept = None
        try:
            with transaction.atomic():
                with capture() as trial:
                    if revision is not None:  # as its editor saved it, for the form's stale check
                        apply(revision.rows(), by=revision.updated_by, at=revision.updated_at)
                    response = _drawn(view())  # drawn while the working copy is written
                changes = trial.changes() if _saved(request, response) else []
                public = public_records(changes) if changes else []
                if _unpublishable(request.user, public):
                    kept = (revision.record if revision is not None else public[0]), changes
                if revision is not None or kept:
                    transaction.set_rollback(True)
        finally:
            held = request.__dict__.pop("_held_messages")
        if kept is None and revision is not None and _saved(request, response):
            # The save brought every row back as approved: nothing is left to review.
            discard(revision)
            messages.success(
                request,
                _("“%(record)s” is as approved again: the change kept for review is withdrawn.")
                % {"record": revision.record},
            )
            return response
        if kept is None:
            for message, level, extra_tags in held:
                self.message_user(request, message, level, extra_tags)
            return response
        return self._keep(request, *kept, applied=revision, response=response)

    def _keep(self, request, record, changes, *, applied, response):
        existing = applied or Revision.objects.open().of(record).first()
        replacing = getattr(request, "_replacing", None)
        if existing is not None and existing is not applied and existing != replacing:
            # Made without it in the form (a new part's page): added to it, never dropping it.
            changes = merged(existing.rows(), changes)
        try:
            with transaction.atomic():
                revision = keep(record, changes, request.user, replacing=existing)
        except IntegrityError:  # another editor's first change to the record, at the same moment
            messages.error(
                request,
                _("Not saved: someone else saved a change to “%(record)s” at the same moment. Open it again.")
                % {"record": record},
            )
            return HttpResponseRedirect(request.get_full_path())
        messages.success(
            request,
            format_html(
                _(
                    "Your change to “{}” is kept for review: visitors see the approved version until a reviewer "
                    "approves it. {}"
                ),
                record,
                format_html('<a href="{}">{}</a>', revision_url(revision), _("See it and submit it for review")),
            ),
        )
        return response


def _drawn(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def keeping_public_changes(request, view):
    """Run an import; when it would change published records the user may not publish, keep each
    one's change as its open revision (added to the one it has) and save the rest. Nothing of the
    file is written twice or lost: the trial is rolled back and its changes written once, here."""
    if request.method != "POST":
        return view()
    with transaction.atomic():
        with capture() as trial:
            response = _drawn(view())
        changes = trial.changes() if _saved(request, response) else []
        records = {
            (type(record), record.pk): record for record in _unpublishable(request.user, public_records(changes))
        }
        kept: dict[tuple, list] = {key: [] for key in records}
        rest: list[Change] = []
        for change in changes:
            shown = [key for record in public_records([change]) if (key := (type(record), record.pk)) in kept]
            (kept[shown[0]] if shown else rest).append(change)
        if kept:
            transaction.set_rollback(True)
    if not kept:
        return response
    getattr(messages.get_messages(request), "_queued_messages", []).clear()  # the import's own report
    try:
        with transaction.atomic():
            apply(rest, by=request.user)
            for key, record_changes in kept.items():
                existing = Revision.objects.select_for_update().open().of(records[key]).first()
                if existing is not None:
                    record_changes = added(existing.rows(), record_changes)
                keep(records[key], record_changes, request.user, replacing=existing)
    except IntegrityError:  # another editor's first change to one of the records, at the same moment
        messages.error(
            request, _("Not imported: someone else saved a change to one of its records at the same moment.")
        )
        return response
    if rest:
        saved = ngettext("Saved: %(count)d row of drafts.", "Saved: %(count)d rows of drafts.", len(rest))
        messages.success(request, saved % {"count": len(rest)})
    kept_message = ngettext(
        "Your change to {count} published record is kept for review: visitors see the approved version until "
        "a reviewer approves it ({queue}).",
        "Your changes to {count} published records are kept for review, one per record: visitors see the "
        "approved versions until a reviewer approves them ({queue}).",
        len(kept),
    )
    queue = format_html('<a href="{}">{}</a>', reverse("review-queue"), _("the review queue"))
    messages.success(request, format_html(kept_message, count=len(kept), queue=queue))
    return response


def refusing_public_changes(request, view):
    """Run a write to many records (a list's action); refuse it, keeping nothing, when it
    would change published records the user may not publish, and go back to the page."""
    if request.method != "POST":
        return view()
    with transaction.atomic():
        with capture() as trial:
            response = _drawn(view())
        refused = _unpublishable(request.user, public_records(trial.changes()))
        if refused:
            transaction.set_rollback(True)
    if not refused:
        return response
    # What the view said it did (its success messages) did not happen: said no more.
    getattr(messages.get_messages(request), "_queued_messages", []).clear()  # Django's storage keeps them there
    messages.error(
        request,
        _(
            "Not done, and nothing of it kept: it would change published records: %(records)s. Change a "
            "published record on its own page, where the change is kept for review."
        )
        % {"records": named(refused)},
    )
    return HttpResponseRedirect(request.get_full_path())
