"""How long each lean ran: sent by the page's timer with the release, bounded on the server,
kept on the lean's check-in, shown in the history and in both exports."""

import csv
import io
import json

import pytest
from django.urls import reverse

from sessions.engine import session_start
from sessions.lean_time import lean_ms_bounded, planned_ms
from sessions.models import CheckIn, SessionState
from sessions.seed import seed_default_routine
from tests.factories import ScreeningFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
# The default routine's lean: lean-in 3 s, hold 5 s, release 3 s.
LEAN = {"lean_in_seconds": 3, "hold_seconds": 5, "release_seconds": 3}
LONGEST = 11_000 * 3 + 60_000


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


def lean_check_ins(session):
    return list(
        CheckIn.objects.filter(session=session, repetition__gt=0)
        .order_by("repetition")
        .values_list("repetition", "comfort", "pain", "lean_ms")
    )


# ---- the bounds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("11234", 11234),
        ("11234.6", 11235),  # a fraction of a millisecond rounds
        (11_000, 11_000),
        ("1", 1),
        (str(LONGEST), LONGEST),  # three times the plan and a minute: still believable
        (str(LONGEST + 1), None),
        ("0", None),
        ("-400", None),
        ("", None),
        (None, None),
        ("eleven seconds", None),
        ("NaN", None),
        ("Infinity", None),
        ("9" * 40, None),
        (True, None),
    ],
)
def test_only_a_believable_lean_time_is_kept(sent, kept):
    assert planned_ms(LEAN) == 11_000
    assert lean_ms_bounded(sent, step=LEAN) == kept


# ---- through the pages -------------------------------------------------------------------


def test_the_time_sent_with_the_release_is_kept_on_that_leans_check_in(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    for sent, comfort in (("11234", 7), ("10980", 7), ("11502", 8)):
        response = post(client_logged_in, session, lean_ms=sent)
        assert response.status_code == 200
        assert 'data-panel="lean_check_in"' in response.content.decode()
        assert post(client_logged_in, session, "check_in", comfort=comfort).status_code == 200
    assert lean_check_ins(session) == [
        (1, 7, False, 11234),
        (2, 7, False, 10980),
        (3, 8, False, 11502),
    ]
    baseline = CheckIn.objects.get(session=session, repetition=0)
    assert baseline.lean_ms is None  # the starting rating follows no lean


def test_without_javascript_nothing_is_sent_and_the_time_stays_empty(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    page = client_logged_in.get(reverse("sessions:run", args=[session.pk])).content.decode()
    assert 'name="lean_ms" value=""' in page  # the hand-over form's field, empty as served
    session.refresh_from_db()
    response = client_logged_in.post(
        reverse("sessions:advance", args=[session.pk]),
        {"step_index": session.position, "repetition": session.repetition, "lean_ms": ""},
    )
    assert response.status_code == 302
    post(client_logged_in, session, "check_in", comfort=7)
    assert lean_check_ins(session) == [(1, 7, False, None)]


@pytest.mark.parametrize(
    "sent", ["0", "-1", "abc", "1e400", "9" * 200, str(LONGEST + 1), "12 000", "<b>1</b>"]
)
def test_a_wrong_time_is_recorded_as_unknown_never_an_error(client_logged_in, session, sent):
    to_the_lean(client_logged_in, session)
    response = post(client_logged_in, session, lean_ms=sent)
    assert response.status_code == 200
    assert 'data-panel="lean_check_in"' in response.content.decode()
    assert post(client_logged_in, session, "check_in", comfort=7).status_code == 200
    assert lean_check_ins(session) == [(1, 7, False, None)]


def test_a_second_release_with_another_time_is_a_harmless_repeat(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    assert post(client_logged_in, session, lean_ms="11200").status_code == 200
    session.refresh_from_db()
    # The same button again (a second tab, a retried request): the first figure stays.
    response = client_logged_in.post(
        reverse("sessions:advance", args=[session.pk]),
        {"step_index": session.position, "repetition": 1, "lean_ms": "3000"},
        headers=HX,
    )
    assert response.status_code == 200
    post(client_logged_in, session, "check_in", comfort=7)
    assert lean_check_ins(session) == [(1, 7, False, 11200)]


def test_pain_reported_after_a_lean_keeps_that_leans_time(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    post(client_logged_in, session, lean_ms="11050")
    response = post(client_logged_in, session, "check_in", pain="on")
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.state == SessionState.STOPPED
    assert lean_check_ins(session) == [(1, None, True, 11050)]


def test_pain_reported_during_a_lean_records_no_time(client_logged_in, session):
    to_the_lean(client_logged_in, session)
    post(client_logged_in, session, lean_ms="11050")
    post(client_logged_in, session, "check_in", comfort=7)
    # Lean 2 runs, not yet released: its report has no time of its own (nor lean 1's).
    post(client_logged_in, session, "check_in", pain="on")
    assert lean_check_ins(session) == [(1, 7, False, 11050), (2, None, True, None)]


# ---- the history and the exports ---------------------------------------------------------


@pytest.fixture
def timed(client_logged_in, session):
    """A session with lean 1 timed by the page (11.234 s) and lean 2 released without it."""
    to_the_lean(client_logged_in, session)
    post(client_logged_in, session, lean_ms="11234")
    post(client_logged_in, session, "check_in", comfort=7)
    post(client_logged_in, session)  # no JavaScript this time
    post(client_logged_in, session, "check_in", comfort=8)
    return session


def test_history_detail_shows_how_long_each_timed_lean_ran(client_logged_in, timed):
    page = client_logged_in.get(reverse("history:detail", args=[timed.pk])).content.decode()
    assert "lean ran 11.2 s (planned 11 s)" in page
    assert page.count("lean ran") == 1  # the untimed lean says nothing it does not know


def test_csv_export_has_lean_seconds_as_its_last_column(client_logged_in, timed):
    response = client_logged_in.get(reverse("history:export_csv"))
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    header = rows[0]
    assert header[-1] == "lean_seconds"
    assert header[-2] == "check_in_at"  # the columns before keep their places
    by_lean = {row[header.index("repetition")]: row[-1] for row in rows[1:]}
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
