"""Previewing a draft, or a published record's change awaiting review: staff open the record's public
page with `?preview=1` and see it as visitors will once it is published or the change approved: its
parts, links and counts as they would then be.

The page is drawn inside a transaction in which the record is published, with its open revision
written (cooperation/core/revisions.py) unless another change has made it out of date, rolled back
once the page is rendered, so every read of the page (the same code that serves visitors) sees it public and nothing of
it is ever stored: no history, no data version, no counts. The answer says it is a preview (the
`preview` flag the base template reads), is never cached (`Cache-Control: no-store, private`) and never
indexed (`X-Robots-Tag: noindex`). To anyone else, and to staff who may not view the record in the
admin, `?preview=` answers 404, as a draft's page does.

While the page is drawn, the record's row (and on PostgreSQL, the tally row of an event) is held as
for a write: another write to them waits for that long (a page takes tens of milliseconds).
"""

from functools import wraps

from django.db import transaction
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from cooperation.core.records import PublicationStatus
from cooperation.core.revisions import Revision, apply

PREVIEW = "preview"


def may_preview(user, model) -> bool:
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def preview_url(record, *, pending=None) -> str:
    """The record's public page, as a preview when it is a draft or has a change awaiting review (the
    admin's "View on site"); `pending` says so when the caller knows (else it is looked up)."""
    url = record.get_absolute_url()
    if pending is None:
        pending = record.is_published and Revision.objects.open().of(record).exists()
    return f"{url}?{PREVIEW}=1" if pending or not record.is_published else url


def _as_approved(request, model, slug):
    """Write, in the caller's transaction, the record named `slug` as it would be once approved:
    published, with its open revision; return its slug then. `request.preview` says which it is:
    "draft" (to be published) or "change" (a published record's change awaiting review)."""
    record = model._default_manager.filter(slug=slug).first()
    if record is None:
        return slug
    request.preview = "change" if record.is_published else "draft"
    revision = Revision.objects.open().of(record).first()
    if revision is not None and not revision.conflicts():
        apply(revision.rows())
    rows = model._default_manager.filter(pk=record.pk)
    rows.update(publication_status=PublicationStatus.PUBLISHED)
    return rows.values_list("slug", flat=True).first() or slug


def previewable(model):
    """Decorate the page of one `model` record, looked up by its `slug`: `?preview=1` shows it to staff
    as published."""

    def decorator(view):
        @wraps(view)
        def page(request, slug, *args, **kwargs):
            if PREVIEW not in request.GET:
                return view(request, slug, *args, **kwargs)
            if request.GET[PREVIEW] != "1" or not may_preview(request.user, model):
                raise Http404
            request.preview = "draft"
            try:
                with transaction.atomic():
                    response = view(request, _as_approved(request, model, slug), *args, **kwargs)
                    if hasattr(response, "render"):
                        response.render()  # a lazy response, rendered while the record is published
                    transaction.set_rollback(True)
            except Http404:
                request.preview = False  # no such record: a plain 404 page, not a preview's
                raise
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return page

    return decorator
