"""How long each lean ran: the server keeps the lean's timer ("Start the lean", "Pause",
"Resume" are recorded), the release takes the time from that record, bounded, and the
lean's check-in keeps it; shown in the history and in both exports."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.engine import session_advance, session_record_check_in, session_start
from sessions.lean_timer import lean_ms_bounded, lean_timer_state, planned_ms, session_lean_timer
from sessions.models import CheckIn, SessionState
from sessions.seed import seed_default_routine
from sessions.stopping import session_report_pain
from tests.factories import ScreeningFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
# The default routine's lean: lean-in 3 s, hold 5 s, release 3 s; the get-ready countdown
# (3 s) comes before it and is no part of the lean's time.
LEAN = {"lean_in_seconds": 3, "hold_seconds": 5, "release_seconds": 3}
LONGEST = 11_000 * 3 + 60_000
COUNTDOWN = timedelta(seconds=3)


@pytest.fixture
def session(partner):
    seed_default_routine()
    ScreeningFactory(partner=partner)
    return session_start(partner=partner)


def post(client, session, name="advance", **data):
    session.refresh_from_db()
    payload = {"step_index": session.position, "repetition": session.repetition, **data}
    return client.post(reverse(f"sessions:{name}", args=[session.pk]), payload, headers=HX)


def to_the_lean(client, session):
    post(client, session)  # positioning: Ready
    post(client, session, "check_in", comfort=6)
    post(client, session)  # arms connected: Ready
    session.refresh_from_db()


def timer(session, action, at):
    session.refresh_from_db()
    return session_lean_timer(
        session=session,
        step_index=session.position,
        repetition=session.repetition,
        action=action,
        now=at,
    )


def release(session, at):
    session.refresh_from_db()
    return session_advance(
        session=session, step_index=session.position, repetition=session.repetition, now=at
    )


def rate(session, comfort):
    session.refresh_from_db()
    return session_record_check_in(
        session=session,
        step_index=session.position,
        repetition=session.repetition,
        comfort=comfort,
    )


def run_lean(session, *, ran_ms, start=None):
    """A lean started on the server and released after the countdown and `ran_ms`."""
    start = start or timezone.now()
    timer(session, "start", start)
    release(session, start + COUNTDOWN + timedelta(milliseconds=ran_ms))


def lean_check_ins(session):
    return list(
        CheckIn.objects.filter(session=session, repetition__gt=0)
        .order_by("repetition")
        .values_list("repetition", "comfort", "pain", "lean_ms")
    )


# ---- the bounds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ran", "kept"),
    [
        (11_234, 11_234),
        (1, 1),
        (LONGEST, LONGEST),  # three times the plan and a minute: still believable
        (LONGEST + 1, None),
        (0, None),
        (-400, None),  # released during the countdown
    ],
)
def test_only_a_believable_lean_time_is_kept(ran, kept):
    assert planned_ms(LEAN) == 11_000
    assert lean_ms_bounded(ran, step=LEAN) == kept


# ---- the server's record -----------------------------------------------------------------


def test_the_time_from_start_to_release_is_kept_on_that_leans_check_in(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    for ran, comfort in ((11_234, 7), (10_980, 7), (11_502, 8)):
        run_lean(session, ran_ms=ran)
        rate(session, comfort)
    assert lean_check_ins(session) == [
        (1, 7, False, 11_234),
        (2, 7, False, 10_980),
        (3, 8, False, 11_502),
    ]
    baseline = CheckIn.objects.get(session=session, repetition=0)
    assert baseline.lean_ms is None  # the starting rating follows no lean


def test_pauses_are_not_part_of_the_leans_time(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    t0 = timezone.now()
    timer(session, "start", t0)
    timer(session, "pause", t0 + timedelta(seconds=5))
    session.refresh_from_db()
    assert lean_timer_state(session, t0 + timedelta(seconds=50)) == {
        "state": "paused",
        "elapsed_ms": 5000,
    }
    timer(session, "resume", t0 + timedelta(seconds=65))
    session.refresh_from_db()
    assert lean_timer_state(session, t0 + timedelta(seconds=66)) == {
        "state": "running",
        "elapsed_ms": 6000,
    }
    release(session, t0 + timedelta(seconds=65 + 9.234))
    rate(session, 7)
    assert lean_check_ins(session) == [(1, 7, False, 11_234)]  # 5 + 9.234 − the countdown


def test_a_second_start_or_pause_changes_nothing(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    t0 = timezone.now()
    timer(session, "start", t0)
    timer(session, "start", t0 + timedelta(seconds=4))  # the other tab, a retried request
    timer(session, "pause", t0 + timedelta(seconds=6))
    timer(session, "pause", t0 + timedelta(seconds=9))
    session.refresh_from_db()
    assert session.lean_started_at == t0
    assert lean_timer_state(session)["elapsed_ms"] == 6000


def test_the_next_lean_starts_with_a_fresh_timer(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    run_lean(session, ran_ms=11_000)
    rate(session, 7)
    session.refresh_from_db()
    assert session.repetition == 2
    assert lean_timer_state(session) == {"state": "ready", "elapsed_ms": 0}


def test_without_javascript_no_timer_runs_and_the_time_stays_empty(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    response = client_logged_in.post(
        reverse("sessions:advance", args=[session.pk]),
        {"step_index": session.position, "repetition": session.repetition},
    )
    assert response.status_code == 302
    post(client_logged_in, session, "check_in", comfort=7)
    assert lean_check_ins(session) == [(1, 7, False, None)]


@pytest.mark.parametrize("ran", [-2000, 0, LONGEST + 1, 10 * LONGEST])
def test_a_time_that_cannot_be_right_is_recorded_as_unknown_never_an_error(
    client_logged_in, session, ran
):
    to_the_lean(client_logged_in, session)
    run_lean(session, ran_ms=ran)
    assert post(client_logged_in, session, "check_in", comfort=7).status_code == 200
    assert lean_check_ins(session) == [(1, 7, False, None)]


def test_a_second_release_is_a_harmless_repeat_and_keeps_the_first_time(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    t0 = timezone.now()
    run_lean(session, ran_ms=11_200, start=t0)
    session.refresh_from_db()
    # The same button again (a second tab, a retried request): the first figure stays.
    session_advance(
        session=session, step_index=session.position, repetition=1, now=t0 + timedelta(minutes=1)
    )
    rate(session, 7)
    assert lean_check_ins(session) == [(1, 7, False, 11_200)]


def test_pain_reported_after_a_lean_keeps_that_leans_time(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    run_lean(session, ran_ms=11_050)
    response = post(client_logged_in, session, "check_in", pain="on")
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.state == SessionState.STOPPED
    assert lean_check_ins(session) == [(1, None, True, 11_050)]


def test_pain_reported_during_a_lean_records_no_time(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    run_lean(session, ran_ms=11_050)
    rate(session, 7)
    # Lean 2 runs, not yet released: its report has no time of its own (nor lean 1's).
    timer(session, "start", timezone.now())
    session.refresh_from_db()
    session_report_pain(session=session)
    assert lean_check_ins(session) == [(1, 7, False, 11_050), (2, None, True, None)]


# ---- the timer's requests ----------------------------------------------------------------


def test_start_pause_resume_are_recorded_and_answered_with_the_same_panel(
    client_logged_in, session
):
    to_the_lean(client_logged_in, session)
    version = session.version
    for action, state in (("start", "running"), ("pause", "paused"), ("resume", "running")):
        response = post(client_logged_in, session, "lean", action=action)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-panel="lean"' in page
        assert f'data-timer-state="{state}"' in page
        session.refresh_from_db()
        assert session.version > version  # the other phone's poll sees it
        version = session.version
    # A reload in the middle of the lean counts on from the record, not from zero.
    page = client_logged_in.get(reverse("sessions:run", args=[session.pk])).content.decode()
    assert 'data-timer-state="running"' in page


def test_a_timer_request_for_another_lean_is_refused_and_writes_nothing(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    response = client_logged_in.post(
        reverse("sessions:lean", args=[session.pk]),
        {"step_index": session.position, "repetition": 2, "action": "start"},
        headers=HX,
    )
    assert response.status_code == 409
    session.refresh_from_db()
    assert session.lean_started_at is None
    bad = post(client_logged_in, session, "lean", action="restart")
    assert bad.status_code == 409
    session.refresh_from_db()
    assert session.lean_started_at is None


# ---- the history and the exports ---------------------------------------------------------


@pytest.fixture
def timed(client_logged_in, session):
    """A session with lean 1 timed (11.234 s) and lean 2 released without a timer."""
    to_the_lean(client_logged_in, session)
    run_lean(session, ran_ms=11_234)
    post(client_logged_in, session, "check_in", comfort=7)
    post(client_logged_in, session)  # no JavaScript this time
    post(client_logged_in, session, "check_in", comfort=8)
    return session


def test_history_detail_shows_how_long_each_timed_lean_ran(client_logged_in, timed):
    page = client_logged_in.get(reverse("history:detail", args=[timed.pk])).content.decode()
    assert "lean ran 11.2 s (planned 11 s)" in page
    assert page.count("lean ran") == 1  # the untimed lean says nothing it does not know


def test_csv_export_has_lean_seconds_after_the_columns_it_had(client_logged_in, timed):
    response = client_logged_in.get(reverse("history:export_csv"))
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    header = rows[0]
    lean = header.index("lean_seconds")
    assert header[lean - 1] == "check_in_at"  # the columns before keep their places
    assert header[lean + 1 :] == ["pain_reported_at", "other_answer"]  # added after it
    by_lean = {row[header.index("repetition")]: row[lean] for row in rows[1:]}
    assert by_lean == {"0": "", "1": "11.234", "2": ""}


def test_json_export_has_lean_seconds_on_each_check_in(client_logged_in, timed):
    response = client_logged_in.get(reverse("history:export_json"))
    data = json.loads(b"".join(response.streaming_content))
    check_ins = data["sessions"][0]["check_ins"]
    assert [(c["repetition"], c["lean_seconds"]) for c in check_ins] == [
        (0, None),
        (1, 11.234),
        (2, None),
    ]
