"""With Redis, the joined phone's "nothing changed" comes from Redis, not the database.

The receiver's phone asks every 0.4 s whether the session changed (`sessions.polls`). On
PostgreSQL that one indexed read costs more than all the rest of the 204 answer, so when
REDIS_URL is set the answer is taken from two small Redis entries instead, read together
in one round trip (a short Lua script):

- `decompress:poll:token:<token hash>`: the session the invitation opens; it never outlives
  the invitation;
- `decompress:poll:session:<id>`: the session's version, as last read from the database.

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
If Redis fails, the polls read the database (every call goes through
`decompress.redis_guard`: short timeouts, a circuit breaker longer than FRESH_SECONDS).
Without Redis nothing here runs: the database cache would cost what it saves.

It talks to Redis through the project's own client (`redis_guard.client`) rather than
Django's cache, for the one round trip: the script reads the session named by the
invitation's entry, which needs plain values (Django's cache pickles them and prefixes its
keys).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache

from django.conf import settings
from django.db import transaction

from decompress import redis_guard

FRESH_SECONDS = 5
SETTLE_SECONDS = 1
_CHANGED = "changed"
_PREFIX = "decompress:poll:"

# The session the invitation opens, then that session's version: one round trip.
_READ = """
local session = redis.call('GET', KEYS[1])
if not session then return false end
return redis.call('GET', ARGV[1] .. session)
"""


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def _read_script():
    return _script_for(redis_guard.client())


@cache
def _script_for(client):
    return client.register_script(_READ)


def _session_key(session_id: int | str) -> str:
    return f"{_PREFIX}session:{session_id}"


def _token_key(digest: str) -> str:
    return f"{_PREFIX}token:{digest}"


def changed(*session_ids: int, token_hashes: Iterable[str] = ()) -> None:
    """A new version of these sessions (and these invitations stopped): from now until
    `SETTLE_SECONDS` after the write commits, no poll is answered from Redis."""
    if not enabled():
        return
    keys = [_session_key(pk) for pk in session_ids] + [_token_key(h) for h in token_hashes]
    if not keys:
        return

    def mark() -> None:
        pipe = redis_guard.client().pipeline(transaction=False)
        for key in keys:
            pipe.set(key, _CHANGED, ex=SETTLE_SECONDS)
        # Not marked: the entries expire by themselves (FRESH_SECONDS), before the breaker
        # lets this process read Redis again, and Redis is emptied when it answers.
        redis_guard.call(pipe.execute, fallback=None, writes=True)

    mark()  # now, so no poll keeps the old version from here to the commit
    transaction.on_commit(mark)  # and again after it, for SETTLE_SECONDS from there


def joined_version(digest: str) -> int | None:
    """The version Redis holds for the session this invitation opens, or None (then ask the
    database)."""
    value = redis_guard.call(
        lambda: _read_script()(keys=[_token_key(digest)], args=[_session_key("")]),
        fallback=None,
    )
    return int(value) if value is not None and value.isdigit() else None


def remember(digest: str, session_id: int, version: int, expires_at: datetime, now: datetime):
    """What the database just said about a working invitation and a session in progress."""
    seconds = min(FRESH_SECONDS, int(expires_at.timestamp() - now.timestamp()))
    if not enabled() or seconds < 1:
        return
    pipe = redis_guard.client().pipeline(transaction=False)
    pipe.set(_token_key(digest), session_id, ex=seconds, nx=True)
    pipe.set(_session_key(session_id), version, ex=seconds, nx=True)
    redis_guard.call(pipe.execute, fallback=None)
