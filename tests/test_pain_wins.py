"""Pain always wins: reported from either phone, before or after a stop, it is recorded and
rests the partner; the stop's first cause is kept beside it, and a second answer is shown."""

import csv
import io
import json
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decompress.models import Rest
from decompress.rest import partner_rest
from sessions.engine import session_start
from sessions.invites import invite_create
from sessions.models import GuidedSession, SessionState, StopReason
from sessions.stopping import PAIN_AFTER_END
from tests.factories import PartnerFactory, ScreeningFactory, UserFactory

HX = {"HX-Request": "true"}
TRIALS = 50


def _session(user, name: str = "Alex"):
    partner = PartnerFactory(account=user, name=name)
    ScreeningFactory(partner=partner)
    session = session_start(partner=partner)
    _, token = invite_create(session=session)
    return session, token


class Phones:
    """The account holder's phone (logged in) and the receiver's (joined by the link)."""

    def __init__(self, user, session, token):
        self.session, self.token = session, token
        self.owner = Client()
        self.owner.force_login(user)
        self.joined = Client()

    def stop(self):
        return self.owner.post(reverse("sessions:stop", args=[self.session.pk]), headers=HX)

    def reason(self, reason: str, *, joined: bool = False):
        if joined:
            url = reverse("joined:stop_reason", args=[self.token])
            return self.joined.post(url, {"reason": reason}, headers=HX)
        url = reverse("sessions:stop_reason", args=[self.session.pk])
        return self.owner.post(url, {"reason": reason}, headers=HX)

    def pain(self):
        data = {"pain": "on", "step_index": 0, "repetition": 0}
        return self.joined.post(reverse("joined:check_in", args=[self.token]), data, headers=HX)

    # What one phone does in a trial below, as a list of answers.
    def tap_stop(self) -> list:
        return [self.stop()]

    def tap_stop_for_discomfort(self) -> list:
        return [self.stop(), self.reason("discomfort")]

    def tap_pain(self) -> list:
        return [self.pain()]


def _at_once(first, second, *, lag: float) -> list:
    """Both phones' taps released together, the second `lag` seconds after the first."""
    barrier = threading.Barrier(2)
    answers = [None, None]

    def tap(index, action, delay):
        try:
            barrier.wait()
            time.sleep(delay)
            answers[index] = [response.status_code for response in action()]
        finally:
            connection.close()

    threads = [
        threading.Thread(target=tap, args=(0, first, 0)),
        threading.Thread(target=tap, args=(1, second, lag)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "order",
    ["stop, then pain", "pain, then stop", "discomfort, then pain", "pain, then discomfort"],
)
def test_stop_and_pain_from_both_phones_at_once_always_record_pain_and_rest(order):
    user = UserFactory()
    for trial in range(TRIALS):
        session, token = _session(user, name=f"Alex {trial}")
        phones = Phones(user, session, token)
        stop, pain = phones.tap_stop, phones.tap_pain
        stop_for_discomfort = phones.tap_stop_for_discomfort
        lag = (trial % 5) / 1000  # 0 to 4 ms: a tie, or the other phone a moment later
        first, second = {
            "stop, then pain": (stop, pain),
            "pain, then stop": (pain, stop),
            "discomfort, then pain": (stop_for_discomfort, pain),
            "pain, then discomfort": (pain, stop_for_discomfort),
        }[order]
        answers = _at_once(first, second, lag=lag)
        assert all(status == 200 for statuses in answers for status in statuses), answers

        session.refresh_from_db()
        assert session.state == SessionState.STOPPED, (order, trial)
        assert session.pain_reported_at is not None, (order, trial, session.stop_reason)
        rest = partner_rest(partner=session.partner)
        assert rest is not None
        assert rest.until > timezone.now() + timedelta(hours=11)
        if session.stop_reason not in (StopReason.PAIN_REPORTED, StopReason.PAIN):
            # Pain came second: the first cause is kept, pain beside it.
            assert session.stop_reason in (StopReason.NONE, StopReason.DISCOMFORT)
            assert session.pain_after_stop


@pytest.mark.django_db
def test_pain_as_the_answer_after_another_rests_and_keeps_the_first_cause(user):
    session, token = _session(user)
    phones = Phones(user, session, token)
    phones.stop()
    assert phones.reason("discomfort").status_code == 200
    answer = phones.reason("pain", joined=True)
    assert answer.status_code == 200
    session.refresh_from_db()
    assert (session.stop_reason, session.pain_after_stop) == (StopReason.DISCOMFORT, True)
    assert partner_rest(partner=session.partner).reason == StopReason.PAIN_REPORTED
    page = answer.content.decode()
    assert "Pain, tingling or numbness was reported after the stop." in page
    assert "Rest today" in page
    # No later answer removes it.
    assert phones.reason("other").status_code == 200
    assert phones.reason("none", joined=True).status_code == 200
    session.refresh_from_db()
    assert session.pain_reported_at is not None
    assert partner_rest(partner=session.partner)


@pytest.mark.django_db
def test_a_second_different_answer_is_shown_as_the_other_phones_not_as_an_error(user):
    session, token = _session(user, name="Alex")
    phones = Phones(user, session, token)
    phones.stop()
    assert phones.reason("pain").status_code == 200
    second = phones.reason("discomfort", joined=True)
    assert second.status_code == 200
    for page in (second, phones.owner.get(reverse("sessions:run", args=[session.pk]))):
        text = page.content.decode()
        assert "Recorded reason: Pain." in text
        assert "Alex's phone answered: Discomfort." in text
    session.refresh_from_db()
    assert (session.stop_reason, session.other_answer) == (StopReason.PAIN, StopReason.DISCOMFORT)
    assert partner_rest(partner=session.partner) is not None


@pytest.mark.django_db
def test_the_pain_button_counts_for_half_an_hour_after_the_end_and_pain_as_an_answer_always(
    user,
):
    session, token = _session(user)
    phones = Phones(user, session, token)
    phones.stop()
    ended = timezone.now() - PAIN_AFTER_END - timedelta(minutes=1)
    GuidedSession.objects.filter(pk=session.pk).update(ended_at=ended)
    late = phones.pain()
    assert late.status_code == 200  # never an error
    session.refresh_from_db()
    assert session.pain_reported_at is None
    assert partner_rest(partner=session.partner) is None

    assert phones.reason("pain").status_code == 200  # the question is still on the screen
    session.refresh_from_db()
    assert session.stop_reason == StopReason.PAIN
    assert partner_rest(partner=session.partner)


@pytest.mark.django_db
def test_pain_after_a_stop_shows_in_history_exports_and_the_report(client_logged_in, user):
    session, token = _session(user)
    phones = Phones(user, session, token)
    phones.stop()
    phones.reason("other")
    phones.pain()
    session.refresh_from_db()
    assert session.outcome_label == "Stopped · Other · pain reported after"
    listing = client_logged_in.get(reverse("history:list")).content.decode()
    assert "Stopped · Other · pain reported after" in listing
    detail = client_logged_in.get(reverse("history:detail", args=[session.pk])).content.decode()
    assert "Pain, tingling or numbness was reported after the stop" in detail

    response = client_logged_in.get(reverse("history:export_csv"))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert {row["pain_reported_at"] != "" for row in rows} == {True}
    exported = json.loads(
        b"".join(client_logged_in.get(reverse("history:export_json")).streaming_content)
    )
    assert exported["sessions"][0]["pain_reported_at"] is not None

    report = client_logged_in.get(reverse("history:report", args=[session.partner.pk]))
    assert "pain reported after 1 stop" in report.content.decode()
    assert Rest.objects.filter(session=session).count() == 1
