"""History in Chromium: list, load more, detail and note, trends chart, delete, account deletion."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions.models import GuidedSession, StopReason
from tests.factories import PASSWORD, PartnerFactory, UserFactory
from tests.support.browser import expect_no_second_rating, on_the_page_clock, skip_lean
from tests.support.builders import build_session, build_stopped_session, bulk_sessions

pytestmark = pytest.mark.e2e


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def htmx_ready(page) -> None:
    """A test clicks faster than a person: wait until htmx has wired up the page."""
    page.wait_for_function("() => 'htmx-internal-data' in document.body")


@pytest.fixture
def account(transactional_db):
    user = UserFactory(username="robin")
    partner = PartnerFactory(account=user, name="Sam")
    now = timezone.now()
    for day in range(12):
        build_session(
            partner=partner,
            started_at=now - timedelta(days=24 - 2 * day, hours=3),
            baseline=4 + day % 2,
            leans=(5, 6, 6 + day % 4),  # the last lean is the after rating
        )
    build_stopped_session(
        partner=partner,
        started_at=now - timedelta(hours=2),
        baseline=6,
        leans=(5, 2),
        stop_reason=StopReason.LOW_COMFORT,
    )
    stranger = PartnerFactory(name="Quentin")
    build_session(partner=stranger)
    return user


def test_history_list_detail_note_and_trends(live_server, page, account, console_errors, axe_check):
    log_in(page, live_server, "robin")
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    rows = page.locator(".history-row")
    expect(rows).to_have_count(13)
    expect(rows.first).to_contain_text("Stopped · Comfort 3 or lower")
    expect(rows.first).to_contain_text("6 → —")
    expect(rows.nth(1)).to_contain_text("Completed")
    expect(page.get_by_text("Quentin")).to_have_count(0)
    axe_check(page, "history-01-list")

    page.get_by_label("Outcome").select_option("stopped")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    axe_check(page, "history-02-list-filtered")

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Session with Sam")).to_be_visible()
    expect(page.get_by_text("Reason: Comfort 3 or lower.")).to_be_visible()
    expect(page.get_by_text("Stopped here.")).to_be_visible()
    expect(page.get_by_text("comfort 2 of 10")).to_be_visible()
    # axe leaves empty style="" attributes on form fields, and htmx's settle step copies
    # them onto the swapped-in panel, which the CSP reports; so check after the swap.
    htmx_ready(page)
    page.get_by_role("textbox", name="Note").fill("Stopped early: the floor was cold.")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("status").filter(has_text="Note saved.")).to_be_visible()
    assert "/note/" not in page.url  # saved in place over htmx
    axe_check(page, "history-03-detail-note-saved")
    page.get_by_role("textbox", name="Note").fill("x" * 1001)  # maxlength stops typing at 1000
    expect(page.get_by_role("textbox", name="Note")).to_have_value("x" * 1000)

    page.get_by_role("link", name="Trends for Sam").click()
    expect(page.get_by_role("heading", name="Trends for Sam")).to_be_visible()
    expect(page.get_by_text("Over the last 10 sessions comfort after the stretch")).to_be_visible()
    chart = page.get_by_role("img", name="Relief and average check-in comfort per session")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box
    assert box["width"] > 250
    assert box["height"] > 150
    expect(page.locator("svg.chart .chart-relief")).to_have_count(12)
    expect(page.get_by_role("img", name="Sessions per week")).to_be_visible()
    axe_check(page, "history-05-trends")
    assert console_errors == []


def test_load_more_appends_the_next_page(
    live_server, page, transactional_db, console_errors, axe_check
):
    user = UserFactory(username="kim")
    bulk_sessions(partner=PartnerFactory(account=user, name="Alex"), count=30)
    log_in(page, live_server, "kim")
    page.goto(f"{live_server.url}/history/")
    rows = page.locator(".history-row")
    expect(rows).to_have_count(25)
    expect(page.get_by_text("Showing 1–25 of 30 sessions")).to_be_visible()
    htmx_ready(page)
    page.get_by_role("link", name="Load older sessions").click()
    expect(rows).to_have_count(30)
    expect(page.get_by_text("Showing 1–30 of 30 sessions")).to_be_visible()
    # The clicked link is gone; focus lands on the first of the newly loaded sessions.
    expect(rows.nth(25).get_by_role("link")).to_be_focused()
    expect(page.get_by_role("link", name="Load older sessions")).to_have_count(0)
    assert page.url == f"{live_server.url}/history/"
    axe_check(page, "history-06-load-more")
    assert console_errors == []


def test_load_more_without_javascript_is_a_page_link(
    live_server, browser, transactional_db, axe_check
):
    user = UserFactory(username="noscript")
    bulk_sessions(partner=PartnerFactory(account=user, name="Alex"), count=30)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "noscript")
    page.goto(f"{live_server.url}/history/")
    page.get_by_role("link", name="Load older sessions").click()
    expect(page.locator(".history-row")).to_have_count(5)
    assert page.url.endswith("?page=2")
    page.get_by_role("link", name="Newer sessions").click()
    expect(page.locator(".history-row")).to_have_count(25)
    context.close()


def test_delete_one_session_then_the_account(live_server, page, account, console_errors, axe_check):
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/history/")
    page.locator(".history-row").first.get_by_role("link").click()
    page.get_by_role("link", name="Delete this session").click()
    expect(page.get_by_role("heading", name="Delete this session?")).to_be_visible()
    axe_check(page, "history-07-delete-confirm")
    page.get_by_role("button", name="Delete this session").click()
    expect(page.get_by_text("The session was deleted.")).to_be_visible()
    expect(page.locator(".history-row")).to_have_count(12)

    page.get_by_role("link", name="Delete my account and all its data").click()
    expect(page.get_by_role("heading", name="Delete your account and all its data")).to_be_visible()
    expect(page.get_by_text("12 sessions with all their comfort ratings and notes")).to_be_visible()
    axe_check(page, "history-08-account-delete")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account and all data").click()
    expect(page.get_by_text("That password is not right. Nothing was deleted.")).to_be_visible()
    axe_check(page, "history-09-account-delete-error")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and all data").click()
    expect(page.get_by_text("Your account and all its data were deleted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert GuidedSession.objects.count() == 1  # the other account's session is untouched
    assert console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_history_at_360_px(live_server, browser, account, axe_check, scheme):
    context = browser.new_context(viewport={"width": 360, "height": 780}, color_scheme=scheme)
    page = context.new_page()
    log_in(page, live_server, "robin")
    page.goto(f"{live_server.url}/history/")
    axe_check(page, f"history-10-list-360-{scheme}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.get_by_role("link", name="See trends").click()
    expect(
        page.get_by_role("img", name="Relief and average check-in comfort per session")
    ).to_be_visible()
    axe_check(page, f"history-11-trends-360-{scheme}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server.url}/history/")
    page.locator(".history-row").first.get_by_role("link").click()
    axe_check(page, f"history-12-detail-360-{scheme}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def _rate(page, comfort: int) -> None:
    page.get_by_role("button", name=str(comfort), exact=True).click()


def test_sessions_done_in_the_real_session_ui_show_up_in_history(
    live_server, page, seeded, console_errors, axe_check
):
    from screening.models import Outcome
    from sessions.models import Step, StepKind
    from tests.factories import ScreeningFactory

    user = UserFactory(username="casey")
    partner = PartnerFactory(account=user, name="Sam")
    ScreeningFactory(partner=partner, outcome=Outcome.CLEARED)
    # Staff can tune the timings in admin; one second per phase keeps the test short.
    Step.objects.filter(kind=StepKind.LEAN).update(
        lean_in_seconds=1, hold_seconds=1, release_seconds=1
    )
    on_the_page_clock(page)  # and each lean is skipped through
    log_in(page, live_server, "casey")

    def start_session() -> None:
        page.goto(live_server.url)
        page.get_by_role("link", name="Start a session with Sam").click()
        page.get_by_role("button", name="Start the session").click()  # screened today
        expect(page.get_by_role("heading", name="Get into position")).to_be_visible()
        htmx_ready(page)
        # The mute button appears once the session module has wired the page.
        expect(page.locator("[data-mute]")).to_be_visible()
        page.get_by_role("button", name="Ready").click()
        expect(page.get_by_role("heading", name="Agree a stop signal")).to_be_visible()

    # 1. A completed session: before 5, leans 6 / 7 / 8 (the last is the after), a note.
    start_session()
    _rate(page, 5)
    expect(page.get_by_role("heading", name="Connect your arms")).to_be_visible()
    page.get_by_role("button", name="Ready").click()
    for comfort in (6, 7, 8):
        expect(page.get_by_role("heading", name="Gentle lean")).to_be_visible()
        page.get_by_role("button", name="Start the lean").click()
        skip_lean(page)
        expect(page.get_by_role("heading", name="How does that feel?")).to_be_visible(
            timeout=15_000
        )
        _rate(page, comfort)
    expect(page.get_by_role("heading", name="Finish")).to_be_visible()
    expect_no_second_rating(page, 8)
    page.get_by_role("textbox").fill("Felt looser afterwards.")
    page.get_by_role("button", name="Finish the session").click()
    expect(page.get_by_role("heading", name="Session complete")).to_be_visible()
    page.get_by_role("link", name="See it in your history").click()
    expect(page.get_by_role("heading", name="Session with Sam")).to_be_visible()
    expect(page.get_by_text("Completed", exact=True)).to_be_visible()
    for text in ("comfort 5 of 10", "comfort 6 of 10", "comfort 7 of 10", "comfort 8 of 10"):
        expect(page.get_by_text(text)).to_be_visible()  # once each: no second after rating
    expect(page.get_by_role("textbox", name="Note")).to_have_value("Felt looser afterwards.")
    axe_check(page, "history-20-real-completed-detail")

    # 2. A stopped session: before 6, then STOP, reason "discomfort".
    start_session()
    _rate(page, 6)
    expect(page.get_by_role("heading", name="Connect your arms")).to_be_visible()
    page.get_by_role("button", name="STOP").click()
    expect(page.get_by_text("Release slowly — do not let go suddenly.")).to_be_visible()
    page.get_by_role("button", name="Discomfort").click()
    expect(page.get_by_text("Recorded reason: Discomfort.")).to_be_visible()

    # The session page has no site menu: home by its session bar, then the history.
    page.locator(".session-bar").get_by_role("link", name="Partners").click()
    page.get_by_role("link", name="History", exact=True).click()
    rows = page.locator(".history-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Stopped · Discomfort")
    expect(rows.nth(0)).to_contain_text("6 → —")
    expect(rows.nth(1)).to_contain_text("Completed")
    expect(rows.nth(1)).to_contain_text("5 → 8 (+3)")
    lowest = rows.nth(1).locator("div").filter(has_text="Lowest check-in").locator("dd")
    expect(lowest).to_have_text("6")
    axe_check(page, "history-21-real-list")

    rows.nth(0).get_by_role("link").click()
    expect(page.get_by_text("Reason: Discomfort.")).to_be_visible()
    expect(page.get_by_text("Stopped here.")).to_be_visible()
    expect(page.get_by_text("comfort 6 of 10")).to_be_visible()
    axe_check(page, "history-22-real-stopped-detail")

    page.get_by_role("link", name="Trends for Sam").click()
    chart = page.get_by_role("img", name="Relief and average check-in comfort per session")
    expect(chart).to_be_visible()
    expect(
        page.get_by_text("In the last session comfort after the stretch rose by 3 points.")
    ).to_be_visible()
    axe_check(page, "history-23-real-trends")
    chart.screenshot(path="test-artifacts/history-23-real-trends-chart.png")
    assert console_errors == []
