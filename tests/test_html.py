"""Every page's HTML validates with the W3C Nu checker (vnu-jar, installed by `make test`).

Pages come from the URLconf, so a new view is checked without anyone remembering to add it:
every route is fetched (with ids of objects the test account owns), and every full HTML
page that answers 200 goes through the checker in one run.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import GuidedSessionFactory, PartnerFactory, ScreeningFactory
from tests.support.urls import url_patterns

VNU = Path(__file__).resolve().parents[1] / ".venv/node/node_modules/vnu-jar/build/dist/vnu.jar"

pytestmark = [pytest.mark.django_db, pytest.mark.nu]


def _checker_available() -> bool:
    return VNU.exists() and shutil.which("java") is not None


@pytest.fixture
def owned(user):
    partner = PartnerFactory(account=user, name="Robin")
    screening = ScreeningFactory(partner=partner)
    session = GuidedSessionFactory(partner=partner, screening=screening)
    from sessions.models import Routine

    return {
        "partner_id": partner.pk,
        "screening_id": screening.pk,
        "session_id": session.pk,
        "routine_id": Routine.objects.get(is_default=True).pk,
    }


def _pages(client, owned) -> dict[str, str]:
    from django.urls import get_resolver

    pages = {}
    for route, name in url_patterns(get_resolver()):
        if not name or "<path:" in route or "<slug:" in route or "<str:" in route:
            continue
        params = re.findall(r"<int:(\w+)>", route)
        if any(p not in owned for p in params):
            continue
        kwargs = {p: owned[p] for p in params}
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if not response.content.lstrip().lower().startswith(b"<!doctype html>"):
            continue
        pages[url] = response.content.decode()
    return pages


def _token_pages(client, user) -> dict[str, str]:
    """Routes whose <str:> parameters are tokens from a mail: each state of their pages."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from decompress import email_address

    user.email = "robin@example.org"
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    urls = [
        reverse("account"),  # with an address waiting for its link
        reverse("account_email_confirm", args=[email_address.confirmation_token(user)]),
        reverse("account_email_confirm", args=["not-a-token"]),
        reverse("password_reset_confirm", args=[uid, token]),  # → the new-password form
        reverse("password_reset_confirm", args=[uid, "not-a-token"]),
    ]
    # The report's share link, opened by a professional (no log-in needed).
    from decompress.models import Partner
    from sessions.history.report import report_share_create

    partner = Partner.objects.filter(account=user).first()
    urls.append(
        reverse("report_shared", args=[report_share_create(partner=partner, note_session_ids=[])])
    )
    pages = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        pages[f"{url}#with-mail"] = response.content.decode()
    # Pages that show a token once, in answer to the POST that made it.
    for url, data in (
        (reverse("calendar_feed"), {"action": "replace"}),
        (reverse("history:report_share", args=[partner.pk]), {}),
    ):
        response = client.post(url, data)
        assert response.status_code == 200, url
        pages[f"{url}#new-token"] = response.content.decode()
    pages.update(_joined_phone_pages(client, user))
    return pages


def _joined_phone_pages(client, user) -> dict[str, str]:
    """The receiver's phone: the invitation (its QR code, shown once), the join page, the
    session as that phone follows it, and links that do not work (404, then 410)."""
    from django.test import Client

    from sessions.models import GuidedSession

    session = GuidedSession.objects.filter(partner__account=user, state="active").first()
    pages = {}
    invite = client.post(reverse("sessions:invite", args=[session.pk]))
    assert invite.status_code == 200
    pages["invite#new-token"] = invite.content.decode()
    link = re.search(r'href="http://testserver(/j/[^"/]+/)"', pages["invite#new-token"]).group(1)
    phone = Client()
    for url in (link, f"{link}live/", reverse("sessions:run", args=[session.pk])):
        response = (phone if url.startswith("/j/") else client).get(url)
        assert response.status_code == 200, url
        pages[f"{url}#joined"] = response.content.decode()
    pages["unknown-link"] = phone.get("/j/not-a-token/").content.decode()
    client.post(reverse("sessions:invite_stop", args=[session.pk]))
    gone = phone.get(link)
    assert gone.status_code == 410
    pages["stopped-link"] = gone.content.decode()
    return pages


def test_every_page_is_valid_html(client, user, owned, tmp_path):
    if not _checker_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but the Nu HTML checker (vnu-jar + java) is missing")
        pytest.skip("vnu-jar or java missing: run `make checkers`")
    anonymous = _pages(client, owned)
    client.force_login(user)
    logged_in = _pages(client, owned)
    user.is_staff = True  # staff see the routine preview ("view as user" from admin)
    user.save()
    staff = {url: html for url, html in _pages(client, owned).items() if "preview" in url}
    logged_in.update(staff)
    logged_in.update(_token_pages(client, user))
    files = {}
    for i, (url, html) in enumerate([*anonymous.items(), *logged_in.items()]):
        path = tmp_path / f"page{i}.html"
        path.write_text(html)
        files[path.name] = url
    assert len(files) >= 6, f"too few pages found to check: {sorted(files.values())}"
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *map(str, tmp_path.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    print(f"Nu HTML checker: {len(files)} pages checked")
    assert problems == [], "\n".join(problems)
