"""Answers that turn blocked or urgent in the middle of a session stop it, on both phones."""

import json

import pytest
from django.urls import reverse

from decompress.rest import partner_rest
from screening.models import Outcome, Screening
from sessions.invites import invite_create
from sessions.models import GuidedSession, SessionState, StopReason
from tests.support.screening import answer_all

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("yes", "outcome"),
    [(["herniated-disc"], Outcome.BLOCKED), (["saddle-numbness"], Outcome.EMERGENCY)],
)
def test_answers_that_now_say_no_stop_the_session_on_both_phones(
    client_logged_in, client, running, yes, outcome
):
    _, token = invite_create(session=running)
    version = GuidedSession.objects.get(pk=running.pk).version
    answer_all(client_logged_in, running.partner, yes=yes)
    assert Screening.objects.filter(partner=running.partner).latest("created_at").outcome == outcome

    running.refresh_from_db()
    assert (running.state, running.stop_reason) == (
        SessionState.STOPPED,
        StopReason.SCREENING_CHANGED,
    )
    assert partner_rest(partner=running.partner) is None  # nothing hurt: no rest
    # Both phones' next update: the stopped panel, release first.
    polls = [
        client_logged_in.get(
            reverse("sessions:state", args=[running.pk]), {"v": version}, headers=HX
        ),
        client.get(reverse("joined:state", args=[token]), {"v": version}, headers=HX),
    ]
    for poll in polls:
        page = poll.content.decode()
        assert poll.status_code == 200
        assert 'data-panel="stopped"' in page
        assert "Release slowly — do not let go suddenly." in page
        assert "The safety answers changed, so the session stopped here" in page
        urgent = "The safety answers call for urgent medical care." in page
        assert urgent == (outcome == Outcome.EMERGENCY)


def test_the_reason_shows_in_history_the_exports_and_the_report(client_logged_in, running):
    answer_all(client_logged_in, running.partner, yes=["back-surgery"])
    listing = client_logged_in.get(reverse("history:list")).content.decode()
    assert "Stopped · The safety answers changed" in listing
    detail = client_logged_in.get(reverse("history:detail", args=[running.pk])).content.decode()
    assert "Reason: The safety answers changed." in detail
    exported = json.loads(
        b"".join(client_logged_in.get(reverse("history:export_json")).streaming_content)
    )
    assert exported["sessions"][0]["stop_reason"] == "screening_changed"
    csv_text = b"".join(client_logged_in.get(reverse("history:export_csv")).streaming_content)
    assert b"screening_changed" in csv_text
    report = client_logged_in.get(reverse("history:report", args=[running.partner.pk]))
    assert "The safety answers changed: 1" in report.content.decode()


def test_answers_that_still_clear_leave_the_session_running(client_logged_in, running):
    answer_all(client_logged_in, running.partner)
    running.refresh_from_db()
    assert running.state == SessionState.ACTIVE
