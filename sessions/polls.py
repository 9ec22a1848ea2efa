"""The polls' one read: the version of the session a phone may see, or None.

Each phone asks every 0.4 s whether the session changed (`sessions.views.live.state`,
`sessions.views.joined.state`). While it has not, the answer is an empty 204 after this one
indexed read and nothing else: no template, no write, no lock. The read is written out in
SQL because composing it through the ORM cost more than all the rest of that answer; with
Redis, the joined phone's is taken from there while Redis holds it (`sessions.poll_cache`).

A version comes back only when the session may be answered "unchanged" as it stands: it is
the account's (or the invitation works: not stopped, not expired), and it has not gone
idle (idle sessions are abandoned on the full path, which the phones must then see).
Anything else returns None, and the view takes the full path, which answers as it would
without the poll (the new panel, 404, 410, or the log-in page).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone

from decompress.models import Partner
from decompress.tokens import token_hash

from . import poll_cache
from .choices import SessionState
from .durations import abandon_cutoff
from .models import GuidedSession, SessionInvite


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _fresh_and_time_params(now: datetime) -> list:
    adapt = connection.ops.adapt_datetimefield_value
    return [SessionState.ACTIVE.value, adapt(abandon_cutoff(now))]


_FRESH = "(s.state <> %s OR s.last_activity_at >= %s)"


def _version(sql: str, params: list) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0]


def joined_version(token: str, now: datetime | None = None) -> int | None:
    """The version of the session this invitation's token opens, while it works (from Redis
    when it holds the answer: `sessions.poll_cache`)."""
    now = now or timezone.now()
    digest = token_hash(token)
    cached = poll_cache.joined_version(digest) if poll_cache.enabled() else None
    if cached is not None:
        return cached
    sql = (
        f"SELECT s.version, s.id, i.expires_at FROM {_table(SessionInvite)} i "
        f"JOIN {_table(GuidedSession)} s ON s.id = i.session_id "
        f"WHERE i.token_hash = %s AND i.revoked_at IS NULL AND i.expires_at > %s AND {_FRESH}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [digest, adapt(now), *_fresh_and_time_params(now)])
        row = cursor.fetchone()
    if row is None:
        return None
    version, session_id, expires_at = row
    if poll_cache.enabled():
        poll_cache.remember(digest, session_id, version, _aware(expires_at), now)
    return version


def _aware(value: datetime | str) -> datetime:
    """A datetime column as the raw cursor gives it (SQLite: text), made aware (UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def owner_version(session_id: int, account_id: int, now: datetime | None = None) -> int | None:
    """The version of the account's session."""
    sql = (
        f"SELECT s.version FROM {_table(GuidedSession)} s "
        f"JOIN {_table(Partner)} p ON p.id = s.partner_id "
        f"WHERE s.id = %s AND p.account_id = %s AND {_FRESH}"
    )
    return _version(sql, [session_id, account_id, *_fresh_and_time_params(now or timezone.now())])


def unchanged(request, version: int | None) -> bool:
    """The poll names the version the session has: nothing to send."""
    return version is not None and request.GET.get("v") == str(version)
