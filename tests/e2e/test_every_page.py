"""Every page from the URLconf, in Chromium: zero axe-core violations, no console errors or
CSP violations, and no horizontal scrolling on a 360 px wide phone screen.

Pages are found from the URLconf (as in tests/test_html.py), so a new view is checked
without anyone remembering to add it.
"""

import re

import pytest
from django.urls import get_resolver, reverse

from tests.factories import (
    PASSWORD,
    GuidedSessionFactory,
    PartnerFactory,
    ScreeningFactory,
    UserFactory,
)
from tests.support.urls import url_patterns

PHONE = {"width": 360, "height": 780}


def _urls(owned: dict[str, list[int]]) -> list[str]:
    urls = []
    for route, name in url_patterns(get_resolver()):
        if not name or re.search(r"<(path|slug|str):", route):
            continue
        params = re.findall(r"<int:(\w+)>", route)
        if not params:
            urls.append(reverse(name))
            continue
        if any(p not in owned for p in params):
            continue
        for i in range(max(len(owned[p]) for p in params)):
            kwargs = {p: owned[p][min(i, len(owned[p]) - 1)] for p in params}
            urls.append(reverse(name, kwargs=kwargs))
    return list(dict.fromkeys(urls))


def _owned(user) -> dict[str, list[int]]:
    from screening.models import Outcome
    from sessions.engine import session_start

    cleared = PartnerFactory(account=user, name="Robin")
    blocked = PartnerFactory(account=user, name="Sam")
    emergency = PartnerFactory(account=user, name="Alex")
    screenings = [
        ScreeningFactory(partner=cleared),
        ScreeningFactory(
            partner=blocked,
            outcome=Outcome.BLOCKED,
            answered_yes=[
                {"question": 0, "text": "A herniated disc?", "severity": "block",
                 "applies_to": "receiver"}
            ],
        ),
        ScreeningFactory(
            partner=emergency,
            outcome=Outcome.EMERGENCY,
            answered_yes=[
                {"question": 0, "text": "New bladder problems?", "severity": "emergency",
                 "applies_to": "receiver"}
            ],
        ),
    ]  # fmt: skip
    session = session_start(partner=cleared)
    done = GuidedSessionFactory(partner=cleared, screening=screenings[0], state="completed")
    return {
        "partner_id": [cleared.pk, blocked.pk, emergency.pk],
        "screening_id": [s.pk for s in screenings],
        "session_id": [session.pk, done.pk],
    }


def _check(page, url: str, axe_check, name: str) -> None:
    page.goto(url)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 360 px"
    axe_check(page, name)


@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe_at_phone_width(live_server, page, seeded, axe_check, console_errors):
    page.set_viewport_size(PHONE)
    user = UserFactory(username="auditor")
    owned = _owned(user)
    urls = _urls(owned)
    anonymous = [u for u in urls if not u.startswith("/admin/")]
    checked = 0
    for url in anonymous:
        response = page.request.get(live_server.url + url, max_redirects=0)
        if response.status == 200 and "text/html" in response.headers.get("content-type", ""):
            _check(page, live_server.url + url, axe_check, "page-anon" + url.replace("/", "-"))
            checked += 1
    _check(page, live_server.url + "/admin/login/", axe_check, "page-admin-login")

    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill("auditor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))
    for url in urls:
        response = page.request.get(live_server.url + url, max_redirects=0)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        _check(page, live_server.url + url, axe_check, "page" + url.replace("/", "-"))
        checked += 1
    print(f"axe + 360 px: {checked} pages checked")
    assert checked >= 15
    assert console_errors == []
