"""Redis is a cache here, never a point of failure: every Redis call goes through `call`.

With REDIS_URL, Redis holds Django's cache (and, in front of the database, the sessions),
the sign-up, reset and mail counters (decompress.throttle) and the polls' shortcut
(sessions.poll_cache). Everything it holds can be read from, or counted in, the database
instead, so when Redis is stopped, hung or unreachable a page must neither fail nor wait:

- Every client waits at most `TIMEOUT_SECONDS` to connect and to read (`client_options`);
  no retries.
- A failed call is a miss (the caller's `fallback`: the database, a default), never an
  error for the person. The first failure of an outage is logged once, as a warning.
- After a failure this process leaves Redis alone for `BREAK_SECONDS` (a circuit breaker),
  so that a hung Redis costs one timeout per process and period, not one per call; then the
  next call tries it again.
- When Redis answers again after this process skipped or lost a write (a session saved, a
  log-out, a count, a poll's mark), what Redis still holds may be older than the database:
  this process empties Redis's database before using it again, and logs that it has. Each
  process keeps its own breaker (the workers share nothing in memory).

`BREAK_SECONDS` is longer than the polls' entries live (sessions.poll_cache.FRESH_SECONDS),
so an entry written before an outage has expired by the time Redis is read again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import cache

import redis
from django.conf import settings

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 0.5
BREAK_SECONDS = 10


class _Breaker:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.closed_from = 0.0  # monotonic time from which Redis may be tried again
        self.down = False  # failed since it last answered
        self.missed_writes = False  # a write skipped or failed since it last answered


_breaker = _Breaker()


def client_options() -> dict:
    """Connection options for every Redis client of the project: short waits, no retries."""
    return {
        "socket_timeout": TIMEOUT_SECONDS,
        "socket_connect_timeout": TIMEOUT_SECONDS,
        "retry_on_timeout": False,
    }


@cache  # one client (and connection pool) per process, made after the server forks
def client() -> redis.Redis:
    """The project's own Redis client (the polls' shortcut, emptying after an outage)."""
    return redis.Redis.from_url(settings.REDIS_URL, **client_options())


def _now() -> float:
    return time.monotonic()


def available() -> bool:
    """Whether this process may try Redis now (the breaker is closed)."""
    return _now() >= _breaker.closed_from


def call[T](operation: Callable[[], T], *, fallback: T, writes: bool = False) -> T:
    """`operation()` against Redis, or `fallback` when Redis is left alone or fails.

    `writes`: the operation changes what Redis holds, so skipping it leaves Redis behind
    the database until it is emptied.
    """
    if not available():
        if writes:
            _breaker.missed_writes = True
        return fallback
    try:
        if _breaker.down:
            _recover()
        return operation()
    except redis.RedisError as error:
        _trip(error, writes=writes)
        return fallback


def _trip(error: Exception, *, writes: bool) -> None:
    with _breaker.lock:
        _breaker.closed_from = _now() + BREAK_SECONDS
        if writes:
            _breaker.missed_writes = True
        if _breaker.down:
            return
        _breaker.down = True
    log.warning(
        "Redis failed (%s): this process works without it, trying again every %s s",
        error,
        BREAK_SECONDS,
    )


def _recover() -> None:
    """Redis may answer again: empty it first if this process missed writes meanwhile."""
    if _breaker.missed_writes:
        client().flushdb()
        log.warning("Redis answers again; its cache was emptied (writes were missed meanwhile)")
    else:
        client().ping()
        log.warning("Redis answers again")
    with _breaker.lock:
        _breaker.down = False
        _breaker.missed_writes = False


def reset() -> None:
    """Forget every outage (tests that start a Redis of their own begin from here)."""
    with _breaker.lock:
        _breaker.closed_from = 0.0
        _breaker.down = False
        _breaker.missed_writes = False
    client.cache_clear()
