"""Two tabs on one session in Chromium: a tap in the tab left behind (its polls did not get
through) is refused (409) and the message shows in that tab's panel, which now shows where
the session really is; once its polls get through again it follows by itself."""

import re

import pytest
from playwright.sync_api import Page, expect

from sessions.models import CheckIn, GuidedSession, SessionState
from tests.factories import PASSWORD
from tests.support.browser import (
    cleared_partner,
    expect_panel,
    log_in,
    short_routine,
    start_from_home,
    wait_until_ready,
)

pytestmark = pytest.mark.e2e

MESSAGE = "nothing was changed"


def _rate(page: Page, value: str) -> None:
    page.locator("#step").get_by_role("button", name=re.compile(rf"^{value}( \(|$)")).click()


def test_a_tap_in_a_stale_tab_shows_the_message_in_the_panel(
    live_server, page: Page, seeded, axe_check
):
    user, partner = cleared_partner()
    log_in(page, live_server, user.username)
    start_from_home(page)
    page.get_by_role("button", name="Ready").click()
    expect_panel(page, "check_in")

    stale = page.context.new_page()
    errors: list[str] = []
    # The refused tap answers 409 on purpose (Chromium logs it); anything else is an error.
    stale.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "status of 409" not in msg.text
            else None
        ),
    )
    stale.on("pageerror", lambda exc: errors.append(str(exc)))
    # A tab whose polls do not get through (a laptop asleep, a lost connection) stays behind.
    stale.route("**/state/**", lambda route: route.abort())
    stale.goto(page.url)
    wait_until_ready(stale)
    expect_panel(stale, "check_in")

    _rate(page, "6")  # tab 1 rates the starting comfort and moves on
    expect_panel(page, "prepare")

    _rate(stale, "7")  # tab 2 still shows the rating that was already given
    expect_panel(stale, "prepare")
    notice = stale.locator("#step .notice[role=alert]")
    expect(notice).to_contain_text(MESSAGE)
    expect(stale.locator("#step")).to_have_attribute("data-step", "2")
    expect(stale.locator("body")).not_to_contain_text("{#")  # no template text leaks
    axe_check(stale, "session-50-stale-tab")
    stale.set_viewport_size({"width": 360, "height": 740})
    axe_check(stale, "session-51-stale-tab-360")

    session = GuidedSession.objects.get(partner=partner)
    assert list(CheckIn.objects.filter(session=session).values_list("comfort", flat=True)) == [6]

    page.get_by_role("button", name="Ready").click()  # tab 1 goes on to the lean
    expect_panel(page, "lean")
    # The same Ready in tab 2 is the exact repeat of the last action: a harmless double tap.
    stale.get_by_role("button", name="Ready").click()
    expect_panel(stale, "lean")
    expect(stale.locator("#step .notice[role=alert]")).to_have_count(0)

    # Its polls get through again: a STOP in tab 1 shows in tab 2 by itself.
    stale.unroute("**/state/**")
    page.get_by_role("button", name="STOP").click()
    expect(
        stale.get_by_text("Release slowly — do not let go suddenly.", exact=True)
    ).to_be_visible()
    # Only the polls that were kept from getting through.
    kept_back = ("net::ERR_FAILED", "htmx:sendError", "htmx:afterRequest")
    assert [e for e in errors if not any(k in e for k in kept_back)] == []


def test_a_session_page_whose_log_in_ended_stays_and_its_stop_still_works(
    live_server, page: Page, transactional_db, console_errors
):
    # Logged out elsewhere in the middle of a lean: the page stays on the lean and says so;
    # STOP (sent with the page's stop key) stops the session; logging in again comes back.
    short_routine(lean_in=1, hold=30, release=2)
    user, partner = cleared_partner()
    log_in(page, live_server, user.username)
    start_from_home(page)
    session_path = page.url.removeprefix(live_server.url)
    page.get_by_role("button", name="Start the lean").click()
    expect(page.locator("[data-timer-phase]")).to_have_text("Hold", timeout=10_000)
    page.context.clear_cookies()
    notice = page.get_by_role("alert").filter(has_text="Your log-in has ended.")
    expect(notice).to_be_visible()
    expect(page).to_have_url(live_server.url + session_path)  # still the session page
    expect(page.locator("[data-timer-phase]")).to_have_text("Hold")

    page.get_by_role("button", name="STOP").click()
    expect(page.get_by_text("Release slowly — do not let go suddenly.")).to_be_visible()
    session = GuidedSession.objects.get(partner=partner)
    assert session.state == SessionState.STOPPED

    notice.get_by_role("link", name="Log in again").click()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + session_path)
    expect(page.get_by_role("heading", name="Session stopped")).to_be_visible()
    assert console_errors == []
