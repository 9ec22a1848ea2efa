"""The receiver's phone: an invitation to follow one session from a second device.

The account holder's phone shows a QR code and a short link (`/j/<token>/`). Opening it on
another phone joins that one session without an account. The link is the permission, and
it grants only this: the session's current panel and timer, the comfort ratings, the pain
report and STOP (`sessions.views.joined`). Nothing else the account holds — history, other
partners, screening answers — is reachable with it.

- The token is random (256 bits, `decompress.tokens`); only its SHA-256 is stored.
- It works while the session is in progress, for `INVITE_HOURS` after it was made, and
  until the account holder's phone stops sharing (`invite_revoke`, which ends every open
  invitation of the session). After that the link answers 410 (gone); a token nobody
  issued answers 404. Neither writes anything.
- Several invitations may be open at once (a second QR code after a reload, say).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from decompress.tokens import token_hash, token_new

from . import poll_cache
from .models import GuidedSession, SessionInvite

INVITE_HOURS = 2


def _expired_label() -> str:
    return ngettext(
        "This invitation has expired: invitations last %(hours)d hour.",
        "This invitation has expired: invitations last %(hours)d hours.",
        INVITE_HOURS,
    ) % {"hours": INVITE_HOURS}


class InviteGone(models.TextChoices):
    """Why a real invitation no longer opens the session (the page says so, 410)."""

    ENDED = "ended", _("This session has ended.")
    EXPIRED = "expired", lazy(_expired_label, str)()
    REVOKED = "revoked", _("Your partner stopped sharing this session.")


def invite_gone(
    *, revoked_at: datetime | None, expires_at: datetime, now: datetime | None = None
) -> InviteGone | None:
    """Why an invitation no longer works by itself (the session's state aside); None if it
    still does."""
    if revoked_at is not None:
        return InviteGone.REVOKED
    if expires_at <= (now or timezone.now()):
        return InviteGone.EXPIRED
    return None


def invite_create(*, session, now: datetime | None = None) -> tuple[SessionInvite, str]:
    """A new invitation to the session, and its token (shown now, never stored)."""
    moment = now or timezone.now()
    token, digest = token_new()
    invite = SessionInvite.objects.create(
        session=session,
        token_hash=digest,
        created_at=moment,
        expires_at=moment + timedelta(hours=INVITE_HOURS),
    )
    _touch(session.pk)  # the account holder's panel now says it is shared
    return invite, token


def invite_find(token: str) -> SessionInvite | None:
    """The invitation the token was issued for, with its session; None if none was."""
    if not token or len(token) > 100:
        return None
    return (
        SessionInvite.objects.select_related("session__partner__account")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invite_join(*, invite: SessionInvite, now: datetime | None = None) -> None:
    """A phone joined: remember the first time, so the account holder's phone can say so
    (its next poll sees a new version)."""
    if invite.joined_at is not None:
        return
    moment = now or timezone.now()
    updated = SessionInvite.objects.filter(pk=invite.pk, joined_at=None).update(joined_at=moment)
    if updated:
        invite.joined_at = moment
        _touch(invite.session_id)


def invite_revoke(*, session, now: datetime | None = None) -> int:
    """Stop sharing: every open invitation of the session ends now."""
    with transaction.atomic():
        open_ones = SessionInvite.objects.filter(session=session, revoked_at=None)
        digests = list(open_ones.select_for_update().values_list("token_hash", flat=True))
        stopped = open_ones.filter(token_hash__in=digests).update(revoked_at=now or timezone.now())
        if stopped:
            _touch(session.pk, token_hashes=digests)
    return stopped


def _touch(session_id: int, token_hashes: list[str] | tuple[str, ...] = ()) -> None:
    """A new version of the session: what the account holder's phone shows about sharing
    changed, so its next poll gets the panel again."""
    GuidedSession.objects.filter(pk=session_id).update(version=F("version") + 1)
    poll_cache.changed(session_id, token_hashes=token_hashes)


def invites_open(*, session, now: datetime | None = None) -> list[SessionInvite]:
    """The session's invitations that still work."""
    return list(
        SessionInvite.objects.filter(
            session=session, revoked_at=None, expires_at__gt=now or timezone.now()
        )
    )
