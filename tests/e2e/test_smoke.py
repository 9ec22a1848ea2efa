from playwright.sync_api import expect

from tests.factories import PASSWORD


def test_sign_up_add_partner_and_log_out(live_server, page, console_errors, axe_check):
    page.goto(live_server.url)
    axe_check(page, "foundation-01-welcome")
    page.get_by_role("link", name="Create an account").first.click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    axe_check(page, "foundation-02-signup")

    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Who will receive the stretch?")).to_be_visible()
    axe_check(page, "foundation-03-add-partner")
    page.get_by_role("button", name="Add partner").click()  # empty name: a clear error
    expect(page.get_by_text("This field is required.")).to_be_visible()
    axe_check(page, "foundation-04-add-partner-error")
    page.get_by_label("Name of the person receiving the stretch").fill("Sam")
    page.get_by_role("button", name="Add partner").click()

    expect(page.get_by_role("heading", name="Sam")).to_be_visible()
    expect(page.get_by_role("link", name="Start a session with Sam")).to_be_visible()
    axe_check(page, "foundation-05-home")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    axe_check(page, "foundation-06-login")
    assert console_errors == []
