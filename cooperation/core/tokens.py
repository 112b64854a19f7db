"""Partner tokens: keys that staff issue to partner systems for the API's higher rate limits."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


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

    objects = PartnerTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner token")
        verbose_name_plural = _("partner tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.partner} ({self.key_prefix}…)"

    @classmethod
    def issue(
        cls, *, partner: str = "", issued_by=None, note: str = "", token: "PartnerToken | None" = None
    ) -> tuple["PartnerToken", str]:
        """Save a new token with a fresh key; return it and its key, which is not stored and cannot be
        shown again. `token`: an unsaved token to issue as it is (the admin's form gives one)."""
        token = token if token is not None else cls(partner=partner, note=note)
        token.issued_by = issued_by
        key = token.set_new_key()
        token.save()
        return token, key

    def set_new_key(self) -> str:
        """Give the (unsaved) token a fresh key; return the key, of which only the hash is kept."""
        key = secrets.token_urlsafe(32)
        self.key_prefix, self.key_hash = key[:KEY_PREFIX_LENGTH], hash_key(key)
        return key

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
