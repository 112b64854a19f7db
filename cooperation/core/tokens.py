"""Partner tokens: keys that staff issue to partner systems for the API's higher rate limits, and, with
the propose scope, to submit new records and corrections for review (cooperation/core/proposals.py)."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("read")
    PROPOSE = "propose", _("read and propose records and corrections for review")


class PartnerTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class PartnerToken(models.Model):
    """A partner system's API key. Only its hash is stored: the key is shown once, when issued."""

    partner = models.CharField(
        _("partner"), max_length=200, help_text=_("Who the token is for, e.g. a ministry's portal.")
    )
    key_prefix = models.CharField(_("key prefix"), max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    # SET_NULL: a token outlives the staff account that issued it; the record of issuing stays.
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="issued_partner_tokens",
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    scope = models.CharField(
        _("scope"),
        max_length=10,
        choices=TokenScope.choices,
        default=TokenScope.READ,
        help_text=_("What the partner may do: read, or also propose new records and corrections for review."),
    )
    # PROTECT: a partner's proposals stay recorded under this account; revoke the token before
    # removing the account.
    proposes_as = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposes as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposing_partner_tokens",
        help_text=_(
            "The staff account the partner's proposals are made and recorded under: it needs the rights "
            "to add and change the records proposed (the Editors role), and reviewers see its name."
        ),
    )

    objects = PartnerTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner token")
        verbose_name_plural = _("partner tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=TokenScope.values), name="cooperation_partnertoken_scope_valid"
            ),
            # A proposal is always someone's: the account that history and the review queue name.
            models.CheckConstraint(
                condition=Q(scope=TokenScope.READ) | Q(proposes_as__isnull=False),
                name="cooperation_partnertoken_proposes_as_someone",
                violation_error_message=_("A token that may propose needs the account its proposals are made as."),
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.key_prefix}…)"

    @classmethod
    def issue(
        cls,
        *,
        partner: str = "",
        issued_by=None,
        note: str = "",
        scope: str = TokenScope.READ,
        proposes_as=None,
        token: "PartnerToken | None" = None,
    ) -> tuple["PartnerToken", str]:
        """Save a new token with a fresh key; return it and its key, which is not stored and cannot be
        shown again. `token`: an unsaved token to issue as it is (the admin's form gives one)."""
        token = token if token is not None else cls(partner=partner, note=note, scope=scope, proposes_as=proposes_as)
        token.issued_by = issued_by
        key = token.set_new_key()
        token.save()
        return token, key

    def set_new_key(self) -> str:
        """Give the (unsaved) token a fresh key; return the key, of which only the hash is kept."""
        key = secrets.token_urlsafe(32)
        self.key_prefix, self.key_hash = key[:KEY_PREFIX_LENGTH], hash_key(key)
        return key

    def clean(self):
        super().clean()
        account = self.proposes_as
        if (
            self.scope == TokenScope.PROPOSE
            and account is not None
            and not account.has_perm("cooperation.add_citation")
        ):
            raise ValidationError(
                {
                    "proposes_as": _("%(account)s may not add records or their quotes: give it the Editors role first.")
                    % {"account": account}
                }
            )

    @property
    def may_propose(self) -> bool:
        return self.scope == TokenScope.PROPOSE and self.proposes_as_id is not None

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
