"""The account's time zone is first guessed from the browser, and can be changed."""

import pytest
from playwright.sync_api import Browser, expect

from decompress.models import AccountSettings


@pytest.mark.django_db(transaction=True)
def test_sign_up_guesses_the_browsers_zone_and_the_account_page_changes_it(
    live_server, browser: Browser, axe_check
):
    context = browser.new_context(
        timezone_id="Pacific/Auckland", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.goto(f"{live_server.url}/accounts/signup/")
        page.get_by_label("Username").fill("kiri")
        page.get_by_label("Password", exact=True).fill("a-Long-pass-phrase-9")
        page.get_by_label("The same password again").fill("a-Long-pass-phrase-9")
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("heading", name="Who will receive the stretch?")).to_be_visible()
        assert AccountSettings.objects.get(account__username="kiri").time_zone == "Pacific/Auckland"

        page.goto(f"{live_server.url}/accounts/")
        expect(page.get_by_text("Dates and times are shown in Pacific/Auckland.")).to_be_visible()
        page.get_by_role("link", name="Change time zone").click()
        select = page.get_by_label("Time zone")
        expect(select).to_have_value("Pacific/Auckland")
        axe_check(page, "account-time-zone")
        select.select_option("Europe/London")
        page.get_by_role("button", name="Save time zone").click()
        expect(page.get_by_text("Times are now shown in Europe/London.")).to_be_visible()
        assert AccountSettings.objects.get(account__username="kiri").time_zone == "Europe/London"
        assert errors == []
    finally:
        context.close()
