"""Rest today: after a pain stop or a stop rule, no new session until the next day (≥ 12 h)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from decompress.models import Rest
from decompress.rest import RestRequired, partner_rest, rest_until
from screening.models import Outcome, Screening
from sessions.engine import session_start
from sessions.models import GuidedSession, StopReason
from sessions.rest import RESTING_REASONS
from sessions.seed import seed_default_routine
from sessions.stopping import session_stop, session_stop_reason_record
from tests.factories import ScreeningFactory
from tests.support.builders import build_stopped_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(partner):
    seed_default_routine()
    ScreeningFactory(partner=partner)
    return partner


def _stopped(partner, reason, ago: timedelta) -> GuidedSession:
    """A session that stopped `ago`, after twelve minutes, as the stop recorded it."""
    started = timezone.now() - ago - timedelta(minutes=12)
    return build_stopped_session(partner=partner, stop_reason=reason, started_at=started)


def _start_url(partner) -> str:
    return reverse("sessions:start", args=[partner.pk])


@override_settings(TIME_ZONE="Europe/London")
def test_rest_lasts_until_the_next_day_and_at_least_twelve_hours():
    with timezone.override("Europe/London"):
        morning = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # 09:00 in London
        assert rest_until(began_at=morning) == datetime(2026, 7, 1, 23, 0, tzinfo=UTC)
        late = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 23:30 in London
        assert rest_until(began_at=late) == late + timedelta(hours=12)


def test_a_pain_stop_rests_until_the_rule_says(cleared):
    session = _stopped(cleared, StopReason.PAIN, ago=timedelta(minutes=5))
    ended = GuidedSession.objects.get(pk=session.pk).ended_at
    rest = partner_rest(partner=cleared)
    assert rest is not None
    assert rest.reason == StopReason.PAIN
    assert rest.until >= ended + timedelta(hours=12)
    assert partner_rest(partner=cleared, now=rest.until) is None
    assert partner_rest(partner=cleared, now=rest.until - timedelta(seconds=1)) is not None
    assert session.pk == rest.session.pk


@pytest.mark.parametrize("reason", RESTING_REASONS)
def test_start_url_refuses_a_resting_partner_and_home_says_rest_today(
    client_logged_in, cleared, reason
):
    _stopped(cleared, reason, ago=timedelta(minutes=5))
    before = GuidedSession.objects.count()
    response = client_logged_in.post(_start_url(cleared))
    assert response.status_code == 409
    assert "Rest today" in response.content.decode()
    assert GuidedSession.objects.count() == before
    with pytest.raises(RestRequired):
        session_start(partner=cleared)
    home = client_logged_in.get("/").content.decode()
    assert "Rest today" in home
    assert _start_url(cleared) not in home
    stopped = GuidedSession.objects.filter(partner=cleared).latest("ended_at")
    assert f'href="{reverse("sessions:run", args=[stopped.pk])}">Aftercare<' in home


@pytest.mark.parametrize("reason", [StopReason.DISCOMFORT, StopReason.OTHER, StopReason.NONE])
def test_a_stop_for_another_reason_does_not_rest(client_logged_in, cleared, reason):
    _stopped(cleared, reason, ago=timedelta(minutes=5))
    assert partner_rest(partner=cleared) is None
    assert _start_url(cleared) in client_logged_in.get("/").content.decode()
    response = client_logged_in.post(_start_url(cleared))
    assert response.status_code == 302
    assert GuidedSession.objects.filter(partner=cleared, state="active").exists()


def test_the_next_day_and_twelve_hours_later_a_session_can_start(client_logged_in, cleared):
    _stopped(cleared, StopReason.PAIN_REPORTED, ago=timedelta(hours=25))
    response = client_logged_in.post(_start_url(cleared))
    assert response.status_code == 302
    assert response["Location"].startswith("/session/")


def test_stop_then_reason_pain_rests_and_the_aftercare_says_so(client_logged_in, cleared):
    session = session_start(partner=cleared)
    session_stop(session=session)
    session_stop_reason_record(session=session, reason=StopReason.PAIN)
    page = client_logged_in.get(reverse("sessions:run", args=[session.pk])).content.decode()
    assert "Rest today: do not try the stretch again until tomorrow" in page
    assert "at least 12 hours after the stop" in page
    assert client_logged_in.post(_start_url(cleared)).status_code == 409


def test_the_aftercare_of_a_discomfort_stop_does_not_claim_a_rest(client_logged_in, cleared):
    session = session_start(partner=cleared)
    session_stop(session=session)
    session_stop_reason_record(session=session, reason=StopReason.DISCOMFORT)
    page = client_logged_in.get(reverse("sessions:run", args=[session.pk])).content.decode()
    assert "rest today" not in page.lower()


@pytest.mark.parametrize("outcome", [Outcome.BLOCKED, Outcome.EMERGENCY])
def test_a_blocked_partner_has_no_start_action_and_the_start_url_refuses(
    client_logged_in, partner, outcome
):
    seed_default_routine()
    screening = ScreeningFactory(partner=partner, outcome=outcome)
    home = client_logged_in.get("/").content.decode()
    assert _start_url(partner) not in home
    assert reverse("screening:result", args=[screening.pk]) in home
    assert "See why" in home
    assert "What to do instead" in home
    for method in (client_logged_in.get, client_logged_in.post):
        response = method(_start_url(partner))
        assert response.status_code == 302
        assert response["Location"] == reverse("screening:result", args=[screening.pk])
    assert not GuidedSession.objects.filter(partner=partner).exists()


def test_an_expired_screening_says_screening_due(client_logged_in, partner):
    seed_default_routine()
    ScreeningFactory(partner=partner)
    Screening.objects.filter(partner=partner).update(created_at=timezone.now() - timedelta(days=40))
    home = client_logged_in.get("/").content.decode()
    assert "Screening due." in home


def test_home_reads_rest_for_every_partner_in_constant_queries(
    client_logged_in, user, django_assert_max_num_queries
):
    from tests.factories import PartnerFactory

    seed_default_routine()
    for _ in range(5):
        partner = PartnerFactory(account=user)
        ScreeningFactory(partner=partner)
        _stopped(partner, StopReason.PAIN, ago=timedelta(minutes=5))
    with django_assert_max_num_queries(12):
        page = client_logged_in.get("/").content.decode()
    assert page.count("Rest today") == 5


def test_a_pain_reason_cannot_be_changed_afterwards_to_lift_the_rest(client_logged_in, cleared):
    session = session_start(partner=cleared)
    session_stop(session=session)
    url = reverse("sessions:stop_reason", args=[session.pk])
    assert client_logged_in.post(url, {"reason": "pain"}).status_code == 302
    assert client_logged_in.post(url, {"reason": "pain"}).status_code == 302  # a repeat
    # Another answer (the other phone's, a stale tab) is kept beside it, never over it.
    assert client_logged_in.post(url, {"reason": "discomfort"}).status_code == 302
    session.refresh_from_db()
    assert (session.stop_reason, session.other_answer) == (StopReason.PAIN, StopReason.DISCOMFORT)
    assert partner_rest(partner=cleared) is not None


def test_a_blocked_partner_with_a_session_in_progress_sees_why(client_logged_in, cleared):
    session_start(partner=cleared)
    ScreeningFactory(partner=cleared, outcome=Outcome.BLOCKED)
    home = client_logged_in.get("/").content.decode()
    assert "See why for" in home
    assert "Resume the session" not in home


def test_deleting_the_session_that_caused_a_rest_does_not_lift_it(client_logged_in, cleared):
    stopped = _stopped(cleared, StopReason.PAIN, ago=timedelta(minutes=5))
    rest = partner_rest(partner=cleared)
    older = _stopped(cleared, StopReason.PAIN, ago=timedelta(days=3))  # long over

    assert client_logged_in.post(reverse("history:delete", args=[stopped.pk])).status_code == 302
    assert client_logged_in.post(reverse("history:delete", args=[older.pk])).status_code == 302
    assert not GuidedSession.objects.filter(pk__in=[stopped.pk, older.pk]).exists()

    cleared.refresh_from_db()
    kept = partner_rest(partner=cleared)
    assert kept is not None
    assert (kept.reason, kept.until, kept.session) == (StopReason.PAIN, rest.until, None)
    home = client_logged_in.get("/").content.decode()
    assert "Rest today" in home
    assert f'href="{reverse("screening:back_care")}"' in home  # no session left to link to
    assert client_logged_in.post(_start_url(cleared), {"changed": "no"}).status_code == 409
    # The kept rest ends like any other.
    assert partner_rest(partner=cleared, now=rest.until) is None


def test_deleting_a_session_that_did_not_rest_keeps_nothing(client_logged_in, cleared):
    stopped = _stopped(cleared, StopReason.DISCOMFORT, ago=timedelta(minutes=5))
    assert client_logged_in.post(reverse("history:delete", args=[stopped.pk])).status_code == 302
    assert not Rest.objects.filter(account=cleared.account).exists()
    assert partner_rest(partner=cleared) is None
