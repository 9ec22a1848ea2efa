"""Taps from the landing page to the first lean, for a couple who have never used the app.

Every safety step stays in the flow: each screening page (answered explicitly), the
stop-signal agreement and the baseline comfort rating. Typed fields (user name, password,
partner's name) are counted apart from taps.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from screening.models import Screening
from sessions.models import CheckIn, GuidedSession, StepKind

pytestmark = pytest.mark.e2e

TAP_TARGET = 15


class Counter:
    def __init__(self, page: Page):
        self.page = page
        self.taps = 0
        self.typed = 0

    def tap(self, locator) -> None:
        locator.click()
        self.taps += 1

    def type(self, locator, text: str) -> None:
        locator.fill(text)
        self.typed += 1


def test_a_new_couple_reaches_the_first_lean_within_fifteen_taps(
    seeded, live_server, page: Page, console_errors
):
    count = Counter(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    count.tap(page.get_by_role("link", name="Create an account").first)
    count.type(page.get_by_label("Username"), "newcouple")
    count.type(page.get_by_label("Password", exact=True), "a-Long-pass-phrase-9")
    count.type(page.get_by_label("The same password again"), "a-Long-pass-phrase-9")
    count.tap(page.get_by_role("button", name="Create account"))
    count.type(page.get_by_label(re.compile("^Name")), "Alex")
    count.tap(page.get_by_role("button", name="Add partner"))
    count.tap(page.get_by_role("link", name="Start a session with Alex"))

    # Urgent signs, conditions, needs clearance, helper: each answered explicitly.
    for number in range(1, 5):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Page {number} of 4")
        count.tap(page.get_by_role("button", name="None of these"))
    count.tap(page.get_by_role("button", name="Start the session"))

    # Through the routine's steps as a couple would: Ready on each prepare step (the
    # stop-signal agreement among them), the baseline rating, until the lean.
    session = GuidedSession.objects.get()
    for _ in range(len(session.steps)):
        panel = page.locator("#step")
        expect(panel).to_be_attached()
        kind = panel.get_attribute("data-panel")
        if kind == "lean":
            break
        step = panel.get_attribute("data-step")
        if kind == "check_in":
            count.tap(page.get_by_role("button", name="7", exact=True))
        else:
            count.tap(page.locator("#step form button[type=submit]").first)
        expect(page.locator("#step")).not_to_have_attribute("data-step", step)
    expect(page.get_by_role("button", name="Start the lean")).to_be_visible()

    print(f"\nfirst lean after {count.taps} taps and {count.typed} typed fields")
    # The safety steps were all there: a full screening, the stop signal and the baseline.
    assert Screening.objects.get().outcome == "cleared"
    kinds = [step["kind"] for step in GuidedSession.objects.get().steps]
    assert StepKind.CHECK_IN in kinds
    assert any("stop" in step["title"].lower() for step in session.steps)
    assert CheckIn.objects.get(repetition=0).comfort == 7
    assert count.taps <= TAP_TARGET, f"{count.taps} taps to the first lean (target {TAP_TARGET})"
    assert console_errors == []
