"""Installable: the manifest loads, the service worker takes control, and offline the
back-care page stays readable while every other page says plainly that it needs a
connection — pages with health data are never served from the device."""

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import cleared_partner, log_in

PHONE = {"width": 390, "height": 844}


def _controlled(page: Page) -> None:
    page.wait_for_function(
        "() => navigator.serviceWorker.ready.then((r) => Boolean(r.active))", timeout=15_000
    )
    # A worker controls the pages loaded after it activated (clients.claim() also takes
    # this one; the reload makes sure whichever came first).
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


@pytest.mark.django_db(transaction=True)
def test_manifest_and_icons_load(live_server, page: Page, console_errors):
    page.goto(live_server.url)
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.ok
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"] == "Decompress"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"]
    assert manifest["background_color"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert page.request.get(live_server.url + icon["src"]).ok, icon["src"]
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_offline_back_care_stays_readable_and_health_pages_are_not_kept(
    live_server, page: Page, context, seeded, console_errors
):
    page.set_viewport_size(PHONE)
    user, _partner = cleared_partner()
    log_in(page, live_server, user.username)
    _controlled(page)
    # Online, the history page is seen once: the worker must not keep it.
    page.goto(f"{live_server.url}/history/")
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()

    context.set_offline(True)
    try:
        page.goto(f"{live_server.url}/screening/back-care/")
        expect(
            page.get_by_role("heading", name="Looking after your back for the long term")
        ).to_be_visible()
        # Styled from the kept stylesheet, not bare HTML.
        assert page.evaluate(
            "() => getComputedStyle(document.body).fontFamily !== 'Times New Roman'"
        )

        page.goto(f"{live_server.url}/history/")
        expect(page.get_by_role("heading", name="No connection")).to_be_visible()
        expect(page.get_by_role("heading", name="History", level=1)).to_have_count(0)
        expect(page.get_by_text("do not let go suddenly")).to_be_visible()
        page.screenshot(path="test-artifacts/offline-page.png", full_page=True)

        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", name="No connection")).to_be_visible()
    finally:
        context.set_offline(False)

    # Back online, the pages are the server's again.
    page.goto(f"{live_server.url}/history/")
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    # Offline, the failed loads of the pages' own requests are expected console noise;
    # what must never appear is a CSP violation.
    assert not [e for e in console_errors if "Content Security Policy" in e]


@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_no_page_with_personal_data(live_server, page: Page, seeded):
    user, _partner = cleared_partner()
    log_in(page, live_server, user.username)
    _controlled(page)
    page.goto(f"{live_server.url}/history/")
    page.goto(f"{live_server.url}/accounts/")
    kept = page.evaluate(
        """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) {
              urls.push(new URL(request.url).pathname);
            }
          }
          return urls;
        }"""
    )
    pages = sorted(url for url in kept if not url.startswith("/static/"))
    assert pages == ["/offline/", "/screening/back-care/"]
