"""The lean's timer, kept by the server: "Start the lean", "Pause" and "Resume".

The account holder's phone leads: its taps are recorded here on the session (the fields
`sessions.lean_time` reads), and both phones count on from what the record says. Each
request names the lean it is for, like every session write (`sessions.actions`): one for
another step or lean is stale. Repeats are harmless: starting a lean that runs, pausing a
paused one or resuming a running one changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from . import actions
from .engine import SessionClosed, StaleStep
from .lean_time import lean_elapsed_ms
from .models import GuidedSession, SessionState, StepKind
from .progress import locked, now_or, session_save

START = "start"
PAUSE = "pause"
RESUME = "resume"


@transaction.atomic
def session_lean_timer(
    *,
    session: GuidedSession,
    step_index: int,
    repetition: int,
    action: str,
    now: datetime | None = None,
) -> GuidedSession:
    """Record a tap on the lean's timer; raises SessionClosed or StaleStep like the other
    writes when the session is not on that lean."""
    session = locked(session)
    if session.state != SessionState.ACTIVE:
        raise SessionClosed
    if session.awaiting_check_in or not actions.expects(
        session, actions.ADVANCE, step_index, repetition
    ):
        raise StaleStep
    if session.steps[session.position]["kind"] != StepKind.LEAN:
        raise StaleStep
    moment = now_or(now)
    started = session.lean_started_at is not None
    paused = session.lean_paused_at is not None
    if action == START and not started:
        session.lean_started_at = moment
    elif action == PAUSE and started and not paused:
        session.lean_paused_at = moment
    elif action == RESUME and paused:
        run_before = lean_elapsed_ms(session)
        session.lean_paused_ms = max(
            0, round((moment - session.lean_started_at).total_seconds() * 1000) - run_before
        )
        session.lean_paused_at = None
    else:
        return session  # a repeat: nothing to change
    session.last_activity_at = moment
    session_save(session)
    return session
