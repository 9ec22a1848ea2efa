"""Stale and forged session requests, derived from the engine's panel and step kinds.

For every panel a session can show and every session write (advance, check-in, finish), a
request the session cannot accept — a step it is not on, one that does not exist however
large, one the panel does not answer — gets 409 with a message inside the current panel,
and writes nothing. An exact repeat of the last accepted action (a double tap) is a
harmless 200. Pain, tingling or numbness is accepted from every step, whatever it names.
A new panel or step kind is covered by default: `session_showing` fails for one it cannot
reach.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.models import Outcome
from sessions import actions
from sessions.engine import session_start
from sessions.idle import session_abandon_idle
from sessions.models import (
    CheckIn,
    GuidedSession,
    Routine,
    SessionState,
    StepKind,
    StopReason,
)
from sessions.panels import session_panel
from sessions.seed import seed_default_routine
from sessions.stages import ACCEPTED_AT, ENDED_STAGES, Stage
from sessions.stopping import session_stop
from tests.factories import ScreeningFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
MESSAGE = "nothing was changed"
ENDPOINTS = (actions.ADVANCE, actions.CHECK_IN, actions.FINISH)
IN_PROGRESS = [kind for kind in Stage if kind not in ENDED_STAGES]
# What the button of each endpoint sends besides the step it names.
VALUES = {actions.ADVANCE: {}, actions.CHECK_IN: {"comfort": 7}, actions.FINISH: {"note": ""}}


def _url(endpoint: str, session: GuidedSession) -> str:
    return reverse(f"sessions:{endpoint}", args=[session.pk])


def _answer(client, session: GuidedSession, endpoint: str):
    """The button of the current panel, as the page sends it."""
    session.refresh_from_db()
    data = {"step_index": session.position, "repetition": session.repetition}
    return client.post(_url(endpoint, session), {**data, **VALUES[endpoint]}, headers=HX)


def _endpoint_for(kind: Stage) -> str:
    return next(endpoint for endpoint, kinds in ACCEPTED_AT.items() if kind in kinds)


def session_showing(client, partner, kind: Stage) -> GuidedSession:
    """A session of `partner` showing `kind`, reached the way a person gets there."""
    session = session_start(partner=partner)
    for _ in range(50):
        session.refresh_from_db()
        shown = session_panel(session=session).kind
        if shown == kind:
            return session
        if kind == Stage.STOPPED and shown == Stage.LEAN:
            return session_stop(session=session)
        if kind == Stage.ABANDONED:
            session_abandon_idle(session=session, now=timezone.now() + timedelta(days=1))
            continue
        assert shown not in ENDED_STAGES, f"walked past {kind} to {shown}"
        assert _answer(client, session, _endpoint_for(shown)).status_code == 200
    raise AssertionError(f"no session reaches the {kind} panel")


def _shown(response) -> str:
    """The panel a response shows: its kind and step (`#step[data-panel][data-step]`)."""
    return re.search(r'data-panel="[^"]*" data-step="[^"]*"', response.content.decode())[0]


def _written(session: GuidedSession) -> tuple:
    # All but the page's stop key, which the first page to show the session makes
    # (sessions.stop_keys): it is no part of the session's progress.
    row = GuidedSession.objects.filter(pk=session.pk).values().get()
    del row["stop_key_hash"]
    return row, CheckIn.objects.filter(session=session).count()


@pytest.fixture
def cleared(partner):
    seed_default_routine()
    ScreeningFactory(partner=partner)
    return partner


def test_every_panel_is_answered_by_one_write_or_ends_the_session():
    answered = [kind for kinds in ACCEPTED_AT.values() for kind in kinds]
    assert sorted(answered + list(ENDED_STAGES)) == sorted(Stage)


def _forged(session: GuidedSession, endpoint: str, kind: Stage) -> list[dict]:
    at, rep = session.position, session.repetition
    steps = [
        {"step_index": at + 1, "repetition": rep},
        {"step_index": max(at - 1, 0) if at else at + 2, "repetition": rep},
        {"step_index": 10**30, "repetition": rep},  # beyond any database integer
        {"step_index": 32768, "repetition": rep},  # one past PostgreSQL's smallint
        {"step_index": -1, "repetition": rep},
    ]
    if endpoint != actions.FINISH:
        steps.append({"step_index": at, "repetition": rep + 1})
        steps.append({"step_index": at, "repetition": 10**30})
    if kind not in ACCEPTED_AT[endpoint]:  # the right step, the wrong button: a skip
        steps.append({"step_index": at, "repetition": rep})
    last = session.last_action
    return [
        {**step, **VALUES[endpoint]}
        for step in steps
        # the exact repeat of the last accepted action is a double tap, tested below
        if not (last.get("kind") == endpoint and last.get("step") == step["step_index"])
    ]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("kind", list(Stage))
def test_stale_or_forged_request_is_409_in_the_panel_and_writes_nothing(
    client_logged_in, cleared, kind, endpoint
):
    session = session_showing(client_logged_in, cleared, kind)
    for data in _forged(session, endpoint, kind):
        before = _written(session)
        response = client_logged_in.post(_url(endpoint, session), data, headers=HX)
        assert response.status_code == 409, (kind, endpoint, data)
        body = response.content.decode()
        assert MESSAGE in body
        assert f'data-panel="{kind}"' in body  # the panel where the session really is
        assert "HX-Refresh" not in response
        assert _written(session) == before, (kind, endpoint, data)


@pytest.mark.parametrize("kind", IN_PROGRESS)
def test_exact_repeat_of_the_last_action_is_a_harmless_200(client_logged_in, cleared, kind):
    session = session_showing(client_logged_in, cleared, kind)
    endpoint = _endpoint_for(kind)
    session.refresh_from_db()
    data = {"step_index": session.position, "repetition": session.repetition}
    first = client_logged_in.post(_url(endpoint, session), {**data, **VALUES[endpoint]}, headers=HX)
    after_first = _written(session)
    again = client_logged_in.post(_url(endpoint, session), {**data, **VALUES[endpoint]}, headers=HX)
    assert first.status_code == again.status_code == 200
    assert MESSAGE not in again.content.decode()
    assert _shown(again) == _shown(first)  # the same panel (its CSRF token differs)
    assert _written(session) == after_first


@pytest.mark.parametrize("kind", [Stage.CHECK_IN, Stage.LEAN_CHECK_IN])
def test_a_second_different_answer_for_the_same_step_is_refused(client_logged_in, cleared, kind):
    session = session_showing(client_logged_in, cleared, kind)
    endpoint = _endpoint_for(kind)
    session.refresh_from_db()
    data = {"step_index": session.position, "repetition": session.repetition}
    assert client_logged_in.post(_url(endpoint, session), {**data, "comfort": 8}).status_code == 302
    before = _written(session)
    response = client_logged_in.post(_url(endpoint, session), {**data, "comfort": 9}, headers=HX)
    assert response.status_code == 409
    assert MESSAGE in response.content.decode()
    assert _written(session) == before


def test_a_second_finish_with_another_note_is_refused(client_logged_in, cleared):
    session = session_showing(client_logged_in, cleared, Stage.FINISH)
    data = {"step_index": session.position, "note": "Felt good."}
    assert client_logged_in.post(_url("finish", session), data).status_code == 302
    before = _written(session)
    response = client_logged_in.post(_url("finish", session), {**data, "note": "Other"})
    assert response.status_code == 409
    assert MESSAGE in response.content.decode()
    assert _written(session) == before
    assert client_logged_in.post(_url("finish", session), data).status_code == 302


def test_the_step_kinds_are_all_walked():
    """Every step kind shows up in the default routine, so the walks above meet it."""
    seed_default_routine()
    routine = Routine.objects.get(is_default=True)
    assert set(routine.steps.values_list("kind", flat=True)) == set(StepKind)


PAIN_STEPS = [
    {},  # the step of the current panel
    {"step_index": 10**30, "repetition": 10**30},
    {"step_index": -4, "repetition": 2},
    {"step_index": "three"},
]


@pytest.mark.parametrize("named", PAIN_STEPS, ids=["current", "huge", "negative", "junk"])
@pytest.mark.parametrize("kind", IN_PROGRESS)
def test_pain_is_accepted_from_every_step_whatever_it_names(client_logged_in, cleared, kind, named):
    session = session_showing(client_logged_in, cleared, kind)
    session.refresh_from_db()
    at, rep = session.position, session.repetition
    data = {"step_index": at, "repetition": rep, **named, "pain": "on"}
    # Pain is not behind the screening gate either: like STOP, it is never refused.
    ScreeningFactory(partner=cleared, outcome=Outcome.BLOCKED)
    assert client_logged_in.get(reverse("sessions:run", args=[session.pk])).status_code == 302
    response = client_logged_in.post(_url("check_in", session), data, headers=HX)
    assert response.status_code == 200
    assert 'data-panel="stopped"' in response.content.decode()
    session.refresh_from_db()
    assert (session.state, session.stop_reason) == (
        SessionState.STOPPED,
        StopReason.PAIN_REPORTED,
    )
    row = CheckIn.objects.get(session=session, pain=True)
    assert (row.step_index, row.repetition, row.comfort) == (at, rep, None)
    before = _written(session)
    again = client_logged_in.post(_url("check_in", session), data, headers=HX)
    assert again.status_code == 200  # a second tap on a stopped session: nothing changes
    assert _written(session) == before


def test_a_finish_from_an_old_page_that_still_sends_a_comfort_is_harmless(
    client_logged_in, cleared
):
    """The finish no longer asks for a rating; a page from before still sends one."""
    session = session_showing(client_logged_in, cleared, Stage.FINISH)
    data = {"step_index": session.position, "repetition": 0, "note": "Felt good."}
    assert client_logged_in.post(_url("finish", session), data).status_code == 302
    before = _written(session)
    # The same finish again from the old tab, with its rating: a double tap, not an error.
    response = client_logged_in.post(_url("finish", session), {**data, "comfort": 2}, headers=HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert MESSAGE not in body
    assert "Session complete" in body
    assert "7 → 7 · relief 0" in body
    assert _written(session) == before
    session.refresh_from_db()
    assert (session.baseline_comfort, session.after_comfort) == (7, 7)
