"""Partner proposals through the API: `POST /api/v1/<collection>/` submits a new record, `PATCH
/api/v1/<collection>/<id>/` a correction to a published one (cooperation/core/proposals.py says what
happens to them: the admin's validation and review, the history under the token's account).

- Only a token with the propose scope may: none is a 401, a read-only token a 403, as is one whose
  account may not add (or change) records of the type.
- The body is a JSON object of the record's fields by their names in the API's objects: a linked
  record by its id or slug (published), a partial date as "2025", "2025-05" or "2025-05-14",
  `translations` as in a detail ({"az": {"title": ...}}), `citations` ([{source, quote, field}], the
  quote word for word from a published source: a new record needs one) and a `comment` for the
  reviewers. A name the object does not take is a 400 listing those it does.
- A correction sends `If-Match` with the ETag of the record's JSON detail as read (in any language):
  without it 428, with another 412, so that nobody corrects what they have not seen. A record with a
  change awaiting review that is not the same partner's is a 409.
- A new record is sent with an `Idempotency-Key` (a correction may be): the first answer to a key is
  kept and given again, marked `Idempotent-Replayed: true`, to the same request sent again; the key
  with another request is a 422.
- The answer is 202 Accepted: the proposal awaits review, and the record's address answers 404 (a
  new record) or shows the approved version (a correction) until a reviewer publishes or approves it.
"""

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from cooperation.core.api.fields import api_url
from cooperation.core.api.proposal_body import api_errors, changed_names, proposal_serializer, submission_of
from cooperation.core.api.renderers import JSONRenderer
from cooperation.core.proposals import (
    Busy,
    Proposal,
    ProposalKind,
    propose_correction,
    propose_new,
)
from cooperation.core.translation import LANGUAGES

MAX_KEY_LENGTH = 255


class Unprocessable(exceptions.APIException):
    status_code = 422
    default_detail = "This Idempotency-Key was used for another request."


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


# Preconditions -----------------------------------------------------------------------------------


def detail_etags(view, record) -> set[str]:
    """The ETags of the record's JSON detail as GET answers it in each language (the body's MD5, as
    Django's conditional GET computes it)."""
    serializer_class = view.detail_serializer_class or view.serializer_class
    renderer = JSONRenderer()
    found = set()
    for language in LANGUAGES:
        with translation.override(language):
            data = serializer_class(record, context=view.get_serializer_context()).data
            content = renderer.render(data, renderer.media_type, {"request": view.request, "view": view})
        found.add(quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest()))
    return found


def check_if_match(request, view, record) -> None:
    """428 without If-Match (or with "*"), 412 when it names none of the record's current ETags."""
    given = request.headers.get("If-Match", "").strip()
    if not given or given == "*":
        raise PreconditionRequired(
            _("Send If-Match with the ETag of the record's detail as you read it (GET %(url)s).")
            % {"url": api_url(record, request)}
        )
    tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    if not tags & detail_etags(view, record):
        raise PreconditionFailed(
            _(
                "The record has changed since the version your If-Match names (or it names a detail read with "
                "fields): read the whole record again, then send your change with its ETag."
            )
        )


# Idempotency -------------------------------------------------------------------------------------


def idempotency_key(request, *, required: bool) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if required and not key:
        raise exceptions.ValidationError(
            {
                "Idempotency-Key": _(
                    "Send an Idempotency-Key header (a new UUID for each new record), so that a request sent again does not make the record twice."
                )
            }
        )
    if len(key) > MAX_KEY_LENGTH:
        raise exceptions.ValidationError(
            {"Idempotency-Key": _("At most %(count)d characters.") % {"count": MAX_KEY_LENGTH}}
        )
    return key


def request_hash(request) -> str:
    """What says two requests are the same: method, path and the body's JSON, however it is spaced and
    its keys ordered (a client may write it anew when it retries)."""
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def replayed(token, key, fingerprint) -> Response | None:
    """The answer first given to this key's request; a 422 when the key came with another request."""
    if not key:
        return None
    first = Proposal.objects.filter(token=token, idempotency_key=key).first()
    if first is None:
        return None
    if first.request_hash != fingerprint:
        raise Unprocessable(
            _(
                "This Idempotency-Key was used for another request (another body or address): use a new key for a new request."
            )
        )
    return Response(first.answer, status=first.status_code, headers={"Idempotent-Replayed": "true"})


# The viewset's actions ---------------------------------------------------------------------------


def _answer(request, record, kind, changed=()):
    answer = {
        "status": "awaiting_review",
        "kind": kind,
        "record_type": record._meta.model_name,
        "id": str(record.uuid),
        "slug": record.slug,
        "url": api_url(record, request),
        "message": (
            _("Submitted for review: the record is public once a reviewer publishes it.")
            if kind == ProposalKind.NEW
            else _("Submitted for review: the record shows the correction once a reviewer approves it.")
        ),
    }
    if kind == ProposalKind.CORRECTION:
        answer["changed"] = list(changed)
    return answer


class ProposalAnswerSerializer(serializers.Serializer):
    """A proposal accepted for review."""

    status = serializers.ChoiceField(choices=["awaiting_review"])
    kind = serializers.ChoiceField(choices=ProposalKind.values)
    record_type = serializers.CharField()
    id = serializers.UUIDField(help_text="The record's id, kept when it is published.")
    slug = serializers.CharField()
    url = serializers.URLField(help_text="The record in the API: 404 for a new record until it is published.")
    message = serializers.CharField()
    changed = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="A correction's: the fields it changes."
    )


def _problem(description):
    return OpenApiResponse(description=description)


PROPOSAL_RESPONSES = {
    202: OpenApiResponse(
        ProposalAnswerSerializer,
        description=(
            "Accepted: the proposal awaits review. Sent again with the same Idempotency-Key, the same answer "
            "with the header Idempotent-Replayed: true."
        ),
    ),
    400: _problem("The body is not a valid proposal; `errors` names each field and what it accepts."),
    401: _problem("No partner token, or an unknown one."),
    403: _problem("The token may read only, or its account may not add or change such records."),
}


def idempotency_key_parameter(required):
    return OpenApiParameter(
        "Idempotency-Key",
        str,
        OpenApiParameter.HEADER,
        required=required,
        description=(
            "A new value (a UUID, say) for each proposal: the same request sent again with it gets the first "
            "answer (Idempotent-Replayed: true) and makes nothing twice; with another request it is a 422."
        ),
    )


# A token is needed: no anonymous proposal. drf-spectacular writes the list as the operation's
# `security`, a list of requirements (its stubs say names).
TOKEN_ONLY: Any = [{"partnerToken": []}]

PROPOSAL_DESCRIPTION = (
    "For a partner token with the propose scope. The body gives the record's fields by their names in its "
    "detail: a linked record by id or slug, a partial date as 2025, 2025-05 or 2025-05-14, `translations` by "
    "language, `citations` (each a quote word for word from a published source) and a `comment` for the "
    "reviewers. It is validated as an editor's change in the admin, recorded in history under the token's "
    "account and awaits a reviewer: nothing of it is public until then."
)


if TYPE_CHECKING:  # the mixin only ever sits on a record collection's viewset
    from cooperation.core.api.views import RecordViewSet as ProposalsBase
else:
    ProposalsBase = object


class ProposalsMixin(ProposalsBase):
    """POST (a new record) and PATCH (a correction) on a record collection, for partners' proposals."""

    PROPOSAL_ACTIONS = ("create", "partial_update")

    def get_serializer_class(self):
        action = getattr(self, "action", None)
        # OPTIONS ("metadata") describes a POST with the serializer the POST takes.
        if action in self.PROPOSAL_ACTIONS or (action == "metadata" and self.request.method in ("POST", "PATCH")):
            return proposal_serializer(self.get_queryset().model, self._shown_by())
        return super().get_serializer_class()

    def get_renderers(self):
        if getattr(self, "action", None) in self.PROPOSAL_ACTIONS:
            return [JSONRenderer()]  # an answer to a proposal is JSON, whatever Accept says
        return super().get_renderers()

    def accepted_parameters(self) -> set[str]:
        if self.action in self.PROPOSAL_ACTIONS:
            return {"lang"}  # the language of the answer's messages
        return super().accepted_parameters()

    def _shown_by(self):
        """The serializer of the record's detail, whose names a proposal's body uses."""
        return self.detail_serializer_class or self.serializer_class

    def proposer(self, request, action: str):
        """The token proposing, when it may `action` ("add" or "change") records of the collection's type."""
        token = request.auth
        if token is None:
            raise exceptions.NotAuthenticated(
                _("Proposals need a partner token that may propose, sent as “Authorization: Bearer <key>”.")
            )
        if not token.may_propose:
            raise exceptions.PermissionDenied(
                _("This token may read only: ask the records' staff for one that may propose.")
            )
        model = self.get_queryset().model
        user = token.proposes_as
        codename = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        if not (user.is_active and user.has_perm(codename) and user.has_perm("cooperation.add_citation")):
            refusal = (
                _("The account this token proposes as may not add %(records)s: ask the records' staff.")
                if action == "add"
                else _("The account this token proposes as may not change %(records)s: ask the records' staff.")
            )
            raise exceptions.PermissionDenied(refusal % {"records": model._meta.verbose_name_plural})
        return token

    def _proposal(self, request, kind, run):
        """Run a proposal all or nothing, keep it with its answer under its Idempotency-Key, answer 202."""
        token = self.proposer(request, "add" if kind == ProposalKind.NEW else "change")
        key = idempotency_key(request, required=kind == ProposalKind.NEW)
        fingerprint = request_hash(request)
        if (answer := replayed(token, key, fingerprint)) is not None:
            return answer
        model, serializer_class = self.get_queryset().model, self._shown_by()
        try:
            with transaction.atomic():
                record, revision, answer = run(token, model, serializer_class)
                Proposal.objects.create(
                    token=token,
                    kind=kind,
                    content_type=ContentType.objects.get_for_model(record),
                    object_id=record.pk,
                    revision=revision,
                    idempotency_key=key,
                    request_hash=fingerprint,
                    status_code=status.HTTP_202_ACCEPTED,
                    answer=answer,
                )
        except DjangoValidationError as error:
            raise api_errors(error, model, serializer_class) from None
        except IntegrityError:
            # The same key's request, handled meanwhile by another worker: its answer, once stored.
            if (answer := replayed(token, key, fingerprint)) is not None:
                return answer
            raise Conflict(
                _("A request with this Idempotency-Key is being handled: send it again in a moment.")
            ) from None
        return Response(answer, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Propose a new record",
        description=PROPOSAL_DESCRIPTION + " A new record needs at least one citation and an Idempotency-Key.",
        parameters=[idempotency_key_parameter(required=True)],
        auth=TOKEN_ONLY,
        responses={**PROPOSAL_RESPONSES, 422: _problem("The Idempotency-Key came with another request.")},
    )
    def create(self, request, *args, **kwargs):
        def run(token, model, serializer_class):
            submission = submission_of(request, model, serializer_class, partial=False)
            record = propose_new(token, model, submission)
            return record, None, _answer(request, record, ProposalKind.NEW)

        return self._proposal(request, ProposalKind.NEW, run)

    @extend_schema(
        summary="Propose a correction",
        auth=TOKEN_ONLY,
        description=PROPOSAL_DESCRIPTION + " Send If-Match with the ETag of the detail you read.",
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="The ETag of the record's JSON detail as you read it (in any language).",
            ),
            idempotency_key_parameter(required=False),
        ],
        responses={
            **PROPOSAL_RESPONSES,
            404: _problem("No published record has this id or slug."),
            409: _problem("Another change to the record awaits review."),
            410: _problem("The record was removed."),
            412: _problem("The record changed since the version If-Match names."),
            422: _problem("The Idempotency-Key came with another request."),
            428: _problem("No If-Match."),
        },
    )
    def partial_update(self, request, *args, **kwargs):
        def run(token, model, serializer_class):
            record = self.get_object()
            check_if_match(request, self, record)
            submission = submission_of(request, model, serializer_class, partial=True)
            try:
                revision, changes = propose_correction(token, record, submission)
            except Busy:
                raise Conflict(
                    _("Another change to this record awaits review: propose yours once it is approved or withdrawn.")
                ) from None
            changed = changed_names(record, changes, serializer_class)
            return record, revision, _answer(request, record, ProposalKind.CORRECTION, changed)

        return self._proposal(request, ProposalKind.CORRECTION, run)
