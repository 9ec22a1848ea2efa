"""STOP and pain whatever the log-in: the session page's stop key (sessions.stop_keys)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from decompress.rest import partner_rest
from sessions.engine import session_start
from sessions.invites import invite_create
from sessions.models import CheckIn, GuidedSession, SessionState, StopReason
from tests.factories import PartnerFactory, ScreeningFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _page_key(client, session) -> str:
    page = client.get(reverse("sessions:run", args=[session.pk])).content.decode()
    keys = set(re.findall(r'name="stop_key" value="([^"]+)"', page))
    assert len(keys) == 1, keys  # the STOP bar (and any pain button) carry the same key
    return keys.pop()


def _phone(user, *, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    return client


def _state(session) -> tuple:
    session.refresh_from_db()
    return session.state, session.stop_reason


def test_stop_is_taken_after_the_log_in_ended(user, running):
    phone = _phone(user)
    key = _page_key(phone, running)
    phone.logout()  # logged out in another tab; the page still shows the lean
    response = phone.post(
        reverse("sessions:stop", args=[running.pk]), {"stop_key": key}, headers=HX
    )
    assert response.status_code == 200
    assert "Release slowly — do not let go suddenly." in response.content.decode()
    assert _state(running) == (SessionState.STOPPED, StopReason.NONE)
    # "Pain" as the answer is taken the same way; another answer needs the log-in again.
    url = reverse("sessions:stop_reason", args=[running.pk])
    other = phone.post(url, {"reason": "discomfort", "stop_key": key})
    assert other.status_code == 302
    assert reverse("login") in other["Location"]
    pain = phone.post(url, {"reason": "pain", "stop_key": key}, headers=HX)
    assert pain.status_code == 200
    assert _state(running) == (SessionState.STOPPED, StopReason.PAIN)
    assert partner_rest(partner=running.partner) is not None


def test_stop_is_taken_with_a_stale_csrf_token(user, running):
    phone = _phone(user, enforce_csrf=True)
    key = _page_key(phone, running)
    stale = {"X-CSRFToken": "a" * 64, **HX}  # a log-in in another tab rotated the cookie
    url = reverse("sessions:stop", args=[running.pk])
    assert phone.post(url, {}, headers=stale).status_code == 403  # no key: refused as ever
    assert _state(running)[0] == SessionState.ACTIVE
    assert phone.post(url, {"stop_key": key}, headers=stale).status_code == 200
    assert _state(running)[0] == SessionState.STOPPED


def test_the_pain_report_is_taken_without_a_log_in_but_a_rating_is_not(user, running):
    phone = _phone(user)
    key = _page_key(phone, running)
    phone.logout()
    url = reverse("sessions:check_in", args=[running.pk])
    rating = phone.post(url, {"step_index": 1, "repetition": 0, "comfort": 6, "stop_key": key})
    assert rating.status_code == 302
    assert reverse("login") in rating["Location"]
    assert not CheckIn.objects.exists()
    pain = phone.post(url, {"pain": "on", "step_index": 0, "repetition": 0, "stop_key": key})
    assert pain.status_code in (200, 302)
    assert _state(running) == (SessionState.STOPPED, StopReason.PAIN_REPORTED)
    assert partner_rest(partner=running.partner) is not None


def test_a_key_opens_its_own_session_only(user, running):
    phone = _phone(user)
    key = _page_key(phone, running)
    other = PartnerFactory(account=user, name="Robin")
    ScreeningFactory(partner=other)
    second = session_start(partner=other)
    phone.logout()
    for session, data in [(second, {"stop_key": key}), (running, {"stop_key": key + "x"})]:
        answer = phone.post(reverse("sessions:stop", args=[session.pk]), data)
        assert answer.status_code == 302
        assert reverse("login") in answer["Location"]
    assert set(GuidedSession.objects.values_list("state", flat=True)) == {SessionState.ACTIVE}


def test_one_key_per_log_in_and_a_new_log_in_makes_a_new_one(user, running):
    phone = _phone(user)
    key = _page_key(phone, running)
    assert _page_key(phone, running) == key  # every panel of the page, every reload
    again = _phone(user)
    new_key = _page_key(again, running)
    assert new_key != key
    phone.logout()
    refused = phone.post(reverse("sessions:stop", args=[running.pk]), {"stop_key": key})
    assert refused.status_code == 302  # the old page's key no longer opens it
    stopped = phone.post(reverse("sessions:stop", args=[running.pk]), {"stop_key": new_key})
    assert stopped.status_code == 200
    assert _state(running)[0] == SessionState.STOPPED


def test_the_receivers_phone_stops_and_reports_pain_with_a_stale_csrf_cookie(running):
    _, token = invite_create(session=running)
    phone = Client(enforce_csrf_checks=True)  # no valid CSRF token at all
    rating = {"step_index": 1, "repetition": 0, "comfort": 6}
    assert phone.post(reverse("joined:check_in", args=[token]), rating).status_code == 403
    answer = phone.post(reverse("joined:stop", args=[token]), headers=HX)
    assert answer.status_code == 200
    assert _state(running)[0] == SessionState.STOPPED
    url = reverse("joined:stop_reason", args=[token])
    assert phone.post(url, {"reason": "other"}, headers=HX).status_code == 403
    assert phone.post(url, {"reason": "pain"}, headers=HX).status_code == 200
    assert _state(running) == (SessionState.STOPPED, StopReason.PAIN)
