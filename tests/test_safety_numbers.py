"""One home for every safety number: a page never states a number its rule does not use.

The low-comfort limit, the rest's length and the comfort scale are patched where they live
(`decompress.scale`, `decompress.rest`); the rule, the stopped panel, the rest page, the
admin's label and the chart's axis must all follow.
"""

import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from sessions.engine import session_start
from sessions.models import GuidedSession, SessionState, StopReason
from tests.factories import PartnerFactory, ScreeningFactory, UserFactory
from tests.support.builders import build_session

pytestmark = pytest.mark.django_db

LIMIT, HOURS, HIGH = 4, 20, 8


@pytest.fixture
def numbers_changed():
    with (
        mock.patch("decompress.scale.LOW_COMFORT_LIMIT", LIMIT),
        mock.patch("decompress.rest.REST_HOURS", HOURS),
    ):
        yield


def _post(client, session: GuidedSession, name: str, **data):
    session.refresh_from_db()
    payload = {"step_index": session.position, "repetition": session.repetition, **data}
    return client.post(reverse(f"sessions:{name}", args=[session.pk]), payload)


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_new_limit_and_rest_reach_the_rule_the_panel_the_rest_page_and_the_admin(
    numbers_changed, client_logged_in, partner
):
    ScreeningFactory(partner=partner)
    session = session_start(partner=partner)
    _post(client_logged_in, session, "advance")  # positioning: Ready
    # A starting rating of 4 carries on under the limit of 3; under 4 it stops.
    _post(client_logged_in, session, "check_in", comfort=LIMIT)
    session.refresh_from_db()
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, StopReason.LOW_COMFORT)

    panel = _text(client_logged_in.get(reverse("sessions:run", args=[session.pk])))
    assert f"Comfort was {LIMIT} or lower, so the session stopped here." in panel
    assert f"Recorded reason: Comfort {LIMIT} or lower." in panel
    assert f"at least {HOURS} hours after the stop" in panel

    rest_page = _text(client_logged_in.get(reverse("sessions:start", args=[partner.pk])))
    assert f"Comfort was {LIMIT} or lower in the last session." in rest_page
    assert f"at least {HOURS} hours after the stop" in rest_page

    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin = _text(staff.get(reverse("admin:guided_guidedsession_changelist")))
    assert f"Comfort {LIMIT} or lower" in admin
    assert "Comfort 3 or lower" not in admin


def test_a_new_end_of_the_scale_reaches_the_rating_buttons_and_the_charts_axis(
    client_logged_in, user
):
    partner = PartnerFactory(account=user, name="Robin")
    for _ in range(3):
        build_session(partner=partner, baseline=4, leans=(5, 6, 6))
    with mock.patch("decompress.scale.COMFORT_MAX", HIGH):
        trends = _text(client_logged_in.get(reverse("history:trends", args=[partner.pk])))
        ticks = re.findall(r'class="chart-tick"[^>]*>(-?\d+)</text>', trends)
        assert ticks[-1] == str(HIGH)
        assert "10" not in ticks
        assert f"during each session, from 0 to {HIGH}." in trends

        ScreeningFactory(partner=partner)
        session = session_start(partner=partner)
        _post(client_logged_in, session, "advance")
        panel = _text(client_logged_in.get(reverse("sessions:run", args=[session.pk])))
        buttons = re.findall(r'name="comfort" value="(\d+)"', panel)
        assert buttons == [str(n) for n in range(HIGH + 1)]
        assert f"{HIGH} = completely comfortable" in panel
        refused = _post(client_logged_in, session, "check_in", comfort=HIGH + 1)
        assert refused.status_code == 422
        assert f"Choose a comfort rating from 0 to {HIGH}." in refused.content.decode()
