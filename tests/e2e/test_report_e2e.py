"""The report prints to one A4 page with a busy quarter, and its share link works for a
physiotherapist who has no account."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import cleared_partner, log_in
from tests.support.builders import quarter_of_sessions


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.django_db(transaction=True)
def test_report_prints_on_one_page_and_the_share_link_opens_it(
    live_server, page: Page, browser: Browser, seeded, axe_check, console_errors, artifacts_dir
):
    user, partner = cleared_partner()
    sessions = quarter_of_sessions(partner, count=90)
    assert sum(1 for s in sessions if s.note) >= 3
    log_in(page, live_server, user.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/history/trends/{partner.pk}/")
    page.get_by_role("link", name="Report for a professional").click()
    # Tick three of the long notes and update.
    boxes = page.get_by_role("checkbox")
    for index in range(3):
        boxes.nth(index).check()
    page.get_by_role("button", name="Update the report").click()
    expect(page.locator(".report-notes li")).to_have_count(3)
    expect(page.get_by_text("90 sessions")).to_be_visible()
    axe_check(page, "report-owner")

    # What the print stylesheet makes of it (a screenshot to look at), then the real PDFs.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1032})  # A4 less 12 mm margins
    page.screenshot(path=str(artifacts_dir / "report-print.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts_dir / "report-a4.pdf").write_bytes(pdf)
    assert _pdf_pages(pdf) == 1, f"the report prints on {_pdf_pages(pdf)} A4 pages"
    letter = page.pdf(format="Letter")
    assert _pdf_pages(letter) == 1, f"the report prints on {_pdf_pages(letter)} Letter pages"
    page.emulate_media(media="null")
    page.set_viewport_size({"width": 390, "height": 844})

    page.get_by_role("button", name="Make a share link").click()
    link = page.get_by_label("Report link").input_value()
    assert re.match(rf"^{re.escape(live_server.url)}/report/[\w-]{{40,}}/$", link)

    physio = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = physio.new_page()
        other.goto(link)
        expect(other.get_by_role("heading", name=re.compile("report for"))).to_be_visible()
        expect(other.locator(".report-notes li")).to_have_count(3)
        axe_check(other, "report-shared")
    finally:
        physio.close()

    page.goto(f"{live_server.url}/history/report/{partner.pk}/")
    expect(page.get_by_text("Opened once.")).to_be_visible()
    page.get_by_role("button", name="Stop this link").click()
    expect(page.get_by_text("That link no longer opens the report.")).to_be_visible()
    assert page.request.get(link).status == 404
    assert console_errors == []
