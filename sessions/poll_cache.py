"""With Redis, the joined phone's "nothing changed" comes from Redis, not the database.

The receiver's phone asks every 0.4 s whether the session changed (`sessions.polls`). On
PostgreSQL that one indexed read costs more than all the rest of the 204 answer, so when
REDIS_URL is set the answer is taken from two small Redis entries instead:

- `poll:token:<token hash>`: the session the invitation opens, and when it expires;
- `poll:session:<id>`: the session's version, as last read from the database.

Both are filled only from a database read that found the invitation working and the session
not idle (`remember`), and live at most `FRESH_SECONDS`, far below the time after which an
idle session is abandoned, so an idle session is still noticed on the database path.

Every write that makes a new version (`sessions.progress.session_save`, a stop reason,
abandonment, invitations) calls `changed` inside its transaction. The session's entry (and
a stopped invitation's) is replaced by a marker at once, and again once the write commits,
for `SETTLE_SECONDS` from there: while it is there the polls read the database, and nothing
can put back a version read before the commit (`remember` only adds where the key is
empty). A poll would have to stall for longer than that between its read and its
`remember` to bring an old version back, and even then only until `FRESH_SECONDS` pass.
If Redis fails, the polls read the database.
Without Redis nothing here runs: the database cache would cost what it saves.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

log = logging.getLogger(__name__)

FRESH_SECONDS = 5
SETTLE_SECONDS = 1
_CHANGED = "changed"


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def _session_key(session_id: int) -> str:
    return f"poll:session:{session_id}"


def _token_key(digest: str) -> str:
    return f"poll:token:{digest}"


def changed(*session_ids: int, token_hashes: Iterable[str] = ()) -> None:
    """A new version of these sessions (and these invitations stopped): once the write
    commits, no poll is answered "unchanged" from Redis until the database says so."""
    if not enabled():
        return
    keys = [_session_key(pk) for pk in session_ids] + [_token_key(h) for h in token_hashes]
    if not keys:
        return

    def mark() -> None:
        try:
            cache.set_many(dict.fromkeys(keys, _CHANGED), timeout=SETTLE_SECONDS)
        except Exception:  # Redis down: the entries expire by themselves (FRESH_SECONDS)
            log.warning("Could not mark sessions %s as changed in Redis", session_ids)

    mark()  # now, so no poll keeps the old version from here to the commit
    transaction.on_commit(mark)  # and again after it, for SETTLE_SECONDS from there


def joined_version(digest: str, now: datetime) -> int | None:
    """The version Redis holds for the session this invitation opens, or None (then ask the
    database)."""
    try:
        opens = cache.get(_token_key(digest))
        if not isinstance(opens, tuple) or opens[1] <= now.timestamp():
            return None
        version = cache.get(_session_key(opens[0]))
    except Exception:
        log.warning("Redis did not answer a poll; reading the database")
        return None
    return version if isinstance(version, int) else None


def remember(digest: str, session_id: int, version: int, expires_at: datetime, now: datetime):
    """What the database just said about a working invitation and a session in progress."""
    seconds = min(FRESH_SECONDS, int(expires_at.timestamp() - now.timestamp()))
    if seconds < 1:
        return
    try:
        cache.add(_token_key(digest), (session_id, expires_at.timestamp()), timeout=seconds)
        cache.add(_session_key(session_id), version, timeout=seconds)
    except Exception:
        log.warning("Could not keep a poll's answer in Redis")
