"""STOP and reported pain: always allowed, never refused, never behind the screening gate.

- STOP ends an active session as stopped; on a session that has ended nothing changes.
  The reason asked afterwards (pain, discomfort, something else, or none given) never
  overwrites one set by a stop rule.
- Pain, tingling or numbness (the check-in's pain button) is accepted on any active
  session whatever step the request names — even a prepare step or one that does not
  exist — before any other check: the session stops as "pain reported". Only a stale
  *rating* is refused (`sessions.actions`).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from . import actions, poll_cache
from .engine import SessionClosed
from .lean_time import released_lean_ms
from .models import CheckIn, GuidedSession, SessionState, StopReason
from .progress import locked, now_or, session_save

# The reasons a person can give after pressing STOP ("skip" keeps NONE).
USER_STOP_REASONS = (StopReason.PAIN, StopReason.DISCOMFORT, StopReason.OTHER, StopReason.NONE)


@transaction.atomic
def session_stop(
    *, session: GuidedSession, reason: str = StopReason.NONE, now: datetime | None = None
) -> GuidedSession:
    """STOP: always allowed, never refused. Ends an active session as stopped.

    On a session that has already ended nothing changes.
    """
    if reason not in USER_STOP_REASONS:
        raise ValueError(f"Unknown stop reason {reason!r}")
    session = locked(session)
    if session.state == SessionState.ACTIVE:
        moment = now_or(now)
        session.state = SessionState.STOPPED
        session.stop_reason = reason
        session.ended_at = moment
        session.last_activity_at = moment
        session.last_action = actions.action(actions.STOP)
        session_save(session)
    return session


@transaction.atomic
def session_stop_reason_record(*, session: GuidedSession, reason: str) -> GuidedSession:
    """The reason given after STOP, once. Never overwrites a reason already recorded.

    A reason set by the stop rules stays. A reason given by a person is final too: "Pain"
    rests the partner for the day (see `sessions.rest`), so a later, different answer (a
    stale second tab, say) must not lift that — it is refused as stale. The same answer
    again is a harmless repeat.
    """
    if reason not in USER_STOP_REASONS:
        raise ValueError(f"Unknown stop reason {reason!r}")
    session = locked(session)
    if session.state != SessionState.STOPPED:
        raise SessionClosed
    if session.stop_reason == StopReason.NONE:
        session.stop_reason = reason
        session.version += 1
        session.save(update_fields=["stop_reason", "version"])
        poll_cache.changed(session.pk)
    elif session.stop_reason in USER_STOP_REASONS and session.stop_reason != reason:
        raise SessionClosed
    return session


@transaction.atomic
def session_report_pain(*, session: GuidedSession, now: datetime | None = None) -> GuidedSession:
    """Pain, tingling or numbness: like STOP, never refused, whatever step it names.

    An active session stops as "pain reported". The report is kept as a check-in at the
    session's current position (step, repetition) — the step the person was on when it
    hurt — unless that slot already holds a rating (the one-per-step constraint), in which
    case the stop reason alone records it. On a session that has already ended nothing
    changes.
    """
    session = locked(session)
    if session.state != SessionState.ACTIVE:
        return session
    slot = {"step_index": session.position, "repetition": session.repetition}
    if not CheckIn.objects.filter(session=session, **slot).exists():
        # Right after a lean, the report is that lean's check-in: it keeps the lean's time.
        CheckIn.objects.create(
            session=session, pain=True, lean_ms=released_lean_ms(session), **slot
        )
    moment = now_or(now)
    session.state = SessionState.STOPPED
    session.stop_reason = StopReason.PAIN_REPORTED
    session.ended_at = moment
    session.last_activity_at = moment
    session.last_action = actions.action(actions.PAIN, **slot)
    session_save(session)
    return session
