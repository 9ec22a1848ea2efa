"""Screening in Chromium: blocked, emergency and cleared paths, errors, keyboard only."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from screening.models import Question, Screening
from tests.factories import PASSWORD, PartnerFactory, UserFactory


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
    expect(page.get_by_role("heading", name=f"Safety questions for {name}")).to_be_visible()


def fresh(page) -> None:
    """Reload after an axe run: axe-core leaves empty style="" attributes on inputs, and
    htmx's settle step copies attributes between old and new elements of the same id, so
    the next swap would trip the strict CSP. A real visitor never carries them."""
    page.reload()


def answer(page, yes=()) -> None:
    for radio in page.get_by_role("radio", name="No", exact=True).all():
        radio.check()
    for slug in yes:
        group = page.get_by_role("group", name=question_text(slug))
        group.get_by_role("radio", name="Yes", exact=True).check()


def submit(page) -> None:
    page.get_by_role("button", name="See the result").click()


def test_herniated_disc_blocks_with_no_way_to_start(
    seeded, live_server, page, axe_check, console_errors
):
    partner = log_in_with_partner(page, live_server)
    open_questionnaire(page)
    axe_check(page, "screening-01-questionnaire")
    fresh(page)

    # Nothing answered: every question marked, the summary focused, nothing saved.
    submit(page)
    summary = page.get_by_role("region", name=re.compile("questions have no answer yet"))
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.get_by_text("Answer yes or no.")).to_have_count(
        Question.objects.filter(active=True).count()
    )
    axe_check(page, "screening-02-questionnaire-errors")
    assert not Screening.objects.exists()
    disc = question_text("herniated-disc")
    summary.get_by_role("link", name=disc).click()
    disc_group = page.get_by_role("group", name=disc)
    expect(disc_group.get_by_role("radio", name="Yes", exact=True)).to_be_focused()

    answer(page, yes={"herniated-disc"})
    submit(page)
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    assert re.search(r"/screening/result/\d+/$", page.url)
    expect(page.get_by_text(disc)).to_be_visible()
    expect(page.get_by_text(Question.objects.get(slug="herniated-disc").reason)).to_be_visible()
    expect(page.get_by_text("See a physiotherapist or doctor")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("start", re.I))).to_have_count(0)
    axe_check(page, "screening-03-blocked")

    # The long-term habits instead.
    page.get_by_role("link", name="Read about long-term back care").click()
    expect(
        page.get_by_role("heading", name="Looking after your back for the long term")
    ).to_be_visible()
    axe_check(page, "screening-04-back-care")
    page.go_back()

    # A reload keeps a meaningful page.
    page.reload()
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()

    # Following the visible links leads back to the questions, never to a session.
    page.get_by_role("link", name="Back to your partners").click()
    open_questionnaire(page)
    assert page.url.endswith(reverse("screening:questionnaire", args=[partner.pk]))

    # Typing the start address directly does too.
    page.goto(live_server.url + reverse("sessions:start", args=[partner.pk]))
    expect(page.get_by_role("heading", name="Safety questions for Sam")).to_be_visible()
    assert page.url.endswith(reverse("screening:questionnaire", args=[partner.pk]))

    # "I answered wrongly" offers the questions again; every attempt is kept.
    page.go_back()
    page.goto(live_server.url + reverse("screening:result", args=[Screening.objects.get().pk]))
    page.get_by_role("link", name="I answered wrongly — retake the questions").click()
    expect(page.get_by_role("heading", name="Safety questions for Sam")).to_be_visible()
    answer(page)
    submit(page)
    expect(page.get_by_role("heading", name="Sam is cleared for the stretch")).to_be_visible()
    assert Screening.objects.count() == 2
    assert console_errors == []


def test_emergency_message_comes_before_everything(
    seeded, live_server, page, axe_check, console_errors
):
    log_in_with_partner(page, live_server)
    open_questionnaire(page)
    answer(page, yes={"both-legs", "herniated-disc", "helper-back"})
    submit(page)

    urgent = page.get_by_role("heading", name="Seek urgent medical care now", level=1)
    expect(urgent).to_be_visible()
    expect(page.get_by_text("Call your local emergency number")).to_be_visible()
    first_heading = page.locator("main h1, main h2").first
    expect(first_heading).to_have_text("Seek urgent medical care now")
    urgent_box = urgent.bounding_box()
    block_box = page.get_by_text(question_text("herniated-disc")).bounding_box()
    assert urgent_box["y"] < block_box["y"]
    font_sizes = page.eval_on_selector_all(
        "main h1, main h2", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert font_sizes[0] == max(font_sizes)
    expect(page.get_by_role("link", name=re.compile("start", re.I))).to_have_count(0)
    axe_check(page, "screening-05-emergency")
    assert console_errors == []


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {tag: e.tagName, type: e.type || "", name: e.name || "",
                    value: e.value || "", text: (e.textContent || "").trim()};
        }"""
    )


def test_caution_with_clearance_by_keyboard_alone(
    seeded, live_server, page, axe_check, console_errors
):
    log_in_with_partner(page, live_server)
    open_questionnaire(page)
    thinners = f"q_{Question.objects.get(slug='blood-thinners').pk}"
    answered, ticked = set(), False

    for _ in range(200):
        page.keyboard.press("Tab")
        focus = _focused(page)
        if focus["type"] == "radio":
            # Tabbing into an unanswered group lands on its first choice, "Yes".
            assert focus["value"] == "yes"
            if focus["name"] == thinners:
                page.keyboard.press("Space")
            else:
                page.keyboard.press("ArrowDown")  # moves to "No" and selects it
            answered.add(focus["name"])
        elif focus["type"] == "checkbox":
            page.keyboard.press("Space")
            ticked = True
        elif focus["tag"] == "BUTTON" and focus["text"] == "See the result":
            page.keyboard.press("Enter")
            break
    else:
        raise AssertionError("never reached the submit button by Tab")

    assert len(answered) == Question.objects.filter(active=True).count()
    assert ticked
    expect(page.get_by_role("heading", name="Sam is cleared for the stretch")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Valid until .+\."))).to_be_visible()
    expect(
        page.get_by_role("heading", name="Cleared by a doctor or physiotherapist")
    ).to_be_visible()
    expect(page.get_by_text(question_text("blood-thinners"))).to_be_visible()
    start = page.get_by_role("link", name="Start the session")
    expect(start).to_be_visible()
    screening = Screening.objects.get()
    assert screening.outcome == "cleared"
    assert screening.caution_confirmed is True
    assert start.get_attribute("href") == reverse("sessions:start", args=[screening.partner_id])
    axe_check(page, "screening-06-cleared")
    assert console_errors == []


def test_caution_without_clearance_is_blocked(seeded, live_server, page, axe_check, console_errors):
    log_in_with_partner(page, live_server)
    open_questionnaire(page)
    answer(page, yes={"spinal-stenosis"})
    submit(page)
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    expect(page.get_by_text("You did not tick")).to_be_visible()
    axe_check(page, "screening-07-caution-blocked")
    assert console_errors == []


def test_questionnaire_at_phone_width_in_dark_mode(
    seeded, live_server, page, axe_check, console_errors
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(color_scheme="dark")
    log_in_with_partner(page, live_server)
    open_questionnaire(page)
    axe_check(page, "screening-08-questionnaire-360-dark")
    fresh(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    heights = page.eval_on_selector_all(
        ".choice", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert min(heights) >= 44
    submit(page)
    expect(page.get_by_role("region", name=re.compile("no answer yet"))).to_be_visible()
    axe_check(page, "screening-09-errors-360-dark")
    answer(page, yes={"fever"})
    submit(page)
    expect(page.get_by_role("heading", name="Seek urgent medical care now")).to_be_visible()
    axe_check(page, "screening-10-emergency-360-dark")
    assert console_errors == []


def test_questionnaire_works_without_javascript(seeded, live_server, browser):
    # Same pages as above (axe-checked there); axe itself needs JavaScript to run.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    partner = log_in_with_partner(page, live_server)
    open_questionnaire(page)
    submit(page)
    summary = page.get_by_role("region", name=re.compile("questions have no answer yet"))
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error:"))
    assert not Screening.objects.exists()
    answer(page, yes={"herniated-disc"})
    submit(page)
    expect(
        page.get_by_role("heading", name="This stretch is not safe for Sam right now")
    ).to_be_visible()
    page.goto(live_server.url + reverse("sessions:start", args=[partner.pk]))
    expect(page.get_by_role("heading", name="Safety questions for Sam")).to_be_visible()
    context.close()
    assert Screening.objects.get().outcome == "blocked"
