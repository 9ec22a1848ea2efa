"""Routines, steps, guided sessions and check-ins — and every derived fact about a session.

One home for each fact. Engine, views, history, admin, templates and exports all read these:

- **Duration** — `GuidedSession.duration` (a timedelta: ended minus started),
  `duration_seconds` (whole seconds, rounded; what the exports carry) and
  `duration_display`, the one human-readable form ("1 min 30 s") that every page and the
  admin show; it is `duration_display()` below, applied to the rounded seconds, so a page
  and an export never disagree by a second.
- **Relief** — `GuidedSession.relief`: comfort after minus comfort before (positive is
  relief), None unless both were rated; `relief_display` signs it ("+3", "0", "-2").
- **Lowest comfort** — the stored `lowest_comfort`: the lowest rating of the check-ins
  after a lean (repetition 1..N). The before and after ratings are shown beside it, never
  mixed into it. The engine keeps it up to date as lean check-ins arrive.
- **Note length** — the `note` field's `max_length` (`GuidedSession.note_max_length`);
  forms, the engine and templates read it from there.
- **Outcome** — `SessionState` is the one set of states; `outcome_label` adds the stop
  reason ("Stopped · Pain").
- **Idle / abandoned** — see `sessions.durations`: when a session in progress is idle, and
  where each request path marks idle sessions abandoned.
"""

from sessions.choices import SessionState, StepKind, StopReason
from sessions.querysets import GuidedSessionQuerySet

from .check_in import CheckIn
from .invite import SessionInvite
from .routine import Routine, Step
from .session import GuidedSession

__all__ = [
    "CheckIn",
    "GuidedSession",
    "GuidedSessionQuerySet",
    "Routine",
    "SessionInvite",
    "SessionState",
    "Step",
    "StepKind",
    "StopReason",
]
