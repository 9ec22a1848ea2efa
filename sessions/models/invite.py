"""An invitation for a second phone to follow one session (`sessions.invites`)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SessionInvite(models.Model):
    session = models.ForeignKey(
        "guided.GuidedSession", on_delete=models.CASCADE, related_name="invites"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    # The first time a phone joined with it: the account holder's phone says so.
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    class Meta:
        ordering = ["session", "-created_at", "pk"]
        verbose_name = _("session invitation")
        verbose_name_plural = _("session invitations")

    def __str__(self) -> str:
        return f"{self.session_id} · {self.created_at:%Y-%m-%d %H:%M}"
