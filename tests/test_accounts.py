import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from decompress.accounts import account_delete
from decompress.models import Partner
from screening.models import Outcome, Screening
from sessions.engine import session_start
from sessions.models import CheckIn, GuidedSession, SessionState
from sessions.seed import seed_default_routine
from tests.factories import PASSWORD, PartnerFactory, ScreeningFactory, UserFactory
from tests.support.builders import build_session, build_stopped_session

pytestmark = [pytest.mark.django_db, pytest.mark.shared_state]


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


@pytest.mark.parametrize("newest", ["blocked", "emergency", "expired"])
def test_home_never_offers_resume_that_the_screening_gate_would_refuse(
    client_logged_in, partner, newest
):
    seed_default_routine()
    ScreeningFactory(partner=partner)
    session = session_start(partner=partner)
    if newest == "expired":
        Screening.objects.filter(partner=partner).update(
            created_at=timezone.now() - timedelta(days=31)
        )
    else:
        ScreeningFactory(partner=partner, outcome=Outcome(newest))
    page = client_logged_in.get("/").content.decode()
    assert "Resume the session" not in page
    assert reverse("sessions:run", args=[session.pk]) not in page
    questionnaire = reverse("screening:questionnaire", args=[partner.pk])
    if newest == "expired":
        assert "It can continue once the safety screening is valid again." in page
        assert f'href="{questionnaire}"' in page
        assert f"Answer the safety questions for {partner.name}" in page
    else:  # not advised: the card says why, and offers no way into a session
        assert f"See why for {partner.name}" in page
        assert "What to do instead" in page
    # The gate agrees: the session page sends to the questions too.
    run = client_logged_in.get(reverse("sessions:run", args=[session.pk]))
    assert run["Location"] == questionnaire


def test_home_offers_resume_while_the_screening_is_valid(client_logged_in, partner):
    seed_default_routine()
    ScreeningFactory(partner=partner)
    session = session_start(partner=partner)
    page = client_logged_in.get("/").content.decode()
    assert f"Resume the session with {partner.name}" in page
    assert reverse("sessions:run", args=[session.pk]) in page
    assert "Safety screening" not in page


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


def _html(response) -> str:
    return response.content.decode()


@pytest.fixture
def history(partner):
    """Three sessions of the logged-in account's partner."""
    return [
        build_stopped_session(partner=partner),
        build_session(partner=partner),
        build_session(partner=partner, state=SessionState.ABANDONED, leans=()),
    ]


@pytest.fixture
def stranger():
    """Another account with a partner and one session: it must never be touched."""
    return build_session(partner=PartnerFactory(name="Quentin Stranger"))


# ---- deleting the account ---------------------------------------------------------------


def test_account_deletion_asks_for_the_password_and_says_what_goes(client_logged_in, history):
    page = _html(client_logged_in.get(reverse("account_delete")))
    assert history[0].partner.name in page
    assert "every safety screening" in page
    assert "3 sessions with all their comfort ratings and notes" in page
    assert 'type="password"' in page

    response = client_logged_in.post(reverse("account_delete"), {"password": "wrong"})
    assert response.status_code == 422
    assert "That password is not right. Nothing was deleted." in _html(response)
    assert GuidedSession.objects.count() == 3


def test_account_deletion_removes_everything_it_owns_and_nothing_else(
    client_logged_in, user, history, stranger
):
    other_user = stranger.partner.account
    other_counts = (
        Partner.objects.filter(account=other_user).count(),
        Screening.objects.filter(partner__account=other_user).count(),
        GuidedSession.objects.filter(partner__account=other_user).count(),
        CheckIn.objects.filter(session__partner__account=other_user).count(),
    )
    partner_ids = list(Partner.objects.filter(account=user).values_list("pk", flat=True))

    response = client_logged_in.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")

    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not Partner.objects.filter(pk__in=partner_ids).exists()
    assert not Screening.objects.filter(partner_id__in=partner_ids).exists()
    assert not GuidedSession.objects.filter(partner_id__in=partner_ids).exists()
    assert not CheckIn.objects.filter(session_id__in=[s.pk for s in history]).exists()
    assert other_counts == (
        Partner.objects.filter(account=other_user).count(),
        Screening.objects.filter(partner__account=other_user).count(),
        GuidedSession.objects.filter(partner__account=other_user).count(),
        CheckIn.objects.filter(session__partner__account=other_user).count(),
    )
    assert other_counts == (1, 1, 1, 4)
    # Logged out: history asks for a log-in again, and the farewell is shown.
    assert client_logged_in.get(reverse("history:list")).status_code == 302
    login_page = _html(client_logged_in.get(reverse("login")))
    assert "Your account and all its data were deleted." in login_page


def test_restrict_on_a_sessions_screening_allows_deleting_both_together(partner):
    """A session's screening is RESTRICT: alone it cannot go; with the account it can."""
    from django.db.models import RestrictedError

    session = build_session(partner=partner)
    with pytest.raises(RestrictedError):
        session.screening.delete()
    account_delete(account=partner.account)
    assert not GuidedSession.objects.filter(pk=session.pk).exists()
    assert not Screening.objects.filter(pk=session.screening_id).exists()


def test_wrong_passwords_on_account_deletion_count_toward_the_login_lockout(
    client_logged_in, user, history
):
    url = reverse("account_delete")
    statuses = [client_logged_in.post(url, {"password": "wrong"}).status_code for _ in range(5)]
    # The same lockout as logging in: the fifth wrong guess locks the username.
    assert statuses == [422, 422, 422, 422, 429]
    locked = client_logged_in.post(url, {"password": PASSWORD})
    assert locked.status_code == 429
    assert b"Too many attempts" in locked.content
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert GuidedSession.objects.filter(partner__account=user).count() == 3


def test_account_deletion_is_linked_from_history_and_needs_a_log_in(client, client_logged_in):
    page = _html(client_logged_in.get(reverse("history:list")))
    assert f'href="{reverse("account_delete")}"' in page
    client.logout()
    response = client.get(reverse("account_delete"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_up_speaks_plainly_no_colons_and_one_sentence_of_password_rules(client):
    page = client.get(reverse("signup")).content.decode()
    labels = re.findall(r"<label[^>]*>(.*?)</label>", page, flags=re.S)
    assert labels, "the sign-up form has labels"
    assert not [label for label in labels if label.strip().endswith(":")]
    assert "At least 8 characters, not only numbers, not a common password" in page
    assert "<li>Your password" not in page  # Django's four bullets
    assert "Enter the same password as before" not in page


def test_log_in_labels_have_no_colons(client):
    page = client.get(reverse("login")).content.decode()
    assert ">Username<" in page
    assert ">Password<" in page
    assert "Username:" not in page


def test_account_page_holds_password_export_and_deletion(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("account")).content.decode()
    for name in ("password_change", "history:export_csv", "history:export_json", "account_delete"):
        assert f'href="{reverse(name)}"' in page, name
    assert user.get_username() in page


def test_the_menu_offers_account_not_a_top_level_password_item(client):
    client.force_login(UserFactory())
    page = client.get(reverse("history:list")).content.decode()
    nav = page.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("account")}"' in nav
    assert f'href="{reverse("password_change")}"' not in nav


def test_account_page_needs_a_log_in(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
