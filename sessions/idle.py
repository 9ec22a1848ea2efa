"""Sessions left idle: the one writer of the `abandoned` state.

A session in progress that nobody touched for SESSION_ABANDON_MINUTES is idle
(`GuidedSession.objects.idle`, `sessions.durations`). It is marked abandoned lazily,
whenever sessions are next loaded, so no scheduler is needed; it ends when it was last
used, not when somebody noticed.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F

from decompress.models import Partner

from . import poll_cache
from .choices import SessionState
from .models import GuidedSession


def session_abandon_idle(
    *,
    partner: Partner | None = None,
    account=None,
    session: GuidedSession | None = None,
    now: datetime | None = None,
) -> int:
    """The one writer of the `abandoned` state: marks idle sessions abandoned.

    Idle means in progress and untouched for SESSION_ABANDON_MINUTES
    (`GuidedSession.objects.idle`). Decided lazily whenever sessions are next loaded, so no
    scheduler is needed; the session ends when it was last used, not when somebody noticed.
    Where each request path calls it is listed in the `sessions.models` docstring.
    """
    sessions = GuidedSession.objects.idle(now)
    if partner is not None:
        sessions = sessions.filter(partner=partner)
    if account is not None:
        sessions = sessions.for_account(account)
    if session is not None:
        sessions = sessions.filter(pk=session.pk)
    # Read first: almost always nothing is idle, and a read takes no write lock (SQLite
    # would otherwise serialise every page view behind one empty UPDATE).
    ids = list(sessions.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        poll_cache.changed(*ids)  # the phones' polls must see it
        return sessions.update(
            state=SessionState.ABANDONED, ended_at=F("last_activity_at"), version=F("version") + 1
        )


def session_abandon_if_idle(
    *, session: GuidedSession, now: datetime | None = None
) -> GuidedSession:
    """The session a URL names, abandoned first if it has gone idle."""
    if session.is_idle(now) and session_abandon_idle(session=session, now=now):
        session.refresh_from_db()
    return session
