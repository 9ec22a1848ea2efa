import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from decompress.models import Partner
from tests.factories import PASSWORD, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_welcome_page_for_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Create an account" in response.content


def test_sign_up_logs_in_and_asks_for_a_partner(client):
    response = client.post(
        reverse("signup"),
        {"username": "alex", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("partner_add")
    page = client.get(response["Location"])
    assert b"Who will receive the stretch?" in page.content


def test_home_without_partners_sends_to_add_partner(client_logged_in):
    response = client_logged_in.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("partner_add")


def test_home_lists_partners_with_start_action(client_logged_in, partner):
    response = client_logged_in.get("/")
    assert response.status_code == 200
    assert partner.name.encode() in response.content
    assert reverse("sessions:start", args=[partner.pk]).encode() in response.content


def test_start_without_screening_never_reaches_a_session(client_logged_in, partner):
    response = client_logged_in.get(reverse("sessions:start", args=[partner.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("screening:questionnaire", args=[partner.pk]))


@pytest.mark.parametrize(
    ("password", "message"),
    [("password", b"too common"), ("12345678901", b"entirely numeric"), ("ab1", b"too short")],
)
def test_weak_password_is_refused_and_nothing_written(client, password, message):
    response = client.post(
        reverse("signup"), {"username": "alex", "password1": password, "password2": password}
    )
    assert response.status_code == 422
    assert message in response.content
    assert not get_user_model().objects.filter(username="alex").exists()


def test_duplicate_username_is_refused(client):
    UserFactory(username="alex")
    response = client.post(
        reverse("signup"), {"username": "alex", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 422
    assert b"already exists" in response.content
    assert get_user_model().objects.filter(username="alex").count() == 1


def test_log_in_and_log_out(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # logged in, no partner yet → add partner
    assert client.get(reverse("logout")).status_code == 405  # log out is POST only
    client.post(reverse("logout"))
    assert b"Create an account" in client.get("/").content


def test_add_rename_and_remove_partner(client_logged_in, user):
    client_logged_in.post(reverse("partner_add"), {"name": "  Robin   Lee "})
    partner = Partner.objects.get(account=user)
    assert partner.name == "Robin Lee"
    client_logged_in.post(reverse("partner_edit", args=[partner.pk]), {"name": "Robin"})
    partner.refresh_from_db()
    assert partner.name == "Robin"
    confirm = client_logged_in.get(reverse("partner_delete", args=[partner.pk]))
    assert b"cannot be undone" in confirm.content
    client_logged_in.post(reverse("partner_delete", args=[partner.pk]))
    assert not Partner.objects.filter(pk=partner.pk).exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", b"This field is required."),
        ("   ", b"This field is required."),
        ("x" * 10_000, b"at most 60 characters"),
    ],
)
def test_bad_partner_name_shows_message_and_writes_nothing(client_logged_in, name, message):
    response = client_logged_in.post(reverse("partner_add"), {"name": name})
    assert response.status_code == 422
    assert message in response.content
    assert not Partner.objects.exists()


def test_duplicate_partner_name_is_refused(client_logged_in, user):
    PartnerFactory(account=user, name="Robin")
    response = client_logged_in.post(reverse("partner_add"), {"name": "robin"})
    assert response.status_code == 422
    assert b"already have a partner called" in response.content
    assert Partner.objects.filter(account=user).count() == 1


@pytest.mark.parametrize("url_name", ["partner_edit", "partner_delete"])
def test_another_accounts_partner_is_not_found(client_logged_in, url_name):
    other = PartnerFactory(name="Not yours")
    url = reverse(url_name, args=[other.pk])
    assert client_logged_in.get(url).status_code == 404
    assert client_logged_in.post(url, {"name": "Hijacked"}).status_code == 404
    other.refresh_from_db()
    assert other.name == "Not yours"


def test_pages_need_login(client, partner):
    for url in [reverse("partner_add"), reverse("partner_edit", args=[partner.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_csp_header_is_strict(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "'nonce-" in policy
