"""STOP and reported pain: always allowed, never refused, never behind the screening gate.

- STOP ends an active session as stopped; on a session that has ended nothing changes.
- After STOP either phone is asked why (pain, discomfort, something else, or none given).
  The first answer is the session's `stop_reason`; a reason set by a stop rule stays. A
  second, different answer (the other phone's) is kept beside it (`other_answer`) and
  shown, never refused.
- Pain always wins. Pain, tingling or numbness — the check-in's pain button, or "Pain" as
  the answer after STOP — from either phone is always recorded and always rests the
  partner (`sessions.rest`): on an active session, whatever step the request names, it
  stops the session as "pain reported"; after the session ended (a STOP or a stop rule a
  moment earlier on the other phone, say) it is recorded beside the first cause
  (`pain_reported_at`), up to `PAIN_AFTER_END` later by the button and whenever "Pain" is
  the answer to "why did you stop?". No later answer removes it. Only a stale *rating* is
  refused (`sessions.actions`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from . import actions
from .errors import SessionClosed
from .lean_timer import released_lean_ms
from .models import CheckIn, GuidedSession, SessionState, StopReason
from .progress import locked, now_or, session_save
from .rest import rest_record

# How long after a session ended the pain button is still taken (from a phone that had
# not yet seen the end): recorded beside the first cause, and the partner rests.
PAIN_AFTER_END = timedelta(minutes=30)

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


def _pain_beside(session: GuidedSession, moment: datetime) -> None:
    """Pain reported after the session ended for another cause: kept beside it, resting."""
    if session.pain_reported_at is None:
        session.pain_reported_at = moment
        rest_record(session=session, reason=StopReason.PAIN_REPORTED, at=moment)
        session_save(session)


@transaction.atomic
def session_stop_reason_record(
    *,
    session: GuidedSession,
    reason: str,
    joined: bool = False,
    now: datetime | None = None,
) -> GuidedSession:
    """A phone's answer to "why did you stop?" (`joined`: the receiver's phone's).

    The first answer is the reason; a reason set by a stop rule stays. "Pain" always rests
    the partner: as the first answer it is the reason, after another one it is recorded
    beside it. A second, different answer that is not pain is kept as the other phone's
    answer (the first of them); the same answer again is a harmless repeat.
    """
    if reason not in USER_STOP_REASONS:
        raise ValueError(f"Unknown stop reason {reason!r}")
    session = locked(session)
    if session.state != SessionState.STOPPED:
        raise SessionClosed
    moment = now_or(now)
    if session.stop_reason == StopReason.NONE and reason != StopReason.NONE:
        session.stop_reason = reason
        if reason == StopReason.PAIN:
            session.pain_reported_at = session.pain_reported_at or moment
            rest_record(session=session, reason=reason, at=moment)
        session_save(session)
    elif reason == StopReason.PAIN:
        _pain_beside(session, moment)
    elif reason not in (session.stop_reason, StopReason.NONE) and not session.other_answer:
        session.other_answer = reason
        session.other_answer_joined = joined
        session_save(session)
    return session


@transaction.atomic
def sessions_stop_for_screening(*, partner, now: datetime | None = None) -> list[GuidedSession]:
    """The partner's screening has just turned blocked or urgent: a session in progress
    stops now ("the safety answers changed"), so both phones leave the lean at their next
    update, release first. No rest: nothing hurt; the screening itself keeps the next
    session away."""
    stopped = []
    for session in GuidedSession.objects.active().filter(partner=partner):
        session = locked(session)
        if session.state != SessionState.ACTIVE:
            continue
        moment = now_or(now)
        session.state = SessionState.STOPPED
        session.stop_reason = StopReason.SCREENING_CHANGED
        session.ended_at = moment
        session.last_activity_at = moment
        session.last_action = actions.action(actions.STOP)
        session_save(session)
        stopped.append(session)
    return stopped


@transaction.atomic
def session_report_pain(*, session: GuidedSession, now: datetime | None = None) -> GuidedSession:
    """Pain, tingling or numbness: like STOP, never refused, whatever step it names.

    An active session stops as "pain reported". The report is kept as a check-in at the
    session's current position (step, repetition) — the step the person was on when it
    hurt — unless that slot already holds a rating (the one-per-step constraint), in which
    case the stop reason alone records it. A session that ended for another cause up to
    `PAIN_AFTER_END` ago keeps the report beside that cause; both rest the partner.
    """
    session = locked(session)
    moment = now_or(now)
    if session.state != SessionState.ACTIVE:
        if session.ended_at is not None and moment - session.ended_at <= PAIN_AFTER_END:
            _pain_beside(session, moment)
        return session
    slot = {"step_index": session.position, "repetition": session.repetition}
    if not CheckIn.objects.filter(session=session, **slot).exists():
        # Right after a lean, the report is that lean's check-in: it keeps the lean's time.
        CheckIn.objects.create(
            session=session, pain=True, lean_ms=released_lean_ms(session), **slot
        )
    session.state = SessionState.STOPPED
    session.stop_reason = StopReason.PAIN_REPORTED
    session.pain_reported_at = moment
    session.ended_at = moment
    session.last_activity_at = moment
    session.last_action = actions.action(actions.PAIN, **slot)
    session_save(session)
    rest_record(session=session, reason=StopReason.PAIN_REPORTED, at=moment)
    return session
