"""Security: ownership (another account's object is a 404), CSRF, login throttling, headers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.factories import (
    PASSWORD,
    GuidedSessionFactory,
    PartnerFactory,
    ScreeningFactory,
    UserFactory,
)
from tests.support.urls import all_urls, url_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.shared_state]


# Site-wide content edited by staff, not owned by an account: staff-only views.
STAFF_CONTENT = {"routine_id"}


def _object_urls(*, staff_content: bool = False) -> list[tuple[str, str]]:
    """Every URL of ours that takes an object id, straight from the URLconf."""
    found = []
    for route, name in url_patterns(get_resolver()):
        params = set(re.findall(r"<int:(\w+)>", route))
        if params and bool(params & STAFF_CONTENT) == staff_content:
            found.append((route, name))
    return found


@pytest.fixture
def foreign_objects():
    """One of everything, owned by somebody else."""
    partner = PartnerFactory(name="Someone else's partner")
    screening = ScreeningFactory(partner=partner)
    session = GuidedSessionFactory(partner=partner, screening=screening)
    return {
        "partner_id": partner.pk,
        "screening_id": screening.pk,
        "session_id": session.pk,
        "share_id": _report_share(partner),
    }


def _report_share(partner) -> int:
    from decompress.models import ReportShare
    from sessions.history.report import report_share_create

    report_share_create(partner=partner, note_session_ids=[])
    return ReportShare.objects.filter(partner=partner).latest("pk").pk


def test_the_urlconf_has_object_urls_to_check():
    names = {name for _route, name in _object_urls()}
    assert {"partner_edit", "partner_delete", "sessions:start"} <= names


@pytest.mark.parametrize(("route", "name"), _object_urls())
def test_another_accounts_object_answers_404(client_logged_in, foreign_objects, route, name):
    kwargs = {}
    for param in re.findall(r"<int:(\w+)>", route):
        assert param in foreign_objects, (
            f"{name} takes <{param}>: add a foreign object for it to this test"
        )
        kwargs[param] = foreign_objects[param]
    url = reverse(name, kwargs=kwargs)
    statuses = {
        "GET": client_logged_in.get(url).status_code,
        "POST": client_logged_in.post(url, {}).status_code,
        "POST htmx": client_logged_in.post(url, {}, headers={"HX-Request": "true"}).status_code,
    }
    # 405 says nothing about the object; anything else must be 404, never 403 or 200.
    assert set(statuses.values()) <= {404, 405}, f"{url}: {statuses}"
    assert 404 in statuses.values(), f"{url}: {statuses}"


@pytest.mark.parametrize(("route", "name"), _object_urls(staff_content=True))
def test_staff_content_views_are_closed_to_partners(client_logged_in, route, name):
    from sessions.models import Routine

    kwargs = dict.fromkeys(re.findall(r"<int:(\w+)>", route), Routine.objects.first().pk)
    response = client_logged_in.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_post_without_csrf_token_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("partner_add"), {"name": "Robin"})
    assert response.status_code == 403
    assert not user.partners.exists()


def test_every_post_without_csrf_token_is_refused(user):
    """Every URL in the URLconf, posted to by a logged-in user without a CSRF token."""
    from sessions.engine import session_start

    partner = PartnerFactory(account=user)
    screening = ScreeningFactory(partner=partner)
    session = session_start(partner=partner)
    owned = {
        "partner_id": partner.pk,
        "screening_id": screening.pk,
        "session_id": session.pk,
        "routine_id": session.routine_id,
        "share_id": _report_share(partner),
    }
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = (user.partners.count(), session.check_ins.count())
    statuses = {}
    for url in all_urls(owned):
        for headers in ({}, {"HX-Request": "true"}):
            statuses[(url, bool(headers))] = client.post(
                url, {"name": "x", "comfort": 5, "step_index": 0, "repetition": 0},
                headers=headers,
            ).status_code  # fmt: skip
    # 403 (CSRF) for every view that takes POST; 405 where POST is not allowed at all.
    accepted = {key: code for key, code in statuses.items() if code not in (403, 405)}
    assert accepted == {}
    assert sum(code == 403 for code in statuses.values()) >= 20
    assert (user.partners.count(), session.check_ins.count()) == before


def test_htmx_post_with_csrf_header_is_accepted(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(reverse("partner_add"))
    token = page.cookies["csrftoken"].value
    # The page carries the token for htmx in data-hx-headers on <body>.
    assert b"data-hx-headers" in page.content
    response = client.post(
        reverse("partner_add"),
        {"name": "Robin"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 302
    assert user.partners.filter(name="Robin").exists()


def test_login_is_throttled_after_repeated_failures(client):
    user = UserFactory(username="robin")
    statuses = [
        client.post(reverse("login"), {"username": "robin", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the username
    locked = client.post(reverse("login"), {"username": "robin", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Too many attempts" in locked.content
    assert "_auth_user_id" not in client.session
    # Another person's account is not affected.
    UserFactory(username="sam")
    assert (
        client.post(reverse("login"), {"username": "sam", "password": PASSWORD}).status_code == 302
    )
    assert user.pk  # the locked account still exists, untouched


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_and_secure_cookies_when_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_settings_switch_on_https_protections(monkeypatch):
    import importlib

    import decompress.settings as module

    monkeypatch.setenv("DJANGO_DEBUG", "0")
    monkeypatch.delenv("DJANGO_HTTPS", raising=False)
    prod = importlib.reload(module)
    try:
        assert prod.SESSION_COOKIE_SECURE
        assert prod.CSRF_COOKIE_SECURE
        assert prod.SECURE_HSTS_SECONDS >= 31_536_000
        assert prod.SECURE_SSL_REDIRECT
    finally:
        monkeypatch.setenv("DJANGO_HTTPS", "0")
        local = importlib.reload(module)
        assert not local.SESSION_COOKIE_SECURE  # make run: plain HTTP, log-in works


SHOW_HASHER = """
import django
django.setup()
from django.contrib.auth.hashers import get_hasher, make_password
hasher = get_hasher()
print(hasher.algorithm, getattr(hasher, "iterations", 0), make_password("x").split("$")[0])
"""


def test_servers_hash_passwords_with_a_slow_hasher_though_the_tests_do_not():
    """The suite hashes with MD5 for speed (tests/settings.py); the settings every server
    runs keep a hasher built to be slow, at Django 6.1's default rounds or more."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "decompress.settings"}
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_HASHER], env=env, cwd=root, check=True,
        capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    algorithm, rounds, stored_as = shown[0], int(shown[1]), shown[2]
    assert algorithm in {"pbkdf2_sha256", "argon2", "scrypt", "bcrypt_sha256"}, algorithm
    assert stored_as == algorithm
    if algorithm == "pbkdf2_sha256":
        assert rounds >= 1_500_000

    from django.contrib.auth.hashers import get_hasher

    assert get_hasher().algorithm == "md5"  # what this suite runs with
