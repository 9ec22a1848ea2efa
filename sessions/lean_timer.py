"""The lean's timer, kept by the server, and how long a lean ran.

"Start the lean", "Pause" and "Resume" are requests the server records on the session
(`lean_started_at`, `lean_paused_at`, `lean_paused_ms`; `session_lean_timer`). The account
holder's phone leads; both phones count on from what the record says (`lean_timer_state`
gives the milliseconds the timer has run, never a wall-clock time, and each phone counts
on from its own clock). Each request names the lean it is for, like every session write
(`sessions.actions`): one for another step or lean is stale. Repeats are harmless:
starting a lean that runs, pausing a paused one or resuming a running one changes nothing.

The same record says how long the lean ran: from the start to the "Done, released"
hand-over, without the pauses and without the get-ready countdown (`COUNTDOWN_SECONDS`:
"3", "2", "1", one a second, before every lean-in). Without JavaScript there is no timer,
nothing is recorded and the time stays empty. This module is the one place that decides
what is recorded.

- A figure is kept when it is more than 0 and at most three times the planned
  lean-in + hold + release plus a minute (`lean_ms_bounded`); anything else is recorded as
  unknown (None). It is never an error shown to the partners: a wrong figure must not
  stand between them and the check-in.
- Between the release and the check-in the figure travels with the release itself, the
  session's last accepted action (`GuidedSession.last_action`, key `lean_ms`); the
  check-in after that lean — a rating, or a report of pain — copies it onto
  `CheckIn.lean_ms` (`released_lean_ms`).
- The record is cleared whenever the session moves on to another lean or step
  (`sessions.progress.lean_timer_clear`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone

from . import actions
from .errors import SessionClosed, StaleStep
from .models import GuidedSession, SessionState, StepKind
from .progress import locked, now_or, session_save

# The get-ready countdown before every lean's lean-in, in whole seconds.
COUNTDOWN_SECONDS = 3


class TimerState(models.TextChoices):
    """Where the lean's timer is, as both phones read it (`lean_timer_state`)."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"


class TimerAction(models.TextChoices):
    """The taps on the lean's timer the leading phone sends (`session_lean_timer`)."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"


# The largest figure accepted: three times the plan, plus a minute.
PLAN_FACTOR = 3
SLACK_MS = 60_000


def planned_ms(step: Mapping) -> int:
    """The lean's planned lean-in + hold + release, in milliseconds."""
    seconds = sum(
        int(step.get(key) or 0) for key in ("lean_in_seconds", "hold_seconds", "release_seconds")
    )
    return seconds * 1000


def lean_ms_bounded(ms: int, *, step: Mapping) -> int | None:
    """The figure to record for a lean of this step, or None when it cannot be right."""
    if ms <= 0 or ms > planned_ms(step) * PLAN_FACTOR + SLACK_MS:
        return None
    return ms


def _ms(delta) -> int:
    return max(0, round(delta.total_seconds() * 1000))


def lean_elapsed_ms(session: GuidedSession, now: datetime | None = None) -> int | None:
    """How long the lean's timer has run (countdown included, pauses not); None before the
    start."""
    if session.lean_started_at is None:
        return None
    until = session.lean_paused_at or now or timezone.now()
    return max(0, _ms(until - session.lean_started_at) - session.lean_paused_ms)


def lean_timer_state(session: GuidedSession, now: datetime | None = None) -> dict:
    """What the phones show: ready, running or paused, and the milliseconds run so far."""
    elapsed = lean_elapsed_ms(session, now)
    if elapsed is None:
        return {"state": TimerState.READY.value, "elapsed_ms": 0}
    state = TimerState.PAUSED if session.lean_paused_at else TimerState.RUNNING
    return {"state": state.value, "elapsed_ms": elapsed}


def release_action(session: GuidedSession, requested: dict, *, now: datetime) -> dict:
    """The release as the session keeps it: the action, and the lean's time if known."""
    elapsed = lean_elapsed_ms(session, now)
    if elapsed is None:
        return requested
    ran = elapsed - COUNTDOWN_SECONDS * 1000
    bounded = lean_ms_bounded(ran, step=session.steps[session.position])
    return requested if bounded is None else {**requested, actions.LEAN_MS: bounded}


def released_lean_ms(session: GuidedSession) -> int | None:
    """The time of the lean just released, for its check-in; None if not known.

    Only while the session awaits the check-in of that very lean (its last accepted action
    is the release of the current step and repetition).
    """
    last = session.last_action or {}
    if not session.awaiting_check_in or last.get("kind") != actions.ADVANCE:
        return None
    if (last.get("step"), last.get("repetition")) != (session.position, session.repetition):
        return None
    value = last.get(actions.LEAN_MS)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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
    if action == TimerAction.START and not started:
        session.lean_started_at = moment
    elif action == TimerAction.PAUSE and started and not paused:
        session.lean_paused_at = moment
    elif action == TimerAction.RESUME and paused and session.lean_started_at is not None:
        run_before = lean_elapsed_ms(session) or 0
        session.lean_paused_ms = max(
            0, round((moment - session.lean_started_at).total_seconds() * 1000) - run_before
        )
        session.lean_paused_at = None
    else:
        return session  # a repeat: nothing to change
    session.last_activity_at = moment
    session_save(session)
    return session
