"""How a session row is written: locked first, so double taps and the two phones' requests
take turns, and saved as a new version, so both phones' polls see the change.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from . import poll_cache
from .choices import StepKind
from .models import GuidedSession


def now_or(now: datetime | None) -> datetime:
    return now or timezone.now()


def enter_step(session: GuidedSession, index: int) -> None:
    session.position = index
    kind = session.steps[index]["kind"] if index < len(session.steps) else None
    session.repetition = 1 if kind == StepKind.LEAN else 0
    session.awaiting_check_in = False
    lean_timer_clear(session)


# What moves during a session; the steps snapshot never changes after the start, so saves
# leave it (the largest column) alone.
PROGRESS_FIELDS = [
    "state",
    "position",
    "repetition",
    "awaiting_check_in",
    "baseline_comfort",
    "after_comfort",
    "lowest_comfort",
    "stop_reason",
    "pain_reported_at",
    "other_answer",
    "other_answer_joined",
    "note",
    "last_activity_at",
    "ended_at",
    "last_action",
    "version",
    "lean_started_at",
    "lean_paused_at",
    "lean_paused_ms",
]


def session_save(session: GuidedSession) -> None:
    """Save what moved, as a new version: both phones' polls see the change."""
    session.version += 1
    session.save(update_fields=PROGRESS_FIELDS)
    poll_cache.changed(session.pk)


def locked(session: GuidedSession) -> GuidedSession:
    # The partner comes along for the panel; only the session row is locked.
    return (
        GuidedSession.objects.select_for_update(of=("self",))
        .select_related("partner")
        .get(pk=session.pk)
    )


def lean_timer_clear(session: GuidedSession) -> None:
    """No lean timer: the session has moved on to another lean or step."""
    session.lean_started_at = None
    session.lean_paused_at = None
    session.lean_paused_ms = 0
