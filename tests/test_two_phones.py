"""Two phones, one session: the invitation, the joined phone's pages, the poll, and what a
link that no longer works (or never did) answers."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from decompress.tokens import token_hash
from sessions.engine import session_start
from sessions.invites import SessionInvite, invite_create
from sessions.models import CheckIn, GuidedSession, SessionState
from sessions.seed import seed_default_routine
from tests.factories import PartnerFactory, ScreeningFactory
from tests.support.urls import url_patterns

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


@pytest.fixture
def session(user):
    seed_default_routine()
    user.first_name = "Kim Lee"
    user.save()
    partner = PartnerFactory(account=user, name="Robin Smith")
    ScreeningFactory(partner=partner)
    return session_start(partner=partner)


@pytest.fixture
def token(session):
    return invite_create(session=session)[1]


@pytest.fixture
def phone(token):
    """The receiver's phone: no account, the link opened and Join tapped."""
    client = Client()
    assert client.get(reverse("joined:join", args=[token])).status_code == 200
    assert client.post(reverse("joined:join", args=[token])).status_code == 302
    return client


def owner_post(client, session, name, **data):
    session.refresh_from_db()
    payload = {"step_index": session.position, "repetition": session.repetition, **data}
    return client.post(reverse(f"sessions:{name}", args=[session.pk]), payload, headers=HX)


def phone_post(phone, token, name, session, **data):
    session.refresh_from_db()
    payload = {"step_index": session.position, "repetition": session.repetition, **data}
    return phone.post(reverse(f"joined:{name}", args=[token]), payload, headers=HX)


def poll(client, url, version):
    return client.get(url, {"v": version}, headers=HX)


def to_the_first_rating(client, session):
    owner_post(client, session, "advance")  # positioning: Ready


# ---- the invitation ----------------------------------------------------------------------


def test_the_invitation_shows_a_qr_code_and_a_link_whose_token_is_stored_hashed(
    client_logged_in, session
):
    response = client_logged_in.post(reverse("sessions:invite", args=[session.pk]), headers=HX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert "QR code of the link" in page
    link = re.search(r'href="(http://testserver/j/([^/"]+)/)"', page)
    assert link, page
    token = link.group(2)
    assert len(token) >= 22  # at least 128 bits, base64
    invite = SessionInvite.objects.get(session=session)
    assert invite.token_hash == token_hash(token)
    assert token not in invite.token_hash
    assert invite.expires_at - invite.created_at == timedelta(hours=2)
    # The session page now says it is shared, with a way to stop.
    page = client_logged_in.get(reverse("sessions:run", args=[session.pk])).content.decode()
    assert "Waiting for Robin Smith" in page
    assert "Stop sharing" in page


def test_the_join_page_names_the_session_by_first_names_and_writes_nothing(session, token):
    version = GuidedSession.objects.get(pk=session.pk).version
    page = Client().get(reverse("joined:join", args=[token])).content.decode()
    assert "Join Robin&#x27;s session" in page or "Join Robin's session" in page
    assert "Kim invited this phone" in page
    assert "Smith" not in page
    assert "Lee" not in page
    assert GuidedSession.objects.get(pk=session.pk).version == version
    assert SessionInvite.objects.get().joined_at is None


def test_joining_tells_the_account_holders_phone(client_logged_in, session, token, phone):
    assert SessionInvite.objects.get().joined_at is not None
    page = client_logged_in.get(reverse("sessions:run", args=[session.pk])).content.decode()
    assert "Robin Smith&#x27;s phone is following" in page or "phone is following" in page


# ---- what the joined phone can do --------------------------------------------------------


def test_the_joined_phone_follows_but_does_not_lead(client_logged_in, session, token, phone):
    live = reverse("joined:live", args=[token])
    page = phone.get(live).content.decode()
    assert 'data-panel="prepare"' in page
    assert "Ready</button>" not in page  # the account holder's phone moves on
    assert "moves on to the next step" in page
    assert reverse("joined:stop", args=[token]) in page  # its own STOP
    assert f"/session/{session.pk}/" not in page  # no URL of the account's
    to_the_first_rating(client_logged_in, session)
    page = phone.get(live).content.decode()
    assert 'data-panel="check_in"' in page
    assert reverse("joined:check_in", args=[token]) in page


def test_a_rating_from_the_joined_phone_reaches_the_account_holders_poll(
    client_logged_in, session, token, phone
):
    to_the_first_rating(client_logged_in, session)
    session.refresh_from_db()
    owner_poll = reverse("sessions:state", args=[session.pk])
    assert poll(client_logged_in, owner_poll, session.version).status_code == 204
    response = phone_post(phone, token, "check_in", session, comfort=6)
    assert response.status_code == 200
    assert CheckIn.objects.get(session=session).comfort == 6
    changed = poll(client_logged_in, owner_poll, session.version)
    assert changed.status_code == 200
    assert 'data-panel="prepare"' in changed.content.decode()  # the next step
    session.refresh_from_db()
    assert poll(client_logged_in, owner_poll, session.version).status_code == 204


def test_an_unchanged_poll_is_one_read_and_no_write(session, token, phone):
    session.refresh_from_db()
    url = reverse("joined:state", args=[token])
    with CaptureQueriesContext(connection) as queries:
        response = poll(phone, url, session.version)
    assert response.status_code == 204
    assert response.content == b""
    assert len(queries) == 1
    assert queries[0]["sql"].lstrip().upper().startswith("SELECT")


def test_the_lean_started_on_one_phone_runs_on_the_other(client_logged_in, session, token, phone):
    to_the_first_rating(client_logged_in, session)
    owner_post(client_logged_in, session, "check_in", comfort=6)
    owner_post(client_logged_in, session, "advance")  # arms connected: Ready
    session.refresh_from_db()
    before = session.version
    owner_post(client_logged_in, session, "lean", action="start")
    response = poll(phone, reverse("joined:state", args=[token]), before)
    page = response.content.decode()
    assert 'data-timer-state="running"' in page
    elapsed = int(re.search(r'data-timer-ms="(\d+)"', page).group(1))
    assert 0 <= elapsed < 5000  # milliseconds run, not a clock time
    assert "Start the lean" not in page  # only the leading phone has the controls


def test_stop_on_the_joined_phone_stops_the_session_on_both(
    client_logged_in, session, token, phone
):
    session.refresh_from_db()
    version = session.version
    response = phone.post(reverse("joined:stop", args=[token]), headers=HX)
    assert response.status_code == 200
    assert "Release slowly" in response.content.decode()
    session.refresh_from_db()
    assert session.state == SessionState.STOPPED
    owner = poll(client_logged_in, reverse("sessions:state", args=[session.pk]), version)
    assert owner.status_code == 200
    page = owner.content.decode()
    assert "Release slowly" in page
    assert 'data-panel="stopped"' in page
    assert "data-hx-trigger" not in page  # the ended panel asks no more


def test_pain_from_the_joined_phone_is_never_refused(client_logged_in, session, token, phone):
    # Reported on a step that takes no rating at all: it still stops the session.
    response = phone.post(
        reverse("joined:check_in", args=[token]),
        {"step_index": 99, "repetition": 9, "pain": "on"},
        headers=HX,
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.state == SessionState.STOPPED
    assert "Release slowly" in response.content.decode()


def test_the_same_rating_from_both_phones_is_one_action(client_logged_in, session, token, phone):
    to_the_first_rating(client_logged_in, session)
    session.refresh_from_db()
    step = {"step_index": session.position, "repetition": session.repetition}
    first = client_logged_in.post(
        reverse("sessions:check_in", args=[session.pk]), {**step, "comfort": 6}, headers=HX
    )
    second = phone.post(
        reverse("joined:check_in", args=[token]), {**step, "comfort": 6}, headers=HX
    )
    other = phone.post(reverse("joined:check_in", args=[token]), {**step, "comfort": 2}, headers=HX)
    assert (first.status_code, second.status_code, other.status_code) == (200, 200, 409)
    assert list(CheckIn.objects.values_list("comfort", flat=True)) == [6]


def test_without_javascript_the_joined_phone_has_refresh_and_a_working_stop(session, token, phone):
    live = reverse("joined:live", args=[token])
    page = phone.get(live).content.decode()
    assert f'href="{live}"' in page
    assert "Refresh" in page
    response = phone.post(reverse("joined:stop", args=[token]))  # a plain form post
    assert response.status_code == 200
    assert "Release slowly" in response.content.decode()
    session.refresh_from_db()
    assert session.state == SessionState.STOPPED


# ---- links that do not work --------------------------------------------------------------


def _state(session):
    session = GuidedSession.objects.get(pk=session.pk)
    return (
        session.state,
        session.version,
        CheckIn.objects.count(),
        list(SessionInvite.objects.values_list("joined_at", "revoked_at")),
    )


def _every_request(client, token, session):
    step = {"step_index": session.position, "repetition": session.repetition}
    yield client.get(reverse("joined:join", args=[token]))
    yield client.post(reverse("joined:join", args=[token]))
    yield client.get(reverse("joined:live", args=[token]))
    yield client.get(reverse("joined:state", args=[token]), {"v": 0}, headers=HX)
    yield client.post(reverse("joined:check_in", args=[token]), {**step, "comfort": 5})
    yield client.post(reverse("joined:check_in", args=[token]), {**step, "pain": "on"})
    yield client.post(reverse("joined:stop", args=[token]))


@pytest.mark.parametrize("how", ["wrong", "tampered", "expired", "revoked"])
def test_a_link_that_does_not_work_answers_404_or_410_and_writes_nothing(
    client_logged_in, session, token, how
):
    expected = {"wrong": 404, "tampered": 404, "expired": 410, "revoked": 410}[how]
    if how == "wrong":
        token = "x" * len(token)
    elif how == "tampered":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif how == "expired":
        SessionInvite.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    else:
        response = client_logged_in.post(
            reverse("sessions:invite_stop", args=[session.pk]), headers=HX
        )
        assert response.status_code == 200
    before = _state(session)
    for response in _every_request(Client(), token, session):
        assert response.status_code == expected, response.request
        page = response.content.decode()
        assert "Link not found" in page or "This link no longer works" in page
        assert "release slowly" in page  # the safety words, in case a stretch is under way
    assert _state(session) == before


def test_after_the_session_ends_the_link_answers_410(client_logged_in, session, token, phone):
    client_logged_in.post(reverse("sessions:stop", args=[session.pk]), headers=HX)
    for url in (reverse("joined:join", args=[token]), reverse("joined:live", args=[token])):
        response = Client().get(url)
        assert response.status_code == 410
        assert "This session has ended." in response.content.decode()


def test_an_idle_session_is_abandoned_for_the_joined_phone_too(session, token, phone):
    GuidedSession.objects.filter(pk=session.pk).update(
        last_activity_at=timezone.now() - timedelta(hours=1)
    )
    session.refresh_from_db()
    response = poll(phone, reverse("joined:state", args=[token]), session.version)
    assert response.status_code == 200
    assert 'data-panel="abandoned"' in response.content.decode()
    assert GuidedSession.objects.get(pk=session.pk).state == SessionState.ABANDONED


# ---- nothing else is reachable from the joined phone ------------------------------------


# Pages for anybody, holding nothing of an account: they answer the joined phone as they
# answer every visitor, and the test checks they show none of the account's data.
PUBLIC = {
    "home",
    "healthz",
    "manifest",
    "service_worker",
    "offline",
    "signup",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "screening:back_care",
    # Links of other features, opened with this token: "not valid", like any wrong link.
    "account_email_confirm",
    "password_reset_confirm",
    "admin:login",
    "admin:logout",
}


def test_every_other_url_opened_from_the_joined_phone_gets_404_or_the_log_in_page(
    user, owned, token, phone
):
    ids = {
        **owned,
        "token": token,
        "uidb64": "MQ",
        "object_id": owned["session_id"],
        "content_type_id": 1,
        "id": user.pk,
    }
    logins = (reverse("login"), reverse("admin:login"))
    before = (user.partners.count(), CheckIn.objects.count(), GuidedSession.objects.count())
    checked = 0
    for route, name in url_patterns(get_resolver(), with_admin=True):
        if not name or name.startswith("joined:") or "(?P<" in route or name == "admin:":
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if not set(params) <= set(ids):
            params_known = ", ".join(params)
            pytest.fail(f"{name} takes <{params_known}>: give the test an id for it")
        url = reverse(name, kwargs={p: ids[p] for p in params})
        for response in (phone.get(url), phone.post(url, {"comfort": 5})):
            status = response.status_code
            if name in PUBLIC:
                assert status < 500, url
                assert "Robin" not in response.content.decode(), url
            elif status in (301, 302):
                assert response["Location"].startswith(logins), (url, response["Location"])
            else:
                assert status in (404, 405), (url, status)
            checked += 1
    assert checked > 60
    # Nothing was written on the account's behalf.
    assert (user.partners.count(), CheckIn.objects.count(), GuidedSession.objects.count()) == before


def test_without_javascript_pain_from_the_joined_phone_shows_how_it_ended(session, token, phone):
    response = phone.post(
        reverse("joined:check_in", args=[token]), {"step_index": 0, "repetition": 0, "pain": "on"}
    )
    assert response.status_code == 200  # not the 410 of the ended session's link
    page = response.content.decode()
    assert "Release slowly" in page
    assert 'data-panel="stopped"' in page
    session.refresh_from_db()
    assert session.state == SessionState.STOPPED


def test_a_following_phone_whose_link_stops_gets_a_panel_that_asks_no_more(
    client_logged_in, session, token, phone
):
    client_logged_in.post(reverse("sessions:invite_stop", args=[session.pk]), headers=HX)
    response = poll(phone, reverse("joined:state", args=[token]), 0)
    assert response.status_code == 410  # swapped in by htmx (templates/base.html)
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="step"')  # the panel, not a whole page
    assert "Your partner stopped sharing this session." in page
    assert "data-hx-trigger" not in page


# ---- the log-in ended while the session page was open -------------------------------------


def test_a_poll_or_tap_after_the_log_in_ended_keeps_the_session_page_and_says_so(
    client_logged_in, session
):
    # A session page does not leave the lean by itself: the poll and the tap are answered
    # 204 with the "login-ended" event (the page says so, its STOP still works); nothing
    # is written.
    client_logged_in.logout()
    page = f"http://testserver/session/{session.pk}/"
    headers = {**HX, "HX-Current-URL": page}
    version = GuidedSession.objects.get(pk=session.pk).version
    answers = [
        client_logged_in.get(
            reverse("sessions:state", args=[session.pk]), {"v": version}, headers=headers
        ),
        client_logged_in.post(
            reverse("sessions:advance", args=[session.pk]),
            {"step_index": 0, "repetition": 0},
            headers=headers,
        ),
    ]
    for response in answers:
        assert response.status_code == 204
        assert response.content == b""
        assert response["HX-Trigger"] == "login-ended"
        assert "HX-Redirect" not in response
    assert GuidedSession.objects.get(pk=session.pk).version == version  # nothing written
    # Without htmx it is the usual redirect.
    response = client_logged_in.get(reverse("sessions:run", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("current", "back_to"),
    [
        ("http://testserver/history/", "/history/"),
        ("http://[", "/"),  # not a URL at all
        ("http://elsewhere.example/session/1/", "/"),
    ],
)
def test_an_htmx_request_from_another_page_after_the_log_in_ended_loads_the_log_in_page(
    client, current, back_to
):
    response = client.get(reverse("history:list"), headers={**HX, "HX-Current-URL": current})
    assert response.status_code == 200
    assert response.content == b""
    assert response["HX-Redirect"] == f"/accounts/login/?next={back_to}"
