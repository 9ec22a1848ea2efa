"""Password checks and sign-ups are throttled per client address, shared by every worker."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from decompress.throttle import client_address
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_state]

ROOT = Path(__file__).resolve().parents[1]
APPS = ("decompress", "screening", "sessions")


def test_no_app_code_checks_a_password_itself():
    """A password check that skips authenticate() is one axes does not count."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.check_password\(", line)
    ]
    assert offenders == []


def _change_password(client, old: str):
    new = "another-long-Passphrase-43"
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_wrong_old_passwords_lock_the_account_like_wrong_log_ins(client):
    user = UserFactory(username="robin")
    client.force_login(user)
    statuses = [_change_password(client, "wrong").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks it
    # Locked now: even the right old password is refused, and the log-in form is locked too.
    assert _change_password(client, PASSWORD).status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    client.logout()
    login = client.post(reverse("login"), {"username": "robin", "password": PASSWORD})
    assert login.status_code == 429


def test_the_right_old_password_changes_it(client):
    user = UserFactory()
    client.force_login(user)
    response = _change_password(client, PASSWORD)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-Passphrase-43")


def test_a_lock_is_never_on_the_username_alone(client):
    UserFactory(username="robin")
    for _ in range(5):
        client.post(
            reverse("login"), {"username": "robin", "password": "wrong"}, REMOTE_ADDR="192.0.2.1"
        )
    assert (
        client.post(
            reverse("login"), {"username": "robin", "password": "wrong"}, REMOTE_ADDR="192.0.2.1"
        ).status_code
        == 429
    )
    # The real owner, elsewhere, still logs in: a stranger cannot lock them out.
    response = client.post(
        reverse("login"), {"username": "robin", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2"
    )
    assert response.status_code == 302


def _sign_up(client, n: int, **extra):
    return client.post(
        reverse("signup"),
        {"username": f"person-{n}", "password1": PASSWORD, "password2": PASSWORD},
        **extra,
    )


def test_sign_ups_are_limited_per_address(client, settings):
    from django.contrib.auth import get_user_model

    settings.SIGNUP_RATE_LIMIT = "3/hour"
    statuses = []
    for n in range(4):
        client.logout()
        statuses.append(_sign_up(client, n, REMOTE_ADDR="192.0.2.1").status_code)
    assert statuses == [302, 302, 302, 429]
    assert not get_user_model().objects.filter(username="person-3").exists()
    # Refused attempts count too, so usernames cannot be probed past the limit.
    taken = client.post(
        reverse("signup"),
        {"username": "person-0", "password1": PASSWORD, "password2": PASSWORD},
        REMOTE_ADDR="192.0.2.1",
    )
    assert taken.status_code == 429
    assert b"already exists" not in taken.content
    assert b"Too many sign-ups" in taken.content
    # Somebody else is not affected.
    assert _sign_up(client, 9, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_the_counts_are_shared_not_per_process(settings):
    """Two storages made from the setting, as two gunicorn workers make them, see one count."""
    from limits.storage import MemoryStorage, storage_from_string

    first = storage_from_string(settings.RATE_LIMIT_STORAGE)
    second = storage_from_string(settings.RATE_LIMIT_STORAGE)
    assert not isinstance(first, MemoryStorage)
    first.clear("shared-test")
    first.incr("shared-test", 60)
    second.incr("shared-test", 60)
    assert first.get("shared-test") == second.get("shared-test") == 2
    first.clear("shared-test")


def test_caches_and_sessions_follow_redis_url():
    redis = bool(settings.REDIS_URL)
    backend = settings.CACHES["default"]["BACKEND"]
    assert "LocMemCache" not in backend  # per process: counts would not be shared
    if redis:
        # Django's Redis cache, keeping one client per connection pool (decompress.cache).
        assert backend == "decompress.cache.RedisCache"
        from django.core.cache import cache

        cache.set("probe", {"n": 1})
        assert cache.get("probe") == {"n": 1}
        assert cache.add("probe", 2) is False
        assert cache._cache.get_client() is cache._cache.get_client()
        assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    else:
        assert backend == "django.core.cache.backends.db.DatabaseCache"
    # Failed log-ins are counted in the database, Redis or not: a lock-out outlives Redis.
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_the_database_cache_table_exists():
    from django.core.cache import cache

    cache.set("probe", 1)
    assert cache.get("probe") == 1


# --- Behind a proxy ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # not behind a proxy: the header is the client's
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged entry on the left
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # did not come through both proxies
        (1, "", "10.0.0.1"),
    ],
)
def test_client_address(rf, settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_behind_a_proxy_each_client_has_its_own_counts(client, settings):
    """Every request comes from the proxy's address; the lock follows the real client."""
    settings.PROXY_COUNT = 1
    UserFactory(username="robin")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    wrong = {"username": "robin", "password": "wrong"}
    for n in range(5):
        # The attacker forges a different left-hand entry each time: it does not help.
        forged = f"6.6.6.{n}, 203.0.113.7"
        client.post(reverse("login"), wrong, HTTP_X_FORWARDED_FOR=forged, **proxy)
    locked = client.post(reverse("login"), wrong, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert locked.status_code == 429
    owner = client.post(
        reverse("login"),
        {"username": "robin", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
        **proxy,
    )
    assert owner.status_code == 302


def test_behind_a_proxy_the_sign_up_limit_follows_the_real_client(client, settings):
    settings.PROXY_COUNT = 1
    settings.SIGNUP_RATE_LIMIT = "2/hour"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    statuses = []
    for n in range(3):
        client.logout()
        statuses.append(
            _sign_up(client, n, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.7", **proxy).status_code
        )
    assert statuses == [302, 302, 429]
    client.logout()
    assert _sign_up(client, 7, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 302


def test_proxy_settings_come_from_the_environment(monkeypatch):
    import importlib

    import decompress.settings as module

    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    monkeypatch.setenv("DJANGO_PROXY_COUNT", "2")
    try:
        behind = importlib.reload(module)
        assert behind.PROXY_COUNT == 2
        assert behind.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
        assert behind.AXES_CLIENT_IP_CALLABLE == "decompress.throttle.client_address"
        monkeypatch.delenv("DJANGO_BEHIND_PROXY")
        direct = importlib.reload(module)
        assert direct.PROXY_COUNT == 0
    finally:
        monkeypatch.delenv("DJANGO_BEHIND_PROXY", raising=False)
        monkeypatch.delenv("DJANGO_PROXY_COUNT", raising=False)
        importlib.reload(module)
