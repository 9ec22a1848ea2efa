"""Throttling: which address a request comes from, and the sign-up, reset and mail limits.

Every count here is shared by all server processes: per-process memory would let each
gunicorn worker grant the full allowance again. With ``REDIS_URL`` the counters live in
Redis (limits' own storage, atomic); without it, and whenever Redis fails or is left alone
(``decompress.redis_guard``), they live in the database, in ``RateLimitCounter`` rows
incremented under a row lock (``DatabaseStorage`` below). A limit never depends on Redis
answering: counted in the database, a burst during an outage is still limited.

The client address is the TCP peer, unless ``DJANGO_BEHIND_PROXY`` is set: then each of the
``DJANGO_PROXY_COUNT`` trusted proxies appended the address it saw to X-Forwarded-For, so the
client is the entry the outermost proxy wrote, counted from the right. Entries further left
came from the client and are never trusted. django-axes counts by the same address
(``AXES_CLIENT_IP_CALLABLE``), together with the username, never by the username alone.
"""

import hashlib
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone
from limits import parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from . import redis_guard
from .models import RateLimitCounter


def client_address(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if not settings.PROXY_COUNT:
        return peer
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < settings.PROXY_COUNT:
        return peer  # not through all our proxies: the peer is all we know
    return forwarded[-settings.PROXY_COUNT]


class DatabaseStorage(Storage):
    """limits' storage interface on the database: fixed windows, one row per key."""

    STORAGE_SCHEME = ["django-db"]

    @property
    def base_exceptions(self) -> type[Exception]:
        return DatabaseError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = timezone.now()
        with transaction.atomic():
            counter, created = RateLimitCounter.objects.select_for_update().get_or_create(
                key=key, defaults={"count": amount, "expires_at": now + timedelta(seconds=expiry)}
            )
            if created:
                RateLimitCounter.objects.filter(expires_at__lte=now).delete()
                return counter.count
            if counter.expires_at <= now:  # the window is over: a new one starts
                counter.count, counter.expires_at = 0, now + timedelta(seconds=expiry)
            counter.count += amount
            counter.save(update_fields=["count", "expires_at"])
            return counter.count

    def get(self, key: str) -> int:
        counter = RateLimitCounter.objects.filter(key=key, expires_at__gt=timezone.now()).first()
        return counter.count if counter else 0

    def get_expiry(self, key: str) -> float:
        counter = RateLimitCounter.objects.filter(key=key).first()
        return (counter.expires_at if counter else timezone.now()).timestamp()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        deleted, _ = RateLimitCounter.objects.all().delete()
        return deleted

    def clear(self, key: str) -> None:
        RateLimitCounter.objects.filter(key=key).delete()


DATABASE_STORAGE = "django-db://"


@cache  # one storage (and Redis connection pool) per process
def _limiter(storage: str) -> FixedWindowRateLimiter:
    options = redis_guard.client_options() if storage.startswith("redis") else {}
    return FixedWindowRateLimiter(storage_from_string(storage, **options))


def _hit(limit: str, *identifiers: str) -> bool:
    """Count one hit of `limit` (limits' notation); False once over the allowance."""
    item = parse(limit)
    storage = settings.RATE_LIMIT_STORAGE
    if storage != DATABASE_STORAGE:
        allowed = redis_guard.call(
            lambda: _limiter(storage).hit(item, *identifiers), fallback=None, writes=True
        )
        if allowed is not None:
            return allowed
    return _limiter(DATABASE_STORAGE).hit(item, *identifiers)


def signup_allowed(request: HttpRequest) -> bool:
    """Count one sign-up attempt from this address; False once over the allowance."""
    return _hit(settings.SIGNUP_RATE_LIMIT, "signup", client_address(request))


def password_reset_allowed(request: HttpRequest, address: str) -> bool:
    """Count one reset request from this client and for this address; False once either is
    over its allowance. The address is counted by a hash: counters never hold addresses."""
    by_client = _hit(settings.RESET_CLIENT_RATE_LIMIT, "reset-client", client_address(request))
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    by_address = _hit(settings.RESET_ADDRESS_RATE_LIMIT, "reset-address", digest)
    return by_client and by_address


def confirmation_mail_allowed(account_pk: int) -> bool:
    """Count one confirmation mail for this account; False once over the allowance."""
    return _hit(settings.CONFIRM_MAIL_RATE_LIMIT, "confirm-mail", str(account_pk))
