"""Builders for realistic past sessions: a step snapshot and check-ins at set times.

Shared by unit and browser tests, beside `tests/factories.py`.
"""

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from decompress.models import Partner
from screening.models import Screening
from sessions.models import CheckIn, GuidedSession, Routine, SessionState, StopReason
from sessions.rest import RESTING_REASONS, rest_record
from tests.factories import (
    BASELINE_STEP,
    FINISH_STEP,
    LEAN_STEP,
    STEPS,
    RoutineFactory,
    ScreeningFactory,
)


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Lets tests set started_at / created_at themselves (auto_now_add would overwrite them)."""
    fields = [
        GuidedSession._meta.get_field("started_at"),
        GuidedSession._meta.get_field("last_activity_at"),
        CheckIn._meta.get_field("created_at"),
    ]
    with ExitStack() as stack:
        for model_field in fields:
            stack.enter_context(mock.patch.object(model_field, "auto_now_add", False))
        yield


def _session_and_check_ins(
    *,
    partner: Partner,
    routine: Routine,
    screening: Screening,
    started_at: datetime,
    state: str,
    baseline: int | None,
    leans: Sequence[int | None],
    legacy_after: int | None,
    stop_reason: str,
    note: str,
    pain_on_last_lean: bool,
    minutes: int,
    duration: timedelta | None = None,
) -> tuple[GuidedSession, list[CheckIn]]:
    ended = state in (SessionState.COMPLETED, SessionState.STOPPED, SessionState.ABANDONED)
    last = started_at + (duration if duration is not None else timedelta(minutes=minutes))
    rated = [c for c in leans if c is not None]
    # A completed session's after rating is its last lean's (`sessions.engine`); one recorded
    # before that had its own finish rating (`legacy_after`). Only a completed one has it.
    after = None
    if state == SessionState.COMPLETED:
        after = legacy_after if legacy_after is not None else (leans[-1] if leans else None)
    if state == SessionState.COMPLETED:
        position = FINISH_STEP
    elif leans:
        position = LEAN_STEP
    else:
        position = BASELINE_STEP + 1 if baseline is not None else 0
    session = GuidedSession(
        partner=partner,
        routine=routine,
        screening=screening,
        state=state,
        steps=STEPS,
        repetitions=3,
        position=position,
        repetition=len(leans),
        baseline_comfort=baseline,
        after_comfort=after,
        lowest_comfort=min(rated) if rated else None,
        stop_reason=stop_reason,
        note=note,
        started_at=started_at,
        last_activity_at=last,
        ended_at=last if ended else None,
    )
    # A minute apart; with an exact duration, spread evenly inside it.
    step = timedelta(minutes=1) if duration is None else duration / (len(leans) + 3)
    moments = iter(started_at + step * (1 + i) for i in range(len(leans) + 2))
    check_ins = []
    if baseline is not None:
        check_ins.append(
            CheckIn(
                step_index=BASELINE_STEP, repetition=0, comfort=baseline, created_at=next(moments)
            )
        )
    for number, comfort in enumerate(leans, start=1):
        pain = pain_on_last_lean and number == len(leans)
        check_ins.append(
            CheckIn(
                step_index=LEAN_STEP,
                repetition=number,
                comfort=comfort,
                pain=pain,
                created_at=next(moments),
            )
        )
    if legacy_after is not None and state == SessionState.COMPLETED:
        check_ins.append(
            CheckIn(
                step_index=FINISH_STEP,
                repetition=0,
                comfort=legacy_after,
                created_at=next(moments),
            )
        )
    return session, check_ins


def build_session(
    *,
    partner: Partner,
    started_at: datetime | None = None,
    state: str = SessionState.COMPLETED,
    baseline: int | None = 5,
    leans: Sequence[int | None] = (6, 7, 7),
    legacy_after: int | None = None,
    stop_reason: str = "",
    note: str = "",
    pain_on_last_lean: bool = False,
    minutes: int = 12,
    duration: timedelta | None = None,
    routine: Routine | None = None,
    screening: Screening | None = None,
) -> GuidedSession:
    """One session as the guided flow leaves it: snapshot, ratings and check-ins.

    It lasts `minutes`, or exactly `duration` when given (e.g. 89.6 seconds). A completed
    session's after rating is its last lean's, as the flow sets it; `legacy_after` builds
    one from before that change, rated again at the finish (its own check-in).
    """
    session, check_ins = _session_and_check_ins(
        partner=partner,
        routine=routine or RoutineFactory(),
        screening=screening or ScreeningFactory(partner=partner),
        started_at=started_at or timezone.now() - timedelta(hours=1),
        state=state,
        baseline=baseline,
        leans=leans,
        legacy_after=legacy_after,
        stop_reason=stop_reason,
        note=note,
        pain_on_last_lean=pain_on_last_lean,
        minutes=minutes,
        duration=duration,
    )
    if state == SessionState.STOPPED and stop_reason in (StopReason.PAIN, StopReason.PAIN_REPORTED):
        session.pain_reported_at = session.ended_at
    with explicit_timestamps():
        session.save()
        for check_in in check_ins:
            check_in.session = session
        CheckIn.objects.bulk_create(check_ins)
    if state == SessionState.STOPPED and stop_reason in RESTING_REASONS:
        # As sessions.stopping and the stop rules record it, when the session stopped.
        rest_record(session=session, reason=stop_reason, at=session.ended_at)
    return session


def build_stopped_session(*, partner: Partner, **kwargs) -> GuidedSession:
    kwargs.setdefault("leans", (6, 3))
    return build_session(
        partner=partner,
        state=SessionState.STOPPED,
        stop_reason=kwargs.pop("stop_reason", StopReason.LOW_COMFORT),
        **kwargs,
    )


def bulk_sessions(
    *, partner: Partner, count: int, newest: datetime | None = None, batch_size: int = 2000
) -> None:
    """Many completed sessions (one every six hours back from `newest`) in a few queries."""
    routine = RoutineFactory()
    screening = ScreeningFactory(partner=partner)
    newest = newest or timezone.now() - timedelta(hours=2)
    with explicit_timestamps():
        for offset in range(0, count, batch_size):
            pairs = [
                _session_and_check_ins(
                    partner=partner,
                    routine=routine,
                    screening=screening,
                    started_at=newest - timedelta(hours=6 * (offset + i + 1)),
                    state=SessionState.COMPLETED,
                    baseline=4 + (offset + i) % 3,
                    leans=(6, 6, 6 + (offset + i) % 3),
                    legacy_after=None,
                    stop_reason="",
                    note="",
                    pain_on_last_lean=False,
                    minutes=11,
                )
                for i in range(min(batch_size, count - offset))
            ]
            sessions = GuidedSession.objects.bulk_create([s for s, _ in pairs])
            check_ins = []
            for session, session_check_ins in zip(sessions, (c for _, c in pairs), strict=True):
                for check_in in session_check_ins:
                    check_in.session = session
                    check_ins.append(check_in)
            CheckIn.objects.bulk_create(check_ins, batch_size=5000)


LONG_NOTE = ("Felt looser in the lower back afterwards, less stiff when standing up. " * 15)[:1000]


def quarter_of_sessions(partner, *, count=90):
    """About one session a day for three months: stops among them, long notes on some."""
    now = timezone.now()
    sessions = []
    for day in range(count):
        started = now - timedelta(days=day, hours=2)
        note = LONG_NOTE if day % 15 == 0 else ""
        if day % 9 == 4:
            reason = "pain" if day % 2 else "discomfort"
            sessions.append(build_stopped_session(partner=partner, started_at=started,
                                                  stop_reason=reason, note=note))  # fmt: skip
        else:
            sessions.append(build_session(partner=partner, started_at=started, note=note))
    return sessions
