"""The lean timer in Chromium: drift-free with a hidden tab, spoken cues, mute, pause.

Time is Playwright's fake clock (`page.clock`, which also fakes `performance.now()`,
timers and animation frames): once paused, the page's time moves only when the test moves
it, so every assertion reads the digits a person sees at an exactly known moment.
"""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from sessions.models import CheckIn, GuidedSession
from tests.support.browser import (
    RECORD_SPEECH,
    axe_check_with_time_running,
    cleared_partner,
    expect_panel,
    log_in,
    on_the_page_clock,
    page_clock_only,
    short_routine,
    skip_lean,
    start_from_home,
    wait_until_ready,
)

pytestmark = pytest.mark.e2e

CLOCK_START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

SET_VISIBILITY = """(state) => {
  Object.defineProperty(document, "visibilityState", {configurable: true, get: () => state});
  Object.defineProperty(document, "hidden", {configurable: true, get: () => state === "hidden"});
  document.dispatchEvent(new Event("visibilitychange"));
}"""


# The get-ready countdown (3, 2, 1) between the Start tap and the lean-in.
COUNTDOWN_MS = 3_000


def start_lean_on_a_paused_clock(page: Page) -> float:
    """Stop the page's clock, then tap Start: from here on the test moves time.

    Runs the get-ready countdown (and a frame more, for the page to draw the lean-in), then
    returns the page's performance.now() at the end of the countdown, which is when the
    lean-in started.
    """
    expect_panel(page, "lean")
    page.clock.pause_at(CLOCK_START + timedelta(hours=1))
    page.get_by_role("button", name="Start the lean").click()
    tapped = page.evaluate("performance.now()")
    run_to(page, tapped, COUNTDOWN_MS + 20)
    return tapped + COUNTDOWN_MS


def run_to(page: Page, started: float, ms: int) -> None:
    """Move the page's clock to exactly `ms` after the lean started, running every timer."""
    ahead = started + ms - page.evaluate("performance.now()")
    assert ahead >= 0, f"the page's clock is already {-ahead:.0f} ms past the target"
    page.clock.run_for(ahead)


def test_hold_countdown_is_exact_after_a_hidden_tab(
    live_server, page: Page, transactional_db, console_errors, axe_check
):
    short_routine(lean_in=1, hold=60, release=1)
    user, _partner = cleared_partner()
    page.clock.install(time=CLOCK_START)
    page_clock_only(page)
    log_in(page, live_server, user.username)
    start_from_home(page)
    started = start_lean_on_a_paused_clock(page)
    phase = page.locator("[data-timer-phase]")
    digits = page.locator("[data-timer-remaining]")
    expect(phase).to_have_text("Lean back slowly")
    expect(digits).to_have_text("1")

    run_to(page, started, 1_000 + 15_500)  # the lean-in, then 15.5 s into the 60 s hold
    expect(phase).to_have_text("Hold")
    expect(digits).to_have_text("45")  # 44.5 s left: whole seconds, rounded up
    axe_check_with_time_running(page, axe_check, "timer-01-hold-running")

    run_to(page, started, 1_000 + 29_500)  # 30.5 s left
    expect(digits).to_have_text("31")
    page.evaluate(SET_VISIBILITY, "hidden")
    page.clock.run_for(25_000)
    # While hidden the display is not redrawn (no animation frames are asked for)...
    expect(digits).to_have_text("31")
    page.evaluate(SET_VISIBILITY, "visible")
    # ...and on coming back it is redrawn at once from the clock, not from a count of ticks.
    expect(digits).to_have_text("6")  # 5.5 s left

    run_to(page, started, 61_000 - 1_020)  # 1.02 s left
    expect(digits).to_have_text("2")
    page.clock.run_for(40)  # 0.98 s left: the digit turns within 40 ms of the true second
    expect(digits).to_have_text("1")
    expect(phase).to_have_text("Hold")

    page.clock.resume()
    expect_panel(page, "lean_check_in")
    assert console_errors == []


def test_pause_freezes_the_countdown_and_resume_continues(
    live_server, page: Page, transactional_db, console_errors, axe_check
):
    short_routine(lean_in=1, hold=4, release=1)
    user, _partner = cleared_partner()
    page.clock.install(time=CLOCK_START)
    page_clock_only(page)
    log_in(page, live_server, user.username)
    start_from_home(page)
    started = start_lean_on_a_paused_clock(page)
    phase = page.locator("[data-timer-phase]")
    digits = page.locator("[data-timer-remaining]")
    run_to(page, started, 1_000 + 1_500)  # 2.5 s left of the hold
    expect(phase).to_have_text("Hold")
    expect(digits).to_have_text("3")

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    expect(phase).to_have_text("Paused")
    axe_check_with_time_running(page, axe_check, "timer-02-paused")
    page.clock.run_for(2_500)
    expect(digits).to_have_text("3")
    assert page.locator('#step[data-panel="lean"]').count() == 1

    page.get_by_role("button", name="Resume").click()
    expect(phase).to_have_text("Hold")
    page.clock.run_for(1_000)  # carries on from where it paused: 1.5 s left
    expect(digits).to_have_text("2")
    page.clock.resume()
    expect_panel(page, "lean_check_in")
    assert console_errors == []


def test_each_phase_cue_is_spoken_in_order_and_nothing_when_muted(
    live_server, page: Page, transactional_db, console_errors, axe_check
):
    short_routine(lean_in=1, hold=1, release=1, repetitions=2, cue="Lean back now.")
    user, partner = cleared_partner()
    page.add_init_script(RECORD_SPEECH)
    on_the_page_clock(page)  # every timer runs, in order, when the test moves the clock
    log_in(page, live_server, user.username)
    start_from_home(page)

    mute = page.locator("[data-mute]")
    expect(mute).to_have_attribute("aria-pressed", "false")
    page.get_by_role("button", name="Start the lean").click()
    skip_lean(page)
    expect_panel(page, "lean_check_in")
    assert page.evaluate("window.__spoken") == [
        "3",
        "2",
        "1",
        "Lean back slowly. Lean back now.",
        "Hold, and breathe.",
        "Release slowly.",
        "Done. How does that feel?",
    ]
    page.locator("#step").get_by_role("button", name="7", exact=True).click()
    expect(page.get_by_text("Lean 2 of 2")).to_be_visible()

    mute.click()
    expect(mute).to_have_attribute("aria-pressed", "true")
    page.reload()  # remembered on this device
    wait_until_ready(page)
    expect(page.get_by_role("button", name="Sound off")).to_have_attribute("aria-pressed", "true")
    axe_check(page, "timer-03-muted")
    page.get_by_role("button", name="Start the lean").click()
    skip_lean(page)
    expect_panel(page, "lean_check_in")
    assert page.evaluate("window.__spoken") == []
    page.get_by_role("button", name="STOP").click()
    expect(page.get_by_text("Release slowly — do not let go suddenly.")).to_be_visible()
    assert page.evaluate("window.__spoken") == []  # muted: STOP is silent too

    session = GuidedSession.objects.get(partner=partner)
    # The starting rating and lean 1's; lean 2 was stopped before its rating.
    assert CheckIn.objects.filter(session=session).count() == 2
    assert console_errors == []
