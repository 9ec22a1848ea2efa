"""Release first: after STOP, the release instruction shows alone, then the reason."""

import pytest
from playwright.sync_api import Page, expect

from sessions.models import GuidedSession
from tests.support.browser import (
    cleared_partner,
    log_in,
    on_the_page_clock,
    pause_clock,
    run_lean_to,
    short_routine,
    start_from_home,
)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("size", [(360, 640), (390, 844)])
def test_stop_during_a_hold_shows_only_release_slowly_first(
    live_server, page: Page, transactional_db, console_errors, axe_check, size
):
    short_routine(lean_in=1, hold=30, release=2)
    user, _partner = cleared_partner()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    on_the_page_clock(page)
    log_in(page, live_server, user.username)
    start_from_home(page)
    pause_clock(page)
    page.get_by_role("button", name="Start the lean").click()
    # After the get-ready countdown (3 s) and the lean-in (1 s).
    run_lean_to(page, "hold")
    expect(page.locator("[data-timer-phase]")).to_have_text("Hold")
    page.clock.resume()  # the release then takes its time, as it would
    page.get_by_role("button", name="STOP").click()

    release = page.get_by_text("Release slowly — do not let go suddenly.")
    expect(release).to_be_visible()
    expect(release).to_be_in_viewport(ratio=1)
    expect(page.locator("[data-release-now]")).to_be_focused()
    # Nothing else competes with it yet: no reason question, no aftercare.
    question = page.get_by_text("Once you have released: why did you stop?")
    expect(question).to_be_hidden()
    expect(page.get_by_role("heading", name="Aftercare")).to_have_count(0)
    assert GuidedSession.objects.get().state == "stopped"  # stopped at once, on the server
    page.screenshot(path=f"test-artifacts/release-first-{size[0]}x{size[1]}.png")

    # After the release time the question follows, then the aftercare.
    expect(question).to_be_visible(timeout=5_000)
    axe_check(page, f"release-first-question-{size[0]}")
    page.get_by_role("button", name="Discomfort").click()
    expect(page.get_by_role("heading", name="Aftercare")).to_be_visible()
    assert console_errors == []


def test_a_poll_answered_after_stop_changes_nothing_on_the_page(
    live_server, page: Page, transactional_db, console_errors
):
    # A poll asked before STOP and answered after it belongs to the panel STOP replaced.
    # Its answer (the session has ended) must not land anywhere or be looked up in the old
    # panel; the page keeps the release instruction the STOP answer brought.
    short_routine(lean_in=1, hold=30, release=2)
    user, _partner = cleared_partner()
    log_in(page, live_server, user.username)
    start_from_home(page)
    held = []
    page.route("**/state/**", lambda route: held.append(route))
    for _ in range(50):  # the next poll (every 0.4 s) is held
        if held:
            break
        page.wait_for_timeout(100)
    assert held
    page.get_by_role("button", name="STOP").click()
    expect(page.locator("[data-release-now]")).to_be_focused()

    with page.expect_response("**/state/**") as late:
        for route in held:
            route.continue_()
    assert late.value.status == 200  # the ended panel, with its out-of-band swaps
    page.wait_for_timeout(300)
    expect(page.locator("[data-release-now]")).to_be_focused()
    expect(page.locator("#step")).to_have_count(1)
    expect(page.get_by_text("Once you have released: why did you stop?")).to_be_visible(
        timeout=5_000
    )
    assert console_errors == []
