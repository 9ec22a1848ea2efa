"""Choosing the gentler routine at the start, in Chromium, through to the first lean's plan."""

import re

import pytest
from playwright.sync_api import Page, expect

from sessions.models import GuidedSession, Routine, StepKind
from sessions.seed import DEFAULT_ROUTINE_NAME, GENTLE_ROUTINE_NAME
from tests.support.browser import cleared_partner, expect_panel, log_in, wait_until_ready

pytestmark = pytest.mark.e2e

SIZES = [(360, 640), (1280, 800)]


def test_the_gentler_routine_can_be_chosen_and_its_lean_holds_three_seconds(
    seeded, live_server, page: Page, console_errors, axe_check, artifacts_dir
):
    user, _partner = cleared_partner()
    log_in(page, live_server, user.username)
    page.get_by_role("link", name="Start a session with Sam").click()

    default = page.get_by_role("radio", name=re.compile(DEFAULT_ROUTINE_NAME))
    gentle = page.get_by_role("radio", name=re.compile(GENTLE_ROUTINE_NAME))
    expect(page.get_by_role("group", name="Which routine?")).to_be_visible()
    expect(default).to_be_checked()  # nothing to tap for the usual routine
    expect(gentle).not_to_be_checked()
    expect(page.get_by_text("2 leans · hold 3 s")).to_be_visible()
    axe_check(page, "routines-start-choice")
    for width, height in SIZES:
        for scheme in ("light", "dark"):
            page.set_viewport_size({"width": width, "height": height})
            page.emulate_media(color_scheme=scheme)
            page.screenshot(
                path=str(artifacts_dir / f"routines-choice-{width}-{scheme}.png"), full_page=True
            )
            width_now = page.evaluate("document.documentElement.scrollWidth")
            assert width_now <= width, f"{width_now}px wide at {width}px"
    page.emulate_media(color_scheme="light")

    # A tap on the routine's box (its label) chooses it, by keyboard too.
    gentle.focus()
    page.keyboard.press("Space")
    expect(gentle).to_be_checked()
    page.get_by_role("button", name="Start the session").click()
    wait_until_ready(page)
    session = GuidedSession.objects.get()
    assert session.routine == Routine.objects.get(name=GENTLE_ROUTINE_NAME)

    # Position, the stop signal with the starting rating, the arms: then the lean.
    for _ in range(len(session.steps)):
        panel = page.locator("#step")
        kind = panel.get_attribute("data-panel")
        if kind == "lean":
            break
        step = panel.get_attribute("data-step")
        if kind == "check_in":
            page.get_by_role("button", name="7", exact=True).click()
        else:
            page.locator("#step form button[type=submit]").first.click()
        expect(page.locator("#step")).not_to_have_attribute("data-step", step)
    expect_panel(page, "lean")
    plan = page.locator(".timer-plan li")
    expect(plan).to_have_count(3)
    expect(plan.nth(0)).to_contain_text("3 seconds")
    expect(plan.nth(1)).to_contain_text("Hold")
    expect(plan.nth(1)).to_contain_text("3 seconds")
    expect(plan.nth(2)).to_contain_text("4 seconds")
    expect(page.locator(".step-progress")).to_contain_text("Lean 1 of 2")
    leans = [step for step in session.steps if step["kind"] == StepKind.LEAN]
    assert [step["hold_seconds"] for step in leans] == [3]
    assert console_errors == []
