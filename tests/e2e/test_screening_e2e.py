"""Screening in Chromium: the checklist pages by mouse, by keyboard and without JavaScript;
blocked, emergency and cleared results; the taps a clear run takes."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from screening.models import Question, Screening
from tests.factories import PASSWORD, PartnerFactory, UserFactory

PAGE_HEADING = re.compile(r"^Page \d of \d · .+ Do any of these apply to (Sam|the helper)\?$")


def question_text(slug: str) -> str:
    return Question.objects.get(slug=slug).text


def log_in_with_partner(page, live_server, name: str = "Sam"):
    user = UserFactory()
    partner = PartnerFactory(account=user, name=name)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Who is receiving the stretch?")).to_be_visible()
    return partner


def open_questionnaire(page, name: str = "Sam") -> None:
    page.get_by_role("link", name=f"Start a session with {name}").click()
    expect_page(page, 1)


def expect_page(page, number: int, of: int = 4) -> None:
    heading = page.get_by_role("heading", level=1, name=PAGE_HEADING)
    expect(heading).to_contain_text(f"Page {number} of {of}")


def fresh(page) -> None:
    """Reload after an axe run: axe-core leaves empty style="" attributes on inputs, and
    htmx's settle step copies attributes between old and new elements of the same id, so
    the next swap would trip the strict CSP. A real visitor never carries them."""
    page.reload()


def none_of_these(page) -> None:
    """Answer the page shown and wait for the next one: a second tap before the swap would
    land on the same page again (htmx drops it), and the next tick would find nothing."""
    heading = page.get_by_role("heading", level=1)
    before = heading.inner_text()
    page.get_by_role("button", name="None of these").click()
    expect(heading).not_to_have_text(before)


def tick(page, *slugs: str) -> None:
    for slug in slugs:
        page.get_by_role("checkbox", name=question_text(slug)).check()


def go_on(page, *, moves: bool = True) -> None:
    """Tap Continue (or See the result); unless the page is expected to stay (an error),
    wait for the next page, as `none_of_these` does: a tap on the next page's buttons
    before the swap would land on this one."""
    heading = page.get_by_role("heading", level=1)
    before = heading.inner_text()
    page.get_by_role("button", name=re.compile("^(Continue|See the result)$")).click()
    if moves:
        expect(heading).not_to_have_text(before)


def test_none_on_every_page_clears_in_four_taps_and_starts_the_session(
    seeded, live_server, page, axe_check, console_errors
):
    partner = log_in_with_partner(page, live_server)
    open_questionnaire(page)
    axe_check(page, "screening-01-page-1")
    fresh(page)
    taps = 0
    for number in (1, 2, 3, 4):
        expect_page(page, number)
        # htmx swapped the page in: focus is on its heading, the address names the page.
        if number > 1:
            expect(page.get_by_role("heading", level=1)).to_be_focused()
            expect(page).to_have_title(re.compile(rf"^Page {number} of 4: "))
            assert re.search(r"/screening/partner/\d+/[a-z-]+/$", page.url)
        none_of_these(page)
        taps += 1
    expect(page.get_by_role("heading", name="Sam is cleared for the stretch")).to_be_visible()
    print(f"Taps from the questionnaire's first page to the cleared result: {taps}")
    assert taps == 4
    screening = Screening.objects.get()
    assert screening.outcome == "cleared"
    assert screening.answered_yes == []
    axe_check(page, "screening-02-cleared")
    # Answered today: the start asks nothing more.
    page.get_by_role("button", name="Start the session").click()
    page.wait_for_url(re.compile(r"/session/\d+/$"))
    assert partner.guided_sessions.count() == 1
    assert console_errors == []


def test_herniated_disc_blocks_with_no_way_to_start(
    seeded, live_server, page, axe_check, console_errors
):
    partner = log_in_with_partner(page, live_server)
    open_questionnaire(page)
    none_of_these(page)
    expect_page(page, 2)

    # Nothing chosen: the server says so, the summary takes focus, nothing is saved.
    go_on(page, moves=False)
    summary = page.get_by_role("region", name="There is a problem")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("or choose “None of these”")
    axe_check(page, "screening-03-page-errors")
    fresh(page)
    assert not Screening.objects.exists()

    # Ticking an item makes "None of these" unavailable, and says why.
    tick(page, "herniated-disc")
    expect(page.get_by_role("button", name="None of these")).to_be_disabled()
    expect(page.get_by_text("You ticked an item above.")).to_be_visible()
    tick(page, "arm-injury")
    page.get_by_role("checkbox", name=question_text("arm-injury")).uncheck()
    axe_check(page, "screening-04-page-ticked")
    fresh(page)
    tick(page, "herniated-disc")
    go_on(page)
    expect_page(page, 3)
    # Back shows the earlier answer as given.
    page.get_by_role("link", name="Back", exact=True).click()
    expect_page(page, 2)
    expect(page.get_by_role("checkbox", name=question_text("herniated-disc"))).to_be_checked()
    go_on(page)
    none_of_these(page)
    none_of_these(page)
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    assert re.search(r"/screening/result/\d+/$", page.url)
    disc = question_text("herniated-disc")
    expect(page.get_by_text(disc)).to_be_visible()
    expect(page.get_by_text(Question.objects.get(slug="herniated-disc").reason)).to_be_visible()
    expect(page.get_by_text("See a physiotherapist or doctor")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("start", re.I))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("start", re.I))).to_have_count(0)
    axe_check(page, "screening-05-blocked")

    # The long-term habits instead.
    page.get_by_role("link", name="Read about long-term back care").click()
    expect(
        page.get_by_role("heading", name="Looking after your back for the long term")
    ).to_be_visible()
    axe_check(page, "screening-06-back-care")
    page.go_back()

    # Typing the start address shows why again, never a session.
    page.goto(live_server.url + reverse("sessions:start", args=[partner.pk]))
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    # Home has no start action for Sam: it says why and what to do instead.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="See why for Sam")).to_be_visible()
    expect(page.get_by_role("link", name="What to do instead")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Start a session"))).to_have_count(0)
    axe_check(page, "screening-06b-home-blocked")

    # "I answered wrongly" offers the questions again; every attempt is kept.
    page.goto(live_server.url + reverse("screening:result", args=[Screening.objects.get().pk]))
    page.get_by_role("link", name="I answered wrongly — retake the questions").click()
    for _ in range(4):
        none_of_these(page)
    expect(page.get_by_role("heading", name="Sam is cleared for the stretch")).to_be_visible()
    assert Screening.objects.count() == 2
    assert console_errors == []


def test_a_ticked_urgent_sign_goes_straight_to_urgent_care(
    seeded, live_server, page, axe_check, console_errors
):
    log_in_with_partner(page, live_server)
    open_questionnaire(page)
    tick(page, "both-legs")
    go_on(page)

    urgent = page.get_by_role("heading", name="Seek urgent medical care now", level=1)
    expect(urgent).to_be_visible()
    expect(page.get_by_text("Call your local emergency number")).to_be_visible()
    expect(page.locator("main h1, main h2").first).to_have_text("Seek urgent medical care now")
    font_sizes = page.eval_on_selector_all(
        "main h1, main h2", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert font_sizes[0] == max(font_sizes)
    expect(page.get_by_text(question_text("both-legs"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("start", re.I))).to_have_count(0)
    screening = Screening.objects.get()
    assert screening.outcome == "emergency"
    assert [a["text"] for a in screening.answered_yes] == [question_text("both-legs")]
    axe_check(page, "screening-07-emergency")
    assert console_errors == []


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {tag: e.tagName, type: e.type || "", name: e.name || "", id: e.id || "",
                    text: (e.textContent || "").trim()};
        }"""
    )


def _tab_to(page, wanted, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = _focused(page)
        if wanted(focus):
            return focus
    raise AssertionError("never reached by Tab")


def test_caution_with_clearance_by_keyboard_alone(
    seeded, live_server, page, axe_check, console_errors
):
    log_in_with_partner(page, live_server)
    open_questionnaire(page)
    thinners = f"item-{Question.objects.get(slug='blood-thinners').pk}"

    for number in (1, 2):
        focus = _tab_to(page, lambda f: f["text"] == "None of these")
        page.keyboard.press("Enter")
        expect_page(page, number + 1)
        expect(page.get_by_role("heading", level=1)).to_be_focused()

    # Page 3: tick blood thinners and the clearance with Space, then Continue.
    _tab_to(page, lambda f: f["id"] == thinners)
    page.keyboard.press("Space")
    _tab_to(page, lambda f: f["name"] == "caution_confirmed")
    page.keyboard.press("Space")
    focus = _tab_to(page, lambda f: f["tag"] == "BUTTON")
    assert focus["text"] == "Continue"
    page.keyboard.press("Enter")
    expect_page(page, 4)
    expect(page.get_by_role("heading", level=1)).to_be_focused()

    focus = _tab_to(page, lambda f: f["text"] == "None of these")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sam is cleared for the stretch")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Valid until .+\."))).to_be_visible()
    expect(
        page.get_by_role("heading", name="Cleared by a doctor or physiotherapist")
    ).to_be_visible()
    expect(page.get_by_text(question_text("blood-thinners"))).to_be_visible()
    screening = Screening.objects.get()
    assert screening.outcome == "cleared"
    assert screening.caution_confirmed is True
    assert [a["text"] for a in screening.answered_yes] == [question_text("blood-thinners")]
    axe_check(page, "screening-08-cleared-with-clearance")
    assert console_errors == []


def test_caution_without_clearance_is_blocked(seeded, live_server, page, axe_check, console_errors):
    log_in_with_partner(page, live_server)
    open_questionnaire(page)
    none_of_these(page)
    none_of_these(page)
    tick(page, "spinal-stenosis")
    go_on(page)
    none_of_these(page)
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    expect(page.get_by_text("You did not tick")).to_be_visible()
    axe_check(page, "screening-09-caution-blocked")
    assert console_errors == []


def test_pages_at_phone_width_in_dark_mode(seeded, live_server, page, axe_check, console_errors):
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(color_scheme="dark")
    log_in_with_partner(page, live_server)
    open_questionnaire(page)
    for number in (1, 2, 3, 4):
        expect_page(page, number)
        axe_check(page, f"screening-10-page-{number}-360-dark")
        fresh(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        heights = page.eval_on_selector_all(
            ".check-item label, .checklist-actions button",
            "els => els.map(e => e.getBoundingClientRect().height)",
        )
        assert min(heights) >= 44
        if number < 4:
            none_of_these(page)
    go_on(page, moves=False)
    expect(page.get_by_role("region", name="There is a problem")).to_be_visible()
    axe_check(page, "screening-11-errors-360-dark")
    fresh(page)
    tick(page, "helper-chair")
    go_on(page)
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    axe_check(page, "screening-12-blocked-360-dark")
    assert console_errors == []


def test_questionnaire_works_without_javascript(seeded, live_server, browser):
    # Same pages as above (axe-checked there); axe itself needs JavaScript to run.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    partner = log_in_with_partner(page, live_server)
    open_questionnaire(page)

    # A ticked item and "None of these" together: refused, with the reason, focus on it.
    tick(page, "fever")
    page.get_by_role("button", name="None of these").click()
    summary = page.get_by_role("region", name="There is a problem")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("You ticked an item and also chose “None of these”")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_role("checkbox", name=question_text("fever"))).to_be_checked()
    assert not Screening.objects.exists()

    page.get_by_role("checkbox", name=question_text("fever")).uncheck()
    none_of_these(page)
    expect_page(page, 2)
    tick(page, "herniated-disc")
    go_on(page)
    none_of_these(page)
    none_of_these(page)
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    page.goto(live_server.url + reverse("sessions:start", args=[partner.pk]))
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    context.close()
    assert Screening.objects.get().outcome == "blocked"
