"""Shared steps for the guided-session browser tests."""

from datetime import UTC, datetime

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from sessions.models import Routine, StepKind
from tests.factories import PASSWORD, PartnerFactory, ScreeningFactory, StepFactory, UserFactory


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Who is receiving the stretch?")).to_be_visible()


def cleared_partner(name: str = "Sam"):
    """An account with one partner whose screening is cleared (the questionnaire is tested
    elsewhere)."""
    user = UserFactory()
    partner = PartnerFactory(account=user, name=name)
    ScreeningFactory(partner=partner)
    return user, partner


def short_routine(*, lean_in=1, hold=1, release=1, repetitions=1, cue="Lean back now.") -> Routine:
    """A default routine whose lean comes straight after the two steps every routine needs
    before its first lean (the stop-signal agreement and the starting rating), for timer and
    cue tests; `start_from_home` walks past those two."""
    # The data migration's routine is still there before the first flush: not the default now.
    Routine.objects.update(is_default=False)
    routine = Routine.objects.create(name="Short", is_default=True, repetitions=repetitions)
    StepFactory(
        routine=routine,
        position=0,
        title=SHORT_SAFETY_TITLE,
        kind=StepKind.PREPARE,
        agrees_stop_signal=True,
    )
    StepFactory(routine=routine, position=1, title="Starting comfort", kind=StepKind.CHECK_IN)
    StepFactory(
        routine=routine,
        position=2,
        title="Gentle lean",
        kind=StepKind.LEAN,
        cue=cue,
        lean_in_seconds=lean_in,
        hold_seconds=hold,
        release_seconds=release,
    )
    StepFactory(routine=routine, position=3, title="Finish", kind=StepKind.FINISH)
    return routine


SHORT_SAFETY_TITLE = "Agree the stop signal"


def past_the_safety_steps(page: Page) -> None:
    """On the short routine: agree the stop signal, rate the start 7, arrive at the lean."""
    step = page.locator("#step")
    expect(step.get_by_role("heading", name=SHORT_SAFETY_TITLE)).to_be_visible()
    step.get_by_role("button", name="Ready").click()
    expect(page.locator('#step[data-panel="check_in"]')).to_be_visible()
    page.locator("#step").get_by_role("button", name="7", exact=True).click()
    expect(page.locator('#step[data-panel="lean"]')).to_be_visible()


def start_from_home(page: Page, partner_name: str = "Sam", *, scripts: bool = True) -> None:
    page.get_by_role("link", name=f"Start a session with {partner_name}").click()
    # Screened today: the start page asks nothing more ("has anything changed?" is skipped).
    page.get_by_role("button", name="Start the session").click()
    if scripts:
        wait_until_ready(page)
    else:
        expect(page.locator("#step")).to_be_attached()
    if page.locator("#step").get_by_role("heading", name=SHORT_SAFETY_TITLE).count():
        past_the_safety_steps(page)


def wait_until_ready(page: Page) -> None:
    """Wait for the page's scripts (htmx, the session module) to be wired up: a test is
    faster than any person, and would otherwise click before them."""
    expect(page.locator("#step")).to_be_attached()  # the session page, not the one before
    page.wait_for_function("() => 'htmx-internal-data' in document.body")
    # The mute button stays invisible until the session script has wired it up.
    expect(page.locator("[data-mute]")).to_be_visible()


def expect_no_second_rating(page: Page, last_lean: int) -> None:
    """The finish panel after the last lean: that lean's rating counts as the after rating,
    so it shows no rating scale again, only the optional note and the Finish button."""
    step = page.locator('#step[data-panel="finish"]')
    expect(step).to_be_visible()
    expect(
        step.get_by_text(
            f"Your rating after the last lean, {last_lean} of 10, counts as the comfort after"
            " the session."
        )
    ).to_be_visible()
    expect(step.get_by_role("radio")).to_have_count(0)
    expect(step.get_by_role("group")).to_have_count(0)  # no rating fieldset
    expect(step.get_by_role("textbox", name="Note (optional)")).to_be_visible()
    expect(step.get_by_role("button")).to_have_text(["Finish the session"])


def no_horizontal_overflow(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"page is {width}px wide in a {viewport}px viewport"


def expect_panel(page: Page, kind: str, timeout: float = 20_000) -> None:
    # Generous: a timed lean (3 + 5 + 3 s) ends by swapping in the check-in.
    expect(page.locator(f'#step[data-panel="{kind}"]')).to_be_visible(timeout=timeout)


def page_clock_only(page: Page) -> None:
    """For a test that drives the page's clock (`page.clock`): the lean's start, pause and
    resume still reach the server, which records them, but its answers (and the polls') do
    not reach the page, where they would set its timer to the server's real time."""

    def recorded_not_answered(route) -> None:
        route.fetch()
        route.fulfill(status=204)

    page.route("**/lean/", recorded_not_answered)
    page.route("**/state/**", recorded_not_answered)


def on_the_page_clock(page: Page) -> None:
    """For a flow test that is not about timing (call it before the first page loads): the
    page runs on Playwright's clock, which flows as real time does until the test moves it
    (`skip_lean`, `pause_clock`, `run_lean_to`), and the server's records of the timer stay
    off the page (`page_clock_only`). The timing itself is tested in real time, and to the
    millisecond on a paused clock, in tests/e2e/test_countdown_e2e.py and test_timer_e2e.py.
    """
    page.clock.install()
    page_clock_only(page)


# The running lean's plan, from the page's own configuration (sessions.panels'
# session_script_config): the get-ready countdown, then each phase of the step shown.
LEAN_PLAN = """() => {
  const config = JSON.parse(document.getElementById("session-config").textContent);
  const step = document.getElementById("step").dataset.step;
  return [["countdown", config.countdown.seconds * 1000],
          ...config.leans[step].map((phase) => [phase.name, phase.seconds * 1000])];
}"""


def skip_lean(page: Page) -> None:
    """After "Start the lean" on the page's clock: run the clock past the whole lean, every
    timer in order (each phase is shown and its cue given, then the timer hands over to the
    check-in), and let it flow again."""
    total = sum(ms for _name, ms in page.evaluate(LEAN_PLAN))
    page.clock.run_for(total + 1_000)
    page.clock.resume()


def pause_clock(page: Page) -> None:
    """Stop the page's clock a moment ahead of its "now": from here time moves only when the
    test moves it, so a lean started now starts at a known instant."""
    # On a busy machine the clock can pass a short margin before the call lands ("cannot
    # fast-forward to the past"), so widen it.
    for margin_ms in (20, 250, 1_000, 3_000):
        ahead = datetime.fromtimestamp((page.evaluate("Date.now()") + margin_ms) / 1000, UTC)
        try:
            page.clock.pause_at(ahead)
            return
        except PlaywrightError as error:
            if "past" not in str(error):
                raise
    raise AssertionError("could not pause the page's clock")


def run_lean_to(page: Page, phase: str) -> None:
    """A lean started on a paused clock (`pause_clock`, then the tap): move its clock to the
    middle of `phase` and leave it there, for the test to look at the running lean as long as
    it needs."""
    offset = 0
    for name, ms in page.evaluate(LEAN_PLAN):
        if name == phase:
            offset += ms // 2
            break
        offset += ms
    else:
        raise AssertionError(f"the lean has no phase {phase!r}")
    page.clock.run_for(offset)
    expect(page.locator("#step")).to_have_attribute("data-phase", phase)


# Replaces speech so the test hears every cue.
RECORD_SPEECH = """
window.__spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (utterance) => { window.__spoken.push(utterance.text); };
}
"""


def axe_check_with_time_running(page: Page, axe_check, name: str) -> None:
    """axe-core waits on timers of its own: let the page's time run while it checks, then
    pause it again."""
    page.clock.resume()
    axe_check(page, name)
    pause_clock(page)
