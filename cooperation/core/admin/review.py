"""The review queue at /admin/review/: every draft of every record type with a page, oldest change
first, with who changed it last and when, a preview and the record's admin page; reviewers publish
the selected drafts from it, under the one evidence rule (set_publication), which names what any of
them lacks.

The queue reads at most QUEUE_SIZE drafts of each type (by the published-status index's companion:
drafts are few), so it stays bounded however many records there are.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cooperation.core.admin.base import refusal_message
from cooperation.core.evidence import named
from cooperation.core.publication import set_publication
from cooperation.core.records import PublicationStatus, PublicRecord
from cooperation.core.registry import registry
from cooperation.core.web.preview import preview_url

QUEUE_SIZE = 200  # drafts shown, oldest first


@dataclass
class Draft:
    record: PublicRecord
    changed_at: datetime
    changed_by: str
    key: str  # "<content type id>:<id>", the value of its checkbox
    may_publish: bool

    @property
    def admin_url(self):
        opts = self.record._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.record.pk])

    @property
    def preview_url(self):
        return preview_url(self.record)

    @property
    def type_label(self):
        return capfirst(self.record._meta.verbose_name)


def _may_publish(user, model):
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def _last_changed_by(model, ids):
    """Who made the latest change of each record (its newest history row), by id."""
    rows = model.history.filter(id__in=ids).order_by("id", "-history_date").values_list("id", "history_user__username")
    latest: dict[int, str] = {}
    for pk, username in rows:
        latest.setdefault(pk, username or _("the system"))
    return latest


def drafts(user) -> list[Draft]:
    """The drafts the user may see, oldest change first."""
    found = []
    for model in registry.models():
        if not issubclass(model, PublicRecord):
            continue
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        rows = list(
            model._default_manager.filter(publication_status=PublicationStatus.DRAFT).order_by("updated_at", "pk")[
                :QUEUE_SIZE
            ]
        )
        if not rows:
            continue
        content_type = ContentType.objects.get_for_model(model)
        changed_by = _last_changed_by(model, [row.pk for row in rows])
        may_publish = _may_publish(user, model)
        found += [
            Draft(row, row.updated_at, changed_by.get(row.pk, "—"), f"{content_type.pk}:{row.pk}", may_publish)
            for row in rows
        ]
    return sorted(found, key=lambda draft: draft.changed_at)[:QUEUE_SIZE]


def review_queue(request):
    """The queue; a POST publishes the selected drafts (the records of each type under the evidence rule)."""
    if request.method == "POST":
        _publish_selected(request, request.POST.getlist("selected"))
        return redirect("review-queue")
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "drafts": drafts(request.user),
        "queue_size": QUEUE_SIZE,
    }
    return TemplateResponse(request, "admin/review_queue.html", context)


def _publish_selected(request, keys):
    by_model: dict[type, list[int]] = {}
    for key in keys:
        type_id, _sep, pk = key.partition(":")
        if not (type_id.isdigit() and pk.isdigit()):
            continue
        content_type = ContentType.objects.filter(pk=int(type_id)).first()
        model = content_type.model_class() if content_type is not None else None
        if model is None or model not in registry or not issubclass(model, PublicRecord):
            continue
        if not _may_publish(request.user, model):
            raise PermissionDenied
        by_model.setdefault(model, []).append(int(pk))
    if not by_model:
        messages.warning(request, _("Select the drafts to publish."))
        return
    for model, ids in by_model.items():
        result = set_publication(
            model._default_manager.filter(pk__in=ids),
            PublicationStatus.PUBLISHED,
            reason=f"{PublicationStatus.PUBLISHED} by {request.user}",
        )
        if result.changed:
            messages.success(request, _("Published: %(records)s.") % {"records": named(result.changed)})
        for refusal in result.refused:
            messages.error(request, refusal_message(refusal.record, refusal.gaps, PublicationStatus.PUBLISHED))
        missing = set(ids) - {record.pk for record in result.changed} - {r.record.pk for r in result.refused}
        if missing:  # published meanwhile (by another reviewer) or gone
            messages.info(request, _("Already published or removed meanwhile: %(count)d.") % {"count": len(missing)})
