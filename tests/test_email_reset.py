"""An email address on the account, confirmed by a link, and password reset by email."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse

from decompress import email_address
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_state]

NEW_PASSWORD = "another-long-Passphrase-43"


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def _page(response) -> str:
    """The page as a user sees it: without the per-response CSRF token and CSP nonce."""
    html = response.content.decode()
    html = re.sub(r'("X-CSRFToken": ")[^"]+', r"\1", html)
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)
    return re.sub(r'(nonce=")[^"]+', r"\1", html)


def _confirmed_user(address: str = "robin@example.org", **kwargs):
    user = UserFactory(email=address, **kwargs)
    email_address.confirm(account=user, address=address)
    return user


def _ask_reset(client, address: str, **extra):
    return client.post(reverse("password_reset"), {"email": address}, follow=True, **extra)


# --- Adding and confirming an address --------------------------------------------------------


def test_sign_up_with_an_address_mails_a_confirmation_link(client, mailoutbox):
    response = client.post(
        reverse("signup"),
        {"username": "alex", "email": "Alex@Example.org", "password1": PASSWORD,
         "password2": PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["Alex@example.org"]
    assert "alex" in mailoutbox[0].body
    user = response.wsgi_request.user
    assert not email_address.is_confirmed(user)
    page = client.get(reverse("account")).content.decode()
    assert "Not confirmed yet" in page


def test_sign_up_without_an_address_sends_nothing(client, mailoutbox):
    response = client.post(
        reverse("signup"), {"username": "alex", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert mailoutbox == []


def test_the_link_confirms_the_address_on_a_button_press(client, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_email"), {"email": "robin@example.org", "password": PASSWORD})
    path = _path(_link(mailoutbox[0]))
    client.logout()  # the mail may be opened on another device

    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm this address" in page.content
    assert not email_address.is_confirmed(user)  # opening the link alone confirms nothing

    done = client.post(path)
    assert b"Email address confirmed" in done.content
    user.refresh_from_db()
    assert email_address.is_confirmed(user)
    client.force_login(user)
    assert "Confirmed. If you forget" in client.get(reverse("account")).content.decode()


def test_an_old_confirmation_link_is_refused(client):
    user = UserFactory(email="robin@example.org")
    four_days_ago = datetime.now().timestamp() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = email_address.confirmation_token(user)
    page = client.post(reverse("account_email_confirm", args=[token]))
    assert b"This link has expired or was already used" in page.content
    assert not email_address.is_confirmed(user)


def test_a_link_for_a_replaced_address_is_refused(client, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_email"), {"email": "old@example.org", "password": PASSWORD})
    client.post(reverse("account_email"), {"email": "new@example.org", "password": PASSWORD})
    old_link, new_link = (_path(_link(m)) for m in mailoutbox)
    assert mailoutbox[1].to == ["new@example.org"]
    assert b"This link has expired or was already used" in client.post(old_link).content
    user.refresh_from_db()
    assert not email_address.is_confirmed(user)
    assert b"Email address confirmed" in client.post(new_link).content


def test_a_tampered_or_foreign_token_is_refused(client):
    user = UserFactory(email="robin@example.org")
    token = email_address.confirmation_token(user)
    signed_elsewhere = signing.dumps(signing.loads(token, salt=email_address.CONFIRM_SALT))
    for forged in (token[:-3] + "abc", signed_elsewhere, "not-a-token"):
        page = client.post(reverse("account_email_confirm", args=[forged]))
        assert b"This link has expired or was already used" in page.content
    user.refresh_from_db()
    assert not email_address.is_confirmed(user)


def test_changing_the_address_needs_the_password_and_unconfirms_it(client, mailoutbox):
    user = _confirmed_user("robin@example.org")
    client.force_login(user)
    wrong = client.post(reverse("account_email"), {"email": "x@example.org", "password": "no"})
    assert wrong.status_code == 422
    assert b"That password is not right" in wrong.content
    user.refresh_from_db()
    assert user.email == "robin@example.org"
    assert email_address.is_confirmed(user)

    client.post(reverse("account_email"), {"email": "sam@example.org", "password": PASSWORD})
    user.refresh_from_db()
    assert user.email == "sam@example.org"
    assert not email_address.is_confirmed(user)  # a new address waits for its link
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]


def test_wrong_passwords_on_the_email_page_lock_like_wrong_log_ins(client):
    user = UserFactory(username="robin")
    client.force_login(user)
    statuses = [
        client.post(
            reverse("account_email"), {"email": "x@example.org", "password": "wrong"}
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [422, 422, 422, 422, 429]  # axes counts them: the fifth locks
    client.logout()
    login = client.post(reverse("login"), {"username": "robin", "password": PASSWORD})
    assert login.status_code == 429
    user.refresh_from_db()
    assert user.email == ""


def test_an_empty_address_removes_it(client):
    user = _confirmed_user()
    client.force_login(user)
    client.post(reverse("account_email"), {"email": "", "password": PASSWORD})
    user.refresh_from_db()
    assert user.email == ""
    assert not email_address.is_confirmed(user)
    assert b"Add an email address" in client.get(reverse("account")).content


def test_sending_the_link_again_is_limited(client, mailoutbox, settings):
    settings.CONFIRM_MAIL_RATE_LIMIT = "2/hour"
    user = UserFactory(email="robin@example.org")
    client.force_login(user)
    for _ in range(3):
        page = client.post(reverse("account_email_resend"), follow=True)
    assert len(mailoutbox) == 2
    assert b"No link could be sent" in page.content


# --- Password reset ------------------------------------------------------------------------


def test_log_in_page_offers_a_reset(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}">Forgot your password?' in page


def test_reset_mail_goes_to_a_confirmed_address(client, mailoutbox):
    _confirmed_user("robin@example.org", username="robin")
    response = _ask_reset(client, "ROBIN@example.org")
    assert b"Check your email" in response.content
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["robin@example.org"]
    assert "robin" in mailoutbox[0].body


@pytest.mark.parametrize("case", ["unknown", "unconfirmed", "shared", "inactive"])
def test_no_mail_and_the_same_page_when_the_address_cannot_be_used(client, mailoutbox, case):
    _confirmed_user("known@example.org")
    if case == "unconfirmed":
        UserFactory(email="robin@example.org")
    elif case == "shared":  # two accounts confirmed it: which one to reset would be a guess
        _confirmed_user("robin@example.org")
        _confirmed_user("Robin@example.org")
    elif case == "inactive":
        _confirmed_user("robin@example.org", is_active=False)
    known = _ask_reset(client, "known@example.org", REMOTE_ADDR="192.0.2.1")
    mailoutbox.clear()
    other = _ask_reset(client, "robin@example.org", REMOTE_ADDR="192.0.2.2")
    assert mailoutbox == []
    assert other.redirect_chain == known.redirect_chain
    assert other.status_code == known.status_code == 200
    assert _page(other) == _page(known)


def test_an_unconfirmed_address_next_to_a_confirmed_one_does_not_block_the_reset(
    mailoutbox, client
):
    owner = _confirmed_user("robin@example.org")
    UserFactory(email="robin@example.org")  # someone typed it without owning the mailbox
    _ask_reset(client, "robin@example.org")
    assert len(mailoutbox) == 1
    assert f"account {owner.username}" in mailoutbox[0].body


def test_reset_requests_are_limited_per_address(client, mailoutbox, settings):
    settings.RESET_ADDRESS_RATE_LIMIT = "2/hour"
    _confirmed_user("robin@example.org")
    pages = [_ask_reset(client, "robin@example.org", REMOTE_ADDR=f"192.0.2.{i}") for i in range(3)]
    assert len(mailoutbox) == 2  # the third, over the limit, sends nothing
    assert pages[2].redirect_chain == pages[0].redirect_chain
    assert _page(pages[2]) == _page(pages[0])


def test_reset_requests_are_limited_per_client_address(client, mailoutbox, settings):
    settings.RESET_CLIENT_RATE_LIMIT = "2/hour"
    for name in ("a", "b", "c"):
        _confirmed_user(f"{name}@example.org")
    for name in ("a", "b", "c"):
        page = _ask_reset(client, f"{name}@example.org", REMOTE_ADDR="192.0.2.9")
    assert [m.to for m in mailoutbox] == [["a@example.org"], ["b@example.org"]]
    assert b"Check your email" in page.content
    _ask_reset(client, "c@example.org", REMOTE_ADDR="198.51.100.1")
    assert len(mailoutbox) == 3  # another client is not affected


def test_the_link_sets_a_new_password_once(client, mailoutbox):
    user = _confirmed_user(username="robin")
    _ask_reset(client, "robin@example.org")
    path = _path(_link(mailoutbox[0]))
    form = client.get(path, follow=True)
    assert b"Set a new password" in form.content
    form_url = form.redirect_chain[-1][0]
    assert "set-password" in form_url  # the token leaves the address bar
    done = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert b"Your new password is set" in done.content
    assert "_auth_user_id" not in client.session  # they log in themselves

    login = client.post(reverse("login"), {"username": "robin", "password": NEW_PASSWORD})
    assert login.status_code == 302
    user.refresh_from_db()

    client.logout()
    used = client.get(path, follow=True)
    assert b"This link has expired or was already used" in used.content
    assert reverse("password_reset").encode() in used.content


def test_an_old_reset_link_is_refused(client, mailoutbox, monkeypatch):
    _confirmed_user()
    _ask_reset(client, "robin@example.org")
    path = _path(_link(mailoutbox[0]))
    later = datetime.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    page = client.get(path, follow=True)
    assert b"This link has expired or was already used" in page.content
    assert b"Set a new password" not in page.content


def test_changing_the_address_voids_an_outstanding_reset_link(client, mailoutbox):
    user = _confirmed_user()
    _ask_reset(client, "robin@example.org")
    path = _path(_link(mailoutbox[0]))
    email_address.set_address(account=user, address="sam@example.org")
    page = client.get(path, follow=True)
    assert b"This link has expired or was already used" in page.content


# --- Where mail goes -----------------------------------------------------------------------


def test_mail_goes_to_the_console_locally_and_never_in_production(monkeypatch):
    import importlib

    import decompress.settings as module

    for name in ("DJANGO_EMAIL_HOST", "DJANGO_EMAIL_PORT", "DJANGO_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    try:
        monkeypatch.setenv("DJANGO_HTTPS", "0")  # make run
        local = importlib.reload(module).MAILERS["default"]
        assert local["BACKEND"].endswith("console.EmailBackend")

        monkeypatch.setenv("DJANGO_HTTPS", "1")  # production without a mail provider
        prod = importlib.reload(module).MAILERS["default"]
        assert prod["BACKEND"].endswith("smtp.EmailBackend")
        assert (prod["OPTIONS"]["host"], prod["OPTIONS"]["port"]) == ("localhost", 25)

        monkeypatch.setenv("DJANGO_EMAIL_HOST", "smtp.example.org")
        monkeypatch.setenv("DJANGO_EMAIL_HOST_USER", "decompress")
        monkeypatch.setenv("DJANGO_EMAIL_HOST_PASSWORD", "secret")
        smtp = importlib.reload(module).MAILERS["default"]["OPTIONS"]
        assert smtp["host"] == "smtp.example.org"
        assert smtp["port"] == 587
        assert smtp["use_tls"]
        assert not smtp["use_ssl"]
        assert (smtp["username"], smtp["password"]) == ("decompress", "secret")
    finally:
        monkeypatch.undo()
        importlib.reload(module)
