"""The red flags added to the screening, through its pages: each blocks, cautions or rests
as its tier says; 65 or over preselects the gentle routine; a clearance taken before new
questions were added answers them before the next session."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.models import Outcome, Screening, Severity
from sessions.engine import session_start
from sessions.models import GuidedSession, SessionState
from sessions.seed import GENTLE_ROUTINE_NAME
from tests.factories import QuestionFactory, ScreeningFactory
from tests.support.screening import answer_all

pytestmark = pytest.mark.django_db

BLOCKS = [
    "unstable-spine",
    "cancer",
    "weight-loss",
    "constant-pain",
    "injecting-drugs",
    "weak-immunity",
    "minor-fall-older",
]
CAUTIONS = ["heart-or-lung", "aged-65"]


def _latest(partner) -> Screening:
    return Screening.objects.filter(partner=partner).latest()


def _start(client, partner):
    return client.get(reverse("sessions:start", args=[partner.pk]))


@pytest.mark.parametrize("slug", BLOCKS)
def test_each_new_red_flag_blocks_with_its_reason(client_logged_in, partner, slug):
    response = answer_all(client_logged_in, partner, yes=[slug])
    result = client_logged_in.get(response["Location"]).content.decode()
    assert _latest(partner).outcome == Outcome.BLOCKED
    assert "This stretch is not safe for" in result
    reason = _latest(partner).answered_yes[0]["reason"]
    assert reason
    assert reason.replace("'", "&#x27;") in result
    assert _start(client_logged_in, partner)["Location"] == response["Location"]


@pytest.mark.parametrize("slug", CAUTIONS)
def test_each_new_caution_needs_a_professionals_clearance(client_logged_in, partner, slug):
    answer_all(client_logged_in, partner, yes=[slug])
    assert _latest(partner).outcome == Outcome.BLOCKED
    answer_all(client_logged_in, partner, yes=[slug], confirm=True)
    assert _latest(partner).outcome == Outcome.CLEARED


def _checked_routine(page: str) -> str:
    checked = re.search(
        r'<input type="radio" name="routine"[^>]* checked>\s*<span[^>]*>'
        r'<span class="routine-option-name">([^<]+)<',
        page,
    )
    return checked.group(1) if checked else ""


def test_aged_65_or_over_preselects_the_gentle_routine(client_logged_in, partner):
    answer_all(client_logged_in, partner, yes=["aged-65"], confirm=True)
    assert _checked_routine(_start(client_logged_in, partner).content.decode()) == (
        GENTLE_ROUTINE_NAME
    )
    client_logged_in.post(reverse("sessions:start", args=[partner.pk]))
    assert GuidedSession.objects.get(partner=partner).routine.name == GENTLE_ROUTINE_NAME


def test_without_it_the_default_is_preselected(client_logged_in, partner):
    answer_all(client_logged_in, partner, yes=["heart-or-lung"], confirm=True)
    assert _checked_routine(_start(client_logged_in, partner).content.decode()) != (
        GENTLE_ROUTINE_NAME
    )


def test_pain_after_a_stretch_in_the_last_day_clears_but_rests_until_tomorrow(
    client_logged_in, partner
):
    response = answer_all(client_logged_in, partner, yes=["pain-last-24h"])
    assert _latest(partner).outcome == Outcome.CLEARED
    result = client_logged_in.get(response["Location"]).content.decode()
    assert "Rest today: do not try the stretch again until tomorrow." in result
    assert "Start the session" not in result
    refused = client_logged_in.post(reverse("sessions:start", args=[partner.pk]))
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "pain, tingling or numbness came with a stretch in the last 24 hours" in page
    assert not GuidedSession.objects.exists()
    home = client_logged_in.get(reverse("home")).content.decode()
    assert "Rest today" in home


def test_a_clearance_from_before_new_questions_answers_them_before_the_next_session(
    client_logged_in, partner
):
    screening = ScreeningFactory(partner=partner)
    Screening.objects.filter(pk=screening.pk).update(created_at=timezone.now() - timedelta(days=2))
    running = session_start(partner=partner)
    QuestionFactory(text="A new item staff added?", severity=Severity.BLOCK,
                    added_at=timezone.now())  # fmt: skip

    # The session in progress carries on: its answers were complete when it began.
    poll = client_logged_in.get(reverse("sessions:run", args=[running.pk]))
    assert poll.status_code == 200
    home = client_logged_in.get(reverse("home")).content.decode()
    assert "Resume the session" in home
    client_logged_in.post(reverse("sessions:stop", args=[running.pk]))
    running.refresh_from_db()
    assert running.state == SessionState.STOPPED

    # The next one asks for the new questions first, and says why.
    home = client_logged_in.get(reverse("home")).content.decode()
    assert "New safety questions." in home
    start = _start(client_logged_in, partner)
    assert start["Location"] == reverse("screening:questionnaire", args=[partner.pk])
    page = client_logged_in.get(start["Location"], follow=True).content.decode()
    assert "New safety questions were added since" in page
    answer_all(client_logged_in, partner)
    assert _start(client_logged_in, partner).status_code == 200
