"""Two phones, one session, in Chromium: the account holder's phone invites the receiver's
(a second browser context whose clock is set 5 s apart), both follow the same step and the
same lean to within half a second, a rating on the second shows on the first within a
second, STOP on the second stops both, and the ended session's link answers 410. Also the
receiver's phone without JavaScript: "Refresh" shows the current step, and STOP works."""

import time
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from sessions.models import CheckIn, GuidedSession, SessionState
from tests.support.browser import (
    cleared_partner,
    expect_panel,
    log_in,
    no_horizontal_overflow,
    short_routine,
    start_from_home,
    wait_until_ready,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
CLOCK_SHIFT = timedelta(seconds=5)

# What a person sees of the running lean: the phase and the digits on the face.
SHOWN = """() => {
  const step = document.getElementById("step");
  const digits = step?.querySelector("[data-timer-remaining]")?.textContent || "";
  return `${step?.dataset.phase || ""} ${digits}`;
}"""


def invite_link(owner: Page) -> str:
    owner.get_by_role("button", name="Add phone").click()
    invite = owner.locator("#invite")
    expect(invite.get_by_role("heading", name="Follow on Sam's phone")).to_be_visible()
    expect(invite.locator("svg.qr")).to_be_visible()
    return invite.get_by_role("link").first.get_attribute("href")


def first_seen(owner: Page, receiver: Page, seconds: float) -> tuple[dict, dict]:
    """When each phase and digit first showed on each phone (this process's clock), looking
    at both phones in turn for `seconds`."""
    seen: tuple[dict, dict] = ({}, {})
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for phone, record in zip((owner, receiver), seen, strict=True):
            shown = phone.evaluate(SHOWN)
            record.setdefault(shown, time.monotonic())
    return seen


def test_two_phones_follow_one_session(
    live_server, browser: Browser, transactional_db, axe_check, artifacts_dir
):
    short_routine(lean_in=3, hold=3, release=2, repetitions=2)
    user, _partner = cleared_partner("Sam")
    owner_context = browser.new_context(viewport=PHONE)
    receiver_context = browser.new_context(viewport=PHONE)
    receiver_context.clock.set_system_time(datetime.now() + CLOCK_SHIFT)
    owner, receiver = owner_context.new_page(), receiver_context.new_page()
    errors: list[str] = []
    for phone in (owner, receiver):
        phone.on("pageerror", lambda exc: errors.append(str(exc)))

    log_in(owner, live_server, user.username)
    start_from_home(owner)
    expect_panel(owner, "lean")
    link = invite_link(owner)
    axe_check(owner, "two-phones-01-invite-360")

    # The second phone opens the link: whose session, and the Join tap.
    receiver.goto(link)
    expect(receiver.get_by_role("heading", name="Join Sam's session")).to_be_visible()
    axe_check(receiver, "two-phones-02-join-360")
    shift = receiver.evaluate("Date.now()") - owner.evaluate("Date.now()")
    assert abs(shift - CLOCK_SHIFT.total_seconds() * 1000) < 1000, shift
    receiver.get_by_role("button", name="Join the session").click()
    expect_panel(receiver, "lean")
    expect(receiver.locator("#step").get_by_role("heading", name="Gentle lean")).to_be_visible()
    expect(receiver.get_by_role("button", name="Start the lean")).to_have_count(0)
    expect(receiver.get_by_role("button", name="STOP")).to_be_visible()
    expect(owner.get_by_text("Sam's phone is following.")).to_be_visible()
    expect(owner.locator("#invite .invite")).to_have_count(0)  # the QR code has done its job
    owner.screenshot(path=str(artifacts_dir / "two-phones-03-owner-joined-360.png"))
    for phone in (owner, receiver):
        no_horizontal_overflow(phone)
    axe_check(receiver, "two-phones-03-joined-lean-360")

    # The owner starts the lean: both phones show the same phase and seconds.
    owner.get_by_role("button", name="Start the lean").click()
    seen_owner, seen_receiver = first_seen(owner, receiver, seconds=9.5)
    receiver.screenshot(path=str(artifacts_dir / "two-phones-04-receiver-running-360.png"))
    moments = [
        shown
        for shown in seen_owner
        if shown.split(" ")[0] in ("countdown", "lean_in", "hold", "release")
    ]
    assert len(moments) >= 7, seen_owner  # 3-2-1, then the lean's seconds
    apart = {shown: seen_receiver.get(shown, float("inf")) - seen_owner[shown] for shown in moments}
    print("seconds apart:", {shown: round(gap, 3) for shown, gap in apart.items()})
    # The start reaches the receiver's phone like any change, with its next poll (within a
    # second); from then on both count the same lean, every phase and second within 0.5 s.
    first, *running = moments
    assert apart[first] <= 1.0, apart
    assert all(abs(apart[shown]) <= 0.5 for shown in running), apart

    # The lean ends on the owner's phone; the rating comes from the receiver's.
    expect_panel(owner, "lean_check_in")
    expect_panel(receiver, "lean_check_in")
    receiver.locator("#step").get_by_role("button", name="8", exact=True).click()
    expect(owner.locator('#step[data-panel="lean"]')).to_be_visible(timeout=1000)
    expect(owner.locator("#step")).to_contain_text("Lean 2 of 2", timeout=1000)
    assert CheckIn.objects.get(repetition=1).comfort == 8

    # STOP on the receiver's phone stops the session on both.
    receiver.get_by_role("button", name="STOP").click()
    for phone in (receiver, owner):
        expect(
            phone.get_by_text("Release slowly — do not let go suddenly.", exact=True)
        ).to_be_visible(timeout=1500)
    owner.screenshot(path=str(artifacts_dir / "two-phones-05-owner-stopped-360.png"))
    assert GuidedSession.objects.get().state == SessionState.STOPPED

    # The link no longer opens the session.
    response = receiver.goto(link)
    assert response.status == 410
    expect(receiver.get_by_role("heading", name="This link no longer works")).to_be_visible()
    expect(receiver.get_by_text("This session has ended.")).to_be_visible()
    assert errors == []


def test_the_receivers_phone_without_javascript_refreshes_and_stops(
    live_server, browser: Browser, transactional_db
):
    short_routine()
    user, _partner = cleared_partner("Sam")
    owner_context = browser.new_context(viewport=PHONE)
    receiver_context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    owner, receiver = owner_context.new_page(), receiver_context.new_page()
    log_in(owner, live_server, user.username)
    owner.get_by_role("link", name="Start a session with Sam").click()
    owner.get_by_role("button", name="Start the session").click()
    expect_panel(owner, "prepare")
    wait_until_ready(owner)  # the owner's phone has JavaScript: the QR code opens in place
    link = invite_link(owner)

    receiver.goto(link)
    receiver.get_by_role("button", name="Join the session").click()
    expect(receiver.locator('#step[data-panel="prepare"]')).to_be_visible()
    # The QR code closes by itself once the phone has joined.
    expect(owner.locator("#invite .invite")).to_have_count(0)
    owner.locator("#step").get_by_role("button", name="Ready").click()
    expect_panel(owner, "check_in")

    # Nothing polls without JavaScript: "Refresh" shows where the session is now.
    expect(receiver.locator('#step[data-panel="prepare"]')).to_be_visible()
    receiver.get_by_role("link", name="Refresh").click()
    expect(receiver.locator('#step[data-panel="check_in"]')).to_be_visible()
    receiver.get_by_role("button", name="STOP").click()
    expect(
        receiver.get_by_text("Release slowly — do not let go suddenly.", exact=True)
    ).to_be_visible()
    assert GuidedSession.objects.get().state == SessionState.STOPPED
    expect(owner.get_by_text("Release slowly — do not let go suddenly.", exact=True)).to_be_visible(
        timeout=1500
    )


def test_stop_sharing_tells_the_receivers_phone(live_server, browser: Browser, transactional_db):
    short_routine()
    user, _partner = cleared_partner("Sam")
    owner = browser.new_context(viewport=PHONE).new_page()
    receiver = browser.new_context(viewport=PHONE).new_page()
    log_in(owner, live_server, user.username)
    start_from_home(owner)
    link = invite_link(owner)
    receiver.goto(link)
    receiver.get_by_role("button", name="Join the session").click()
    expect_panel(receiver, "lean")
    owner.get_by_role("button", name="Stop sharing").click()
    expect(receiver.get_by_text("Your partner stopped sharing this session.")).to_be_visible(
        timeout=1500
    )
    expect(receiver.get_by_text("say stop, and release slowly", exact=False)).to_be_visible()
    expect(receiver.get_by_role("button", name="STOP")).to_have_count(0)
    expect(owner.locator('#step[data-panel="lean"]')).to_be_visible()  # the session goes on


def test_joining_in_the_middle_of_a_lean_leaves_the_lean_running(
    live_server, browser: Browser, transactional_db
):
    # Only the sharing strip changes on the leading phone: the lean is not replaced, so
    # its running phase's cue is not spoken again.
    short_routine(lean_in=2, hold=30, release=2)
    user, _partner = cleared_partner("Sam")
    owner = browser.new_context(viewport=PHONE).new_page()
    receiver = browser.new_context(viewport=PHONE).new_page()
    errors: list[str] = []
    for phone in (owner, receiver):
        phone.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(owner, live_server, user.username)
    start_from_home(owner)
    owner.get_by_role("button", name="Start the lean").click()
    expect(owner.locator("#step")).to_have_attribute("data-phase", "hold", timeout=8_000)
    owner.evaluate("window.leanShown = document.getElementById('step')")
    same_lean = "document.getElementById('step') === window.leanShown"

    link = invite_link(owner)
    expect(owner.get_by_text("Waiting for Sam's phone to join.")).to_be_visible()
    receiver.goto(link)
    receiver.get_by_role("button", name="Join the session").click()
    expect(receiver.locator("#step")).to_have_attribute("data-phase", "hold")
    expect(owner.get_by_text("Sam's phone is following.")).to_be_visible()
    expect(owner.locator("#invite .invite")).to_have_count(0)  # the QR code has done its job
    assert owner.evaluate(same_lean)
    expect(owner.locator("#step")).to_have_attribute("data-phase", "hold")

    owner.get_by_role("button", name="Stop sharing").click()
    expect(owner.locator(".sharing")).to_have_count(0)
    expect(receiver.get_by_text("Your partner stopped sharing this session.")).to_be_visible()
    assert owner.evaluate(same_lean)
    expect(owner.locator("#step")).to_have_attribute("data-phase", "hold")
    assert errors == []


def test_answers_that_turn_blocked_mid_lean_take_both_phones_out_of_the_lean(
    live_server, browser: Browser, transactional_db, artifacts_dir
):
    from screening.models import Question
    from screening.outcome import screening_record
    from screening.seed import seed_questions

    seed_questions()
    short_routine(lean_in=2, hold=60, release=2)
    user, partner = cleared_partner("Sam")
    owner = browser.new_context(viewport=PHONE).new_page()
    receiver = browser.new_context(viewport=PHONE).new_page()
    log_in(owner, live_server, user.username)
    start_from_home(owner)
    receiver.goto(invite_link(owner))
    receiver.get_by_role("button", name="Join the session").click()
    expect_panel(receiver, "lean")
    owner.get_by_role("button", name="Start the lean").click()
    for phone in (owner, receiver):
        expect(phone.locator("#step")).to_have_attribute("data-phase", "hold", timeout=10_000)

    # Answered again, on another device, mid-hold: a herniated disc.
    disc = Question.objects.get(slug="herniated-disc")
    screening_record(partner=partner, answers={disc: True}, caution_confirmed=False)

    for phone in (owner, receiver):
        expect(
            phone.get_by_text("Release slowly — do not let go suddenly.", exact=True)
        ).to_be_visible(timeout=3000)
        expect(phone.locator("[data-timer-remaining]")).to_have_count(0)  # the lean has gone
        expect(
            phone.get_by_text(
                "The safety answers changed, so the session stopped here", exact=False
            )
        ).to_be_visible(timeout=5000)
    owner.screenshot(path=str(artifacts_dir / "two-phones-06-answers-changed-360.png"))
    session = GuidedSession.objects.get()
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, "screening_changed")
