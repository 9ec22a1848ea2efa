"""Redis stopped or hung in the middle of a session: a cache failing, never the app.

A Redis server of this test's own (redis-server on a free port) holds the cache, the
sessions' copies and the counters, as REDIS_URL sets them up. Midway through a session it
is stopped, or hung (SIGSTOP: it accepts connections and never answers). Then: no page or
write answers 500, STOP is answered within a second, everything acknowledged is in the
database, and once Redis is back the app uses it again, without anything it held from
before the outage (a log-out made during it stays a log-out).
"""

import os
import re
import shutil
import signal
import subprocess
import time

import pytest
import redis
from django.test import Client
from django.urls import reverse

from decompress import redis_guard, throttle
from screening.models import Outcome
from sessions import poll_cache
from sessions.models import CheckIn, GuidedSession, SessionState, StopReason
from tests.factories import (
    PASSWORD,
    PartnerFactory,
    ReportShareFactory,
    ScreeningFactory,
    UserFactory,
)
from tests.support.servers import free_port
from tests.support.urls import all_urls

pytestmark = [pytest.mark.django_db, pytest.mark.process]

HX = {"HX-Request": "true"}
REDIS_SERVER = shutil.which("redis-server")


class OwnRedis:
    """redis-server on a port of its own, kept in memory only."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        probe = redis.Redis.from_url(self.url, socket_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                probe.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)

    def hang(self) -> None:
        os.kill(self.proc.pid, signal.SIGSTOP)

    def wake(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)

    def size(self) -> int:
        return redis.Redis.from_url(self.url, socket_timeout=1).dbsize()


@pytest.fixture
def own_redis(settings):
    if REDIS_SERVER is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but redis-server is missing")
        pytest.skip("redis-server is not installed")
    server = OwnRedis()
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {"BACKEND": "decompress.cache.RedisCache", "LOCATION": server.url}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.RATE_LIMIT_STORAGE = server.url
    for cached in (
        redis_guard.reset,
        throttle._limiter.cache_clear,
        poll_cache._script_for.cache_clear,
    ):
        cached()
    yield server
    if server.proc.poll() is None:
        server.wake()
        server.stop()
    redis_guard.reset()
    throttle._limiter.cache_clear()


def _csrf(client) -> str:
    return client.cookies["csrftoken"].value


def _log_in(client, username: str) -> None:
    page = client.get(reverse("login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    response = client.post(
        reverse("login"),
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def _post(client, url: str, **data):
    return client.post(url, data, headers={**HX, "X-CSRFToken": _csrf(client)})


def _at_the_first_lean(client, partner) -> GuidedSession:
    start = client.post(
        reverse("sessions:start", args=[partner.pk]),
        {"changed": "no"},
        headers={"X-CSRFToken": _csrf(client)},
    )
    assert start.status_code == 302
    session = GuidedSession.objects.get(partner=partner)
    url = lambda name: reverse(f"sessions:{name}", args=[session.pk])  # noqa: E731
    for name, data in [
        ("advance", {"step_index": 0, "repetition": 0}),
        ("check_in", {"step_index": 1, "repetition": 0, "comfort": 6}),
        ("advance", {"step_index": 2, "repetition": 0}),
        ("advance", {"step_index": 3, "repetition": 1}),
    ]:
        assert _post(client, url(name), **data).status_code == 200
    return session


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_a_redis_outage_mid_session_loses_nothing_and_stop_answers_at_once(
    client, own_redis, outage, monkeypatch
):
    user = UserFactory(username="kim")
    partner = PartnerFactory(account=user, name="Robin")
    screening = ScreeningFactory(partner=partner, outcome=Outcome.CLEARED)
    share = ReportShareFactory(partner=partner)
    _log_in(client, "kim")
    session = _at_the_first_lean(client, partner)
    assert own_redis.size() > 0  # the log-in's session is cached there

    if outage == "stopped":
        own_redis.stop()
    else:
        own_redis.hang()

    # The lean's rating: acknowledged, so it must be kept.
    rated = _post(
        client, reverse("sessions:check_in", args=[session.pk]),
        step_index=3, repetition=1, comfort=7,
    )  # fmt: skip
    assert rated.status_code == 200
    # Every page of the account, the session page and its poll included.
    owned = {
        "partner_id": partner.pk,
        "screening_id": screening.pk,
        "session_id": session.pk,
        "routine_id": session.routine_id,
        "share_id": share.pk,
    }
    for url in all_urls(owned):
        assert client.get(url).status_code < 500, url
    assert client.get(reverse("sessions:state", args=[session.pk]), headers=HX).status_code < 500

    began = time.monotonic()
    stopped = _post(client, reverse("sessions:stop", args=[session.pk]))
    assert time.monotonic() - began < 1
    assert stopped.status_code == 200
    reason = _post(client, reverse("sessions:stop_reason", args=[session.pk]), reason="discomfort")
    assert reason.status_code == 200

    # Somebody else signs up and asks for a reset meanwhile: counted in the database.
    other = Client()
    other.get(reverse("signup"))
    signup = other.post(
        reverse("signup"),
        {"username": "sam", "password1": PASSWORD, "password2": PASSWORD,
         "csrfmiddlewaretoken": other.cookies["csrftoken"].value},
    )  # fmt: skip
    assert signup.status_code == 302
    anonymous = Client()
    anonymous.get(reverse("password_reset"))
    reset = anonymous.post(
        reverse("password_reset"),
        {
            "email": "nobody@example.org",
            "csrfmiddlewaretoken": anonymous.cookies["csrftoken"].value,
        },
    )
    assert reset.status_code < 500

    session.refresh_from_db()
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, StopReason.DISCOMFORT)
    assert list(CheckIn.objects.filter(session=session).values_list("repetition", "comfort")) == [
        (0, 6),
        (1, 7),
    ]

    # The person logs out while Redis is away; then Redis comes back.
    old_cookie = client.cookies["sessionid"].value
    assert client.post(reverse("logout"), headers={"X-CSRFToken": _csrf(client)}).status_code == 302
    if outage == "stopped":
        own_redis.start()  # empty: it kept nothing on disk
    else:
        own_redis.wake()  # still holding the log-in as it was before the outage
    later = time.monotonic() + redis_guard.BREAK_SECONDS + 1
    monkeypatch.setattr(redis_guard, "_now", lambda: later)

    # The logged-out session stays logged out, whatever Redis held of it.
    thief = Client()
    thief.cookies["sessionid"] = old_cookie
    account = thief.get(reverse("account"))
    assert account.status_code == 302
    assert reverse("login") in account["Location"]
    # Used again: a new log-in is cached in Redis.
    _log_in(client, "kim")
    assert client.get(reverse("home")).status_code == 200
    assert own_redis.size() > 0
    assert redis_guard.available()


def test_an_outage_is_logged_once_and_redis_is_left_alone_meanwhile(own_redis, caplog):
    from django.core.cache import cache

    cache.set("probe", 1)
    own_redis.hang()
    began = time.monotonic()
    for _ in range(20):
        assert cache.get("probe", "missed") == "missed"
        cache.set("probe", 2)
    # One timeout, then the breaker: twenty reads and writes cost about one wait.
    assert time.monotonic() - began < 2 * redis_guard.TIMEOUT_SECONDS + 0.5
    warnings = [r for r in caplog.records if r.name == "decompress.redis_guard"]
    assert len(warnings) == 1
    assert "Redis failed" in warnings[0].getMessage()
