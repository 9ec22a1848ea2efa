"""A guided session in Chromium: by mouse, by keyboard, STOP, automatic stops, resume."""

import re

import pytest
from playwright.sync_api import Page, expect

from sessions.models import CheckIn, GuidedSession, SessionState, StopReason
from tests.support.browser import (
    axe_check_with_time_running,
    cleared_partner,
    expect_no_second_rating,
    expect_panel,
    log_in,
    no_horizontal_overflow,
    on_the_page_clock,
    pause_clock,
    run_lean_to,
    skip_lean,
    start_from_home,
    wait_until_ready,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


def ratings(session: GuidedSession) -> list:
    return list(
        CheckIn.objects.filter(session=session)
        .order_by("created_at", "pk")
        .values_list("comfort", "pain")
    )


def click_rating(page: Page, value: str) -> None:
    page.locator("#step").get_by_role("button", name=re.compile(rf"^{value}( \(|$)")).click()


def run_lean_with_timer(page: Page, lean: int) -> None:
    """Start the lean, then skip through it on the page's clock (`on_the_page_clock`)."""
    expect(page.get_by_text(f"Step 4 of 5 · Lean {lean} of 3")).to_be_visible()
    page.get_by_role("button", name="Start the lean").click()
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    skip_lean(page)
    expect_panel(page, "lean_check_in")


def test_whole_default_session_by_mouse_at_phone_width(
    live_server, page: Page, seeded, console_errors, axe_check
):
    user, partner = cleared_partner()
    page.set_viewport_size(PHONE)
    on_the_page_clock(page)
    log_in(page, live_server, user.username)
    expect(page.get_by_text("Safety screening: cleared")).to_be_visible()
    start_from_home(page)

    expect_panel(page, "prepare")
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    expect(page.get_by_role("button", name="STOP")).to_be_visible()
    expect(page.get_by_text("Keyboard: press Esc or S to stop.")).to_be_visible()
    axe_check(page, "session-01-prepare-360")
    no_horizontal_overflow(page)
    page.get_by_role("button", name="Ready").click()

    expect_panel(page, "check_in")
    expect(page.get_by_text("Step 2 of 5")).to_be_visible()
    expect(page.get_by_text("0 = severe pain")).to_be_visible()
    expect(page.get_by_text("10 = completely comfortable")).to_be_visible()
    axe_check(page, "session-02-baseline-360")
    no_horizontal_overflow(page)
    stop_box = page.get_by_role("button", name="STOP").bounding_box()
    click_rating(page, "6")

    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    assert page.get_by_role("button", name="STOP").bounding_box() == stop_box  # never moves
    page.get_by_role("button", name="Ready").click()

    expect_panel(page, "lean")
    expect(page.get_by_text("Step 4 of 5 · Lean 1 of 3")).to_be_visible()
    axe_check(page, "session-03-lean-360")
    no_horizontal_overflow(page)
    run_lean_with_timer(page, 1)
    axe_check(page, "session-04-lean-check-in-360")
    no_horizontal_overflow(page)
    click_rating(page, "7")
    run_lean_with_timer(page, 2)
    click_rating(page, "8")
    run_lean_with_timer(page, 3)
    click_rating(page, "9")

    expect_panel(page, "finish")
    expect(page.get_by_text("Step 5 of 5")).to_be_visible()
    expect_no_second_rating(page, 9)  # the last lean's 9 is the after rating
    axe_check(page, "session-05-finish-360")
    no_horizontal_overflow(page)
    page.get_by_label("Note (optional)").fill("Felt taller afterwards.")
    page.get_by_role("button", name="Finish the session").click()

    expect_panel(page, "summary")
    expect(page.get_by_role("heading", name="Session complete")).to_be_visible()
    expect(page.get_by_text("6 → 9 · relief +3")).to_be_visible()
    expect(page.get_by_text("Felt taller afterwards.")).to_be_visible()
    expect(page.get_by_role("button", name="STOP")).to_have_count(0)  # nothing left to stop
    axe_check(page, "session-06-summary-360")
    no_horizontal_overflow(page)

    session = GuidedSession.objects.get(partner=partner)
    assert session.state == SessionState.COMPLETED
    assert ratings(session) == [(6, False), (7, False), (8, False), (9, False)]
    assert (session.after_comfort, session.relief) == (9, 3)
    assert session.note == "Felt taller afterwards."
    assert console_errors == []


def focused_text(page: Page) -> str:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el) return "";
          if (el.labels && el.labels.length) return el.labels[0].innerText.trim();
          return (el.innerText || el.value || "").trim();
        }"""
    )


def tab_to(page: Page, pattern: str, limit: int = 60) -> None:
    regex = re.compile(pattern)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if regex.search(focused_text(page)):
            return
    raise AssertionError(f"Tab never reached {pattern!r}")


def test_whole_default_session_by_keyboard_alone(
    live_server, page: Page, seeded, console_errors, axe_check
):
    user, partner = cleared_partner()
    # Dark theme and reduced motion on this run; axe checks the contrast of both themes.
    page.emulate_media(color_scheme="dark", reduced_motion="reduce")
    on_the_page_clock(page)
    log_in(page, live_server, user.username)
    tab_to(page, r"^Start a session with Sam$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Before the session with Sam")).to_be_visible()
    axe_check(page, "session-10-pre-check")
    tab_to(page, r"^Start the session$")  # screened today: nothing more to answer
    page.keyboard.press("Enter")
    wait_until_ready(page)

    expect_panel(page, "prepare")
    tab_to(page, r"^Ready$")
    page.keyboard.press("Enter")
    expect_panel(page, "check_in")
    expect(page.locator("#step-title")).to_be_focused()  # focus follows the new panel
    tab_to(page, r"^5$")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    tab_to(page, r"^Ready$")
    page.keyboard.press("Enter")

    for lean, rating in ((1, "6"), (2, "7"), (3, "8")):
        expect(page.get_by_text(f"Step 4 of 5 · Lean {lean} of 3")).to_be_visible()
        tab_to(page, r"^Start the lean$")
        if lean == 1:
            pause_clock(page)
        page.keyboard.press("Enter")
        if lean == 1:
            # After the get-ready countdown (3 s) and the lean-in (3 s).
            run_lean_to(page, "hold")
            expect(page.locator("[data-timer-phase]")).to_have_text("Hold")
            axe_check_with_time_running(page, axe_check, "session-12-lean-running-dark")
        skip_lean(page)
        expect_panel(page, "lean_check_in")
        if lean == 1:
            axe_check(page, "session-13-check-in-dark")
        tab_to(page, rf"^{rating}$")
        page.keyboard.press("Enter")

    expect_panel(page, "finish")
    expect_no_second_rating(page, 8)
    tab_to(page, r"^$|Note")  # the note's textarea, the first field after the last rating
    page.keyboard.type("Keyboard only.")
    tab_to(page, r"^Finish the session$")
    page.keyboard.press("Enter")

    expect_panel(page, "summary")
    expect(page.get_by_text("5 → 8 · relief +3")).to_be_visible()
    axe_check(page, "session-11-summary-keyboard")
    session = GuidedSession.objects.get(partner=partner)
    assert ratings(session) == [(5, False), (6, False), (7, False), (8, False)]
    assert session.after_comfort == 8
    assert session.note == "Keyboard only."
    assert console_errors == []


def release_lean(page: Page, *, scripts: bool) -> None:
    """The lean's hand-over to its check-in without waiting the lean out: "Done, released"
    without JavaScript. With it that button is not offered (the timer hands over by
    itself): once the timer is wired up, submit that form the way the timer does."""
    expect_panel(page, "lean")
    if not scripts:
        page.get_by_role("button", name="Done, released").click()
    else:
        expect(page.get_by_role("button", name="Start the lean")).to_be_visible()
        page.locator("[data-timer-done]").evaluate("form => form.requestSubmit()")
    expect_panel(page, "lean_check_in")


def walk_to(page: Page, kind: str, *, scripts: bool = True) -> None:
    """From the first step to the first panel of `kind`, by the quickest buttons."""
    order = ["prepare", "check_in", "prepare-2", "lean", "lean_check_in", "finish"]
    target = order.index(kind)
    if target >= 1:
        page.get_by_role("button", name="Ready").click()
    if target >= 2:
        click_rating(page, "6")
    if target >= 3:
        page.get_by_role("button", name="Ready").click()
    if target >= 4:
        release_lean(page, scripts=scripts)
    if target >= 5:
        for lean in (1, 2, 3):
            if lean > 1:
                release_lean(page, scripts=scripts)
            click_rating(page, "7")
    expect_panel(page, kind.split("-")[0])


@pytest.mark.parametrize("kind", ["prepare", "check_in", "lean", "lean_check_in", "finish"])
def test_stop_from_every_step_kind(
    live_server, page: Page, seeded, console_errors, axe_check, kind
):
    user, partner = cleared_partner()
    log_in(page, live_server, user.username)
    start_from_home(page)
    walk_to(page, kind)
    if kind == "lean":
        page.get_by_role("button", name="Start the lean").click()  # STOP mid-lean
    page.get_by_role("button", name="STOP").click()

    expect(page.get_by_text("Release slowly — do not let go suddenly.")).to_be_visible()
    axe_check(page, f"session-20-stop-{kind}")
    page.get_by_role("button", name="Discomfort").click()
    expect(page.get_by_role("heading", name="Aftercare")).to_be_visible()
    expect(page.get_by_text("Recorded reason: Discomfort.")).to_be_visible()
    axe_check(page, f"session-21-aftercare-{kind}")
    expect(page.get_by_role("link", name="See it in your history")).to_be_visible()

    session = GuidedSession.objects.get(partner=partner)
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, StopReason.DISCOMFORT)
    assert console_errors == []


def test_stop_by_keyboard_shortcut(live_server, page: Page, seeded, console_errors, axe_check):
    user, partner = cleared_partner()
    log_in(page, live_server, user.username)
    start_from_home(page)
    expect_panel(page, "prepare")
    page.keyboard.press("Escape")
    expect(page.get_by_text("Release slowly — do not let go suddenly.")).to_be_visible()
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_text("Recorded reason: No reason given.")).to_be_visible()
    session = GuidedSession.objects.get(partner=partner)
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, StopReason.NONE)
    assert console_errors == []


@pytest.mark.parametrize(
    ("press", "message", "reason"),
    [
        ("3", "Comfort was 3 or lower", StopReason.LOW_COMFORT),
        ("5", "Comfort dropped below where it started", StopReason.BELOW_BASELINE),
        ("Pain, tingling or numbness", "Pain, tingling or numbness was reported", None),
    ],
)
def test_automatic_stops_show_aftercare(
    live_server, page: Page, seeded, console_errors, axe_check, press, message, reason
):
    user, partner = cleared_partner()
    log_in(page, live_server, user.username)
    start_from_home(page)
    walk_to(page, "lean_check_in")  # baseline 6
    if reason is None:
        page.get_by_role("button", name=press).click()
        reason = StopReason.PAIN_REPORTED
    else:
        click_rating(page, press)
    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_role("heading", name="Aftercare")).to_be_visible()
    axe_check(page, f"session-30-auto-stop-{reason}")
    session = GuidedSession.objects.get(partner=partner)
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, reason)
    assert console_errors == []


def test_resume_from_home_keeps_the_step_and_ratings(
    live_server, page: Page, seeded, console_errors, axe_check
):
    user, _partner = cleared_partner()
    log_in(page, live_server, user.username)
    start_from_home(page)
    walk_to(page, "lean_check_in")
    click_rating(page, "8")
    expect(page.get_by_text("Lean 2 of 3")).to_be_visible()
    page.reload()
    wait_until_ready(page)
    expect(page.get_by_text("Step 4 of 5 · Lean 2 of 3")).to_be_visible()
    page.get_by_role("link", name="Partners").click()
    page.get_by_role("link", name="Resume the session with Sam").click()
    wait_until_ready(page)
    expect(page.get_by_text("Step 4 of 5 · Lean 2 of 3")).to_be_visible()
    ratings_list = page.locator(".ratings")
    expect(ratings_list).to_contain_text("Before 6")
    expect(ratings_list).to_contain_text("Lean 1 8")
    axe_check(page, "session-40-resumed")
    assert console_errors == []


def test_works_without_javascript(live_server, browser, seeded, artifacts_dir):
    user, partner = cleared_partner()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, user.username)
    start_from_home(page, scripts=False)
    walk_to(page, "lean")
    expect(page.get_by_text("Hold", exact=True)).to_be_visible()
    expect(page.get_by_text("5 seconds")).to_be_visible()
    expect(page.get_by_role("button", name="Start the lean")).to_be_hidden()
    # (axe runs in the page, so it cannot run here; the same panel is checked with JS on.)
    page.screenshot(path=str(artifacts_dir / "session-50-lean-no-js.png"), full_page=True)
    page.get_by_role("button", name="Done, released").click()
    expect_panel(page, "lean_check_in")
    click_rating(page, "7")
    expect(page.get_by_text("Lean 2 of 3")).to_be_visible()
    page.get_by_role("button", name="STOP").click()
    expect(page.get_by_text("Release slowly — do not let go suddenly.")).to_be_visible()
    context.close()
    session = GuidedSession.objects.get(partner=partner)
    assert ratings(session) == [(6, False), (7, False)]
    assert session.state == SessionState.STOPPED


def test_finish_note_without_javascript(live_server, browser, seeded, artifacts_dir):
    """The finish asks only for the note, and the note form is a plain POST too."""
    user, partner = cleared_partner()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, user.username)
    start_from_home(page, scripts=False)
    walk_to(page, "finish", scripts=False)  # before 6, every lean 7
    expect_no_second_rating(page, 7)
    page.screenshot(path=str(artifacts_dir / "session-51-finish-no-js.png"), full_page=True)
    page.get_by_label("Note (optional)").fill("No scripts needed.")
    page.get_by_role("button", name="Finish the session").click()
    expect(page.get_by_role("heading", name="Session complete")).to_be_visible()
    expect(page.get_by_text("6 → 7 · relief +1")).to_be_visible()
    expect(page.get_by_text("No scripts needed.")).to_be_visible()
    context.close()
    session = GuidedSession.objects.get(partner=partner)
    assert (session.state, session.after_comfort, session.note) == (
        SessionState.COMPLETED,
        7,
        "No scripts needed.",
    )
    assert ratings(session) == [(6, False), (7, False), (7, False), (7, False)]
