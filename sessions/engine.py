"""Guided-session rules as plain functions: no HTTP, unit-tested directly.

A session is `active` until it ends as `completed`, `stopped` or `abandoned`. It walks
the snapshot in `GuidedSession.steps` (see `sessions.panels`). `position` is the current
step index; on a lean step `repetition` is the current lean (1..repetitions) and
`awaiting_check_in` is set once the lean has been released, until its comfort rating is
recorded. Every write locks the session row, so double taps and concurrent requests
serialise and a step is never answered twice (also a database constraint on check-ins).

- A session starts, and every write but STOP continues, only while the partner has a
  valid cleared screening (`screening.guard.screening_current`).
- STOP is always allowed and never refused (`sessions.stopping`).
- Every check-in goes through the stop rules (`sessions.comfort`).
- Pain, tingling or numbness, like STOP, is never refused (`sessions.stopping`).
- The after-session comfort (`GuidedSession.after_comfort`, the "after" of relief) is the
  rating of the last lean: the check-in of the last repetition of the routine's last lean
  step. Nobody is asked twice. It is set in one place, `session_finish`, which copies it
  from that check-in when the session completes; a session that stops (STOP, pain, a stop
  rule on that very check-in) or is abandoned before the finish has no after rating.
- The finish step takes only an optional note, and completes the session.
- A lean's release may say how long the lean ran; the check-in after it (a rating, or a
  report of pain) keeps that time, bounded by `sessions.lean_timer`.
- A request for a step the session is not on is refused and writes nothing; an exact
  repeat of the last accepted action is a harmless no-op (`sessions.actions`).
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from decompress import scale
from decompress.models import Partner
from decompress.rest import RestRequired, partner_rest
from screening.guard import screening_continues, screening_current

from . import actions
from .comfort import stop_rule_for, validate_comfort
from .errors import NoRoutine, ScreeningRequired, SessionClosed, StaleStep, UnsafeRoutine
from .idle import session_abandon_idle
from .lean_timer import release_action, released_lean_ms
from .models import (
    CheckIn,
    GuidedSession,
    Routine,
    SessionState,
    StepKind,
)
from .progress import enter_step, lean_timer_clear, locked, now_or, session_save
from .rest import rest_record
from .routine_checks import routine_safety_problems
from .steps import step_snapshot


def session_active_for(*, partner: Partner, now: datetime | None = None) -> GuidedSession | None:
    """The partner's session in progress, after lazily abandoning idle ones."""
    session_abandon_idle(partner=partner, now=now)
    return (
        GuidedSession.objects.filter(partner=partner, state=SessionState.ACTIVE)
        .order_by("-started_at", "-pk")
        .first()
    )


def session_start(
    *, partner: Partner, routine: Routine | None = None, now: datetime | None = None
) -> GuidedSession:
    """Start (or return the already running) session for a partner with a valid screening.

    A partner who must rest today (see `sessions.rest`) gets `RestRequired` instead.
    """
    screening = screening_current(partner=partner)
    if screening is None:
        raise ScreeningRequired
    if routine is None:
        routine = Routine.objects.filter(is_default=True).order_by("pk").first()
    if routine is None:
        raise NoRoutine
    routine_steps = list(routine.steps.order_by("position", "pk"))
    if not routine_steps:
        raise NoRoutine
    if routine_safety_problems(routine_steps):
        raise UnsafeRoutine
    steps = [step_snapshot(step) for step in routine_steps]
    with transaction.atomic():
        # Lock the partner so two Start taps at once cannot open two sessions.
        Partner.objects.select_for_update().filter(pk=partner.pk).first()
        existing = session_active_for(partner=partner, now=now)
        if existing is not None:
            return existing
        if (rest := partner_rest(partner=partner, now=now)) is not None:
            raise RestRequired(rest)
        session = GuidedSession(
            partner=partner,
            routine=routine,
            screening=screening,
            steps=steps,
            repetitions=routine.repetitions,
        )
        enter_step(session, 0)
        session.save()
    return session


def session_screening_valid(*, session: GuidedSession) -> bool:
    """A session may only continue while its partner still has a valid cleared screening."""
    return screening_continues(partner=session.partner) is not None


@transaction.atomic
def session_advance(
    *,
    session: GuidedSession,
    step_index: int,
    repetition: int,
    now: datetime | None = None,
) -> GuidedSession:
    """ "Ready" on a prepare step, or "Done" after a lean's release.

    The request names the step it answers; an exact repeat (double tap) changes nothing,
    anything but the current step raises StaleStep. At a release `sessions.lean_timer` works
    out how long the lean ran from the server's record of its timer, for the check-in.
    """
    session = locked(session)
    requested = actions.action(actions.ADVANCE, step_index, repetition)
    if actions.is_repeat(session, requested):
        return session
    if session.state != SessionState.ACTIVE:
        raise SessionClosed
    if not actions.expects(session, actions.ADVANCE, step_index, repetition):
        raise StaleStep  # an old tab, a forged step, or a skip past a rating
    if session.steps[session.position]["kind"] == StepKind.PREPARE:
        enter_step(session, session.position + 1)
        session.last_action = requested
    else:
        session.awaiting_check_in = True  # the lean has been released
        session.last_action = release_action(session, requested, now=now_or(now))
    session.last_activity_at = now_or(now)
    session_save(session)
    return session


def _lowest(current: int | None, comfort: int | None) -> int | None:
    if comfort is None:
        return current
    return comfort if current is None else min(current, comfort)


@transaction.atomic
def session_record_check_in(
    *,
    session: GuidedSession,
    step_index: int,
    repetition: int,
    comfort: int,
    now: datetime | None = None,
) -> GuidedSession:
    """Record one comfort rating and apply the stop rules.

    An exact repeat of the last accepted check-in (a double tap, or two requests at once)
    writes nothing and returns the session as it stands, so both show the same panel. A
    rating for any other step, or a second different rating, raises StaleStep. A report of
    pain is not a rating: `sessions.stopping.session_report_pain` takes it, never refused.
    """
    validate_comfort(comfort, False)
    session = locked(session)
    requested = actions.action(actions.CHECK_IN, step_index, repetition, comfort=comfort)
    if actions.is_repeat(session, requested):
        return session
    if session.state != SessionState.ACTIVE:
        raise SessionClosed
    if not actions.expects(session, actions.CHECK_IN, step_index, repetition):
        raise StaleStep
    try:
        with transaction.atomic():
            CheckIn.objects.create(
                session=session,
                step_index=step_index,
                repetition=repetition,
                comfort=comfort,
                lean_ms=released_lean_ms(session),
            )
    except IntegrityError:
        # The unique constraint caught a concurrent duplicate: the first one wins.
        # The same rating is the same tap; another rating for the step is refused.
        session.refresh_from_db()
        slot = CheckIn.objects.get(session=session, step_index=step_index, repetition=repetition)
        if slot.comfort == comfort and not slot.pain:
            return session
        raise StaleStep from None

    is_baseline = session.steps[step_index]["kind"] == StepKind.CHECK_IN
    if is_baseline and session.baseline_comfort is None and comfort is not None:
        session.baseline_comfort = comfort
    if not is_baseline:
        # Only the lean check-ins: before and after are shown beside it, not in it.
        session.lowest_comfort = _lowest(session.lowest_comfort, comfort)
    baseline = None if is_baseline else session.baseline_comfort
    reason = stop_rule_for(comfort=comfort, baseline=baseline)
    moment = now_or(now)
    if reason is not None:
        session.state = SessionState.STOPPED
        session.stop_reason = reason
        session.ended_at = moment
        rest_record(session=session, reason=reason, at=moment)
    elif is_baseline or session.repetition >= session.repetitions:
        enter_step(session, session.position + 1)
    else:
        session.repetition += 1
        session.awaiting_check_in = False
        lean_timer_clear(session)
    session.last_action = requested
    session.last_activity_at = moment
    session_save(session)
    return session


def session_last_lean_comfort(*, session: GuidedSession) -> int | None:
    """The rating after the last repetition of the last lean step (None without a lean)."""
    leans = [i for i, step in enumerate(session.steps) if step["kind"] == StepKind.LEAN]
    if not leans:
        return None
    return (
        CheckIn.objects.filter(
            session=session, step_index=leans[-1], repetition=session.repetitions
        )
        .values_list("comfort", flat=True)
        .first()
    )


@transaction.atomic
def session_finish(
    *,
    session: GuidedSession,
    step_index: int,
    note: str = "",
    now: datetime | None = None,
) -> GuidedSession:
    """The finish step: an optional note; the session completes.

    The after rating is not asked again: the last lean's rating becomes `after_comfort`
    here (see the module docstring), so relief compares it with the starting rating.
    """
    note = note.strip()
    if len(note) > GuidedSession.note_max_length:
        raise ValueError("The note is too long.")
    session = locked(session)
    requested = actions.action(actions.FINISH, step_index, 0, note=note)
    if actions.is_repeat(session, requested):
        return session  # a double tap on Finish
    if session.state != SessionState.ACTIVE:
        raise SessionClosed
    if not actions.expects(session, actions.FINISH, step_index, 0):
        raise StaleStep
    moment = now_or(now)
    session.after_comfort = session_last_lean_comfort(session=session)
    session.note = note
    session.state = SessionState.COMPLETED
    session.last_action = requested
    session.ended_at = moment
    session.last_activity_at = moment
    session_save(session)
    return session


def session_worse_after(*, session: GuidedSession) -> bool:
    """The back feels worse than before, or ended at a rating the stop rules call too low.

    Since the last lean's rating is the after rating, the stop rules end such a session
    before the finish; this still speaks for sessions whose after rating was asked at the
    finish (recorded before migration guided 0010, 2026-11-28: kept while such sessions
    are in a history).
    """
    relief = session.relief
    return (relief is not None and relief < 0) or (
        session.after_comfort is not None and session.after_comfort <= scale.LOW_COMFORT_LIMIT
    )
