"""Forgot your password: the mailed link sets a new one, which logs in; an unknown address
gets the same page; a used link is refused with a page that says so. Also adding an email
address and confirming it from the mail. Phone width (360 px) throughout."""

import re

import pytest
from playwright.sync_api import Page, expect

from decompress import email_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}
NEW_PASSWORD = "another-long-Passphrase-43"


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _ask_for_a_link(page: Page, live_server, address: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    _heading(page, "Forgot your password?")
    page.get_by_label("Your email address").fill(address)
    page.get_by_role("button", name="Send the link").click()
    _heading(page, "Check your email")


def _log_in(page: Page, live_server, username: str, password: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.django_db(transaction=True)
def test_a_forgotten_password_is_reset_by_the_mailed_link(
    live_server, page: Page, mailoutbox, axe_check, console_errors
):
    page.set_viewport_size(PHONE)
    user = UserFactory(username="robin", email="robin@example.org")
    email_address.confirm(account=user, address=user.email)

    page.goto(live_server.url + "/accounts/login/")
    axe_check(page, "reset-01-login")
    _ask_for_a_link(page, live_server, "robin@example.org")
    axe_check(page, "reset-02-check-your-email")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["robin@example.org"]
    link = _link(mailoutbox[0])

    page.goto(link)
    _heading(page, "Set a new password")
    assert "set-password" in page.url  # the token is no longer in the address bar
    axe_check(page, "reset-03-new-password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("The same new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    _heading(page, "Your new password is set")
    axe_check(page, "reset-04-done")

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    _log_in(page, live_server, "robin", PASSWORD)  # the old password no longer works
    expect(page.locator(".errorlist")).to_be_visible()

    page.goto(link)  # the same link again: used
    _heading(page, "This link has expired or was already used")
    axe_check(page, "reset-05-used-link")
    page.get_by_role("link", name="Ask for a new link").click()
    _heading(page, "Forgot your password?")
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_an_unknown_address_gets_the_same_page(live_server, page: Page, mailoutbox):
    page.set_viewport_size(PHONE)
    user = UserFactory(username="robin", email="robin@example.org")
    email_address.confirm(account=user, address=user.email)

    _ask_for_a_link(page, live_server, "robin@example.org")
    known = (page.url, page.get_by_role("main").inner_text())
    _ask_for_a_link(page, live_server, "nobody@example.org")
    unknown = (page.url, page.get_by_role("main").inner_text())
    assert unknown == known
    assert [m.to for m in mailoutbox] == [["robin@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_an_address_is_added_and_confirmed_from_the_mail(
    live_server, page: Page, mailoutbox, axe_check, console_errors
):
    page.set_viewport_size(PHONE)
    UserFactory(username="robin")
    _log_in(page, live_server, "robin", PASSWORD)
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))

    page.goto(live_server.url + "/accounts/")
    page.get_by_role("link", name="Add an email address").click()
    _heading(page, "Add an email address")
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Save the address").click()
    expect(page.get_by_text("That password is not right. Nothing was changed.")).to_be_visible()
    axe_check(page, "email-01-wrong-password")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save the address").click()

    _heading(page, "Your account")
    expect(page.get_by_text("We sent a link to robin@example.org")).to_be_visible()
    expect(page.get_by_text("Not confirmed yet.")).to_be_visible()
    axe_check(page, "email-02-account-unconfirmed")

    page.goto(_link(mailoutbox[0]))
    _heading(page, "Confirm your email address")
    axe_check(page, "email-03-confirm")
    page.get_by_role("button", name="Confirm this address").click()
    _heading(page, "Email address confirmed")
    axe_check(page, "email-04-confirmed")
    page.get_by_role("link", name="Back to your account").click()
    expect(page.get_by_text("Confirmed. If you forget your password")).to_be_visible()
    axe_check(page, "email-05-account-confirmed")
    assert console_errors == []
