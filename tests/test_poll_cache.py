"""The joined phone's poll with Redis (REDIS_URL): "unchanged" comes from Redis, and every
change is still seen at the next poll. Without Redis the same answers come from the
database, so these run in every configuration."""

import time
from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decompress.tokens import token_hash
from sessions import poll_cache
from sessions.engine import session_start
from sessions.invites import SessionInvite, invite_create
from sessions.models import GuidedSession
from sessions.seed import seed_default_routine
from tests.factories import PartnerFactory, ScreeningFactory

# Transactions really commit here, as in production: the marks made after a commit run.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.shared_state]

HX = {"HX-Request": "true"}


@pytest.fixture
def session(user):
    seed_default_routine()
    partner = PartnerFactory(account=user, name="Robin")
    ScreeningFactory(partner=partner)
    return session_start(partner=partner)


@pytest.fixture
def token(session):
    token = invite_create(session=session)[1]
    settle()
    return token


def settle() -> None:
    """For a second after a write, polls read the database (`poll_cache.SETTLE_SECONDS`);
    these tests start when that has passed, as a poll in the middle of a lean would."""
    if settings.REDIS_URL:
        time.sleep(poll_cache.SETTLE_SECONDS + 0.1)


def version(session) -> int:
    return GuidedSession.objects.get(pk=session.pk).version


def poll(token, v):
    return Client().get(reverse("joined:state", args=[token]), {"v": v}, headers=HX)


def test_an_unchanged_poll_reads_the_database_once_then_redis(session, token):
    v = version(session)
    assert poll(token, v).status_code == 204
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert poll(token, v).status_code == 204
    assert len(queries) == (0 if settings.REDIS_URL else 5)


def test_a_change_on_the_other_phone_is_seen_at_the_next_poll(client_logged_in, session, token):
    v = version(session)
    assert poll(token, v).status_code == 204  # now held in Redis, if there is one
    response = client_logged_in.post(reverse("sessions:stop", args=[session.pk]), headers=HX)
    assert response.status_code == 200
    changed = poll(token, v)
    assert changed.status_code == 200
    assert "Release slowly" in changed.content.decode()
    assert poll(token, version(session)).status_code == 204


def test_stop_sharing_is_seen_at_the_next_poll(client_logged_in, session, token):
    v = version(session)
    assert poll(token, v).status_code == 204
    client_logged_in.post(reverse("sessions:invite_stop", args=[session.pk]), headers=HX)
    # Even a phone that names the session's new version is refused: the link stopped.
    for asked in (v, version(session)):
        assert poll(token, asked).status_code == 410


def test_an_expired_invitation_is_not_answered_from_redis(session, token):
    # What Redis keeps about an invitation never outlives it.
    SessionInvite.objects.update(expires_at=timezone.now() + timedelta(seconds=1.5))
    v = version(session)
    assert poll(token, v).status_code == 204
    assert poll(token, v).status_code == 204
    time.sleep(1.6)
    assert poll(token, v).status_code == 410


def test_a_version_read_before_a_change_cannot_be_put_back(client_logged_in, session, token):
    # A poll read the database just before a write committed and remembers what it read
    # just after: the write's mark keeps it out, so the phone is not told "unchanged".
    v = version(session)
    invite = SessionInvite.objects.get()
    client_logged_in.post(reverse("sessions:stop", args=[session.pk]), headers=HX)
    poll_cache.remember(token_hash(token), session.pk, v, invite.expires_at, timezone.now())
    assert poll(token, v).status_code == 200


def test_when_redis_fails_the_poll_reads_the_database(client_logged_in, session, token):
    v = version(session)
    assert poll(token, v).status_code == 204
    down = mock.Mock(side_effect=redis.ConnectionError("down"))
    with mock.patch.object(poll_cache, "_read_script", return_value=down):
        assert poll(token, v).status_code == 204
        client_logged_in.post(reverse("sessions:stop", args=[session.pk]), headers=HX)
        assert poll(token, v).status_code == 200


def test_an_idle_session_is_still_abandoned_for_the_joined_phone(session, token, monkeypatch):
    # Redis keeps an answer only for seconds; sessions go idle after many minutes.
    assert poll_cache.FRESH_SECONDS * 10 < settings.SESSION_ABANDON_MINUTES * 60
    monkeypatch.setattr(poll_cache, "FRESH_SECONDS", 1)
    v = version(session)
    assert poll(token, v).status_code == 204
    GuidedSession.objects.filter(pk=session.pk).update(
        last_activity_at=timezone.now() - timedelta(hours=1)
    )
    if settings.REDIS_URL:
        assert poll(token, v).status_code == 204  # as a phone could be told for a second
        time.sleep(1.1)
    response = poll(token, v)
    assert response.status_code == 200
    assert 'data-panel="abandoned"' in response.content.decode()
