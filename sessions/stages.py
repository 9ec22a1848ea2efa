"""Where a session is — its stage — and which writes each stage accepts.

A session's stage follows from its state and position (`session_stage`), a closed set the
page shares (one partial per stage in `templates/sessions/panels/`, and
`static/js/` through `#step[data-panel]`):

- an active session is at its current step: `prepare` (read, then Ready), `check_in`
  (the starting comfort rating), `lean` (the timed lean), `lean_check_in` (the rating
  after each lean, once the lean is released) and `finish` (after comfort and a note);
- an ended session is `summary` (completed), `stopped` (STOP or a stop rule: release
  first, then the reason and the aftercare) or `abandoned` (left idle).

A write is allowed when the session's stage accepts it (`Stage.accepts`, read by
`sessions.actions.expects`): Ready answers `prepare` and `lean`, a rating answers the two
check-ins, the finish answers `finish`. STOP and a report of pain are never refused at any
stage (`sessions.stopping`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from .choices import SessionState, StepKind
from .steps import session_step

if TYPE_CHECKING:
    from .models import GuidedSession


class Write(models.TextChoices):
    """The kinds of write a session page sends (`sessions.actions`)."""

    ADVANCE = "advance"
    CHECK_IN = "check_in"
    FINISH = "finish"
    STOP = "stop"
    PAIN = "pain"


class Stage(models.TextChoices):
    PREPARE = "prepare"
    CHECK_IN = "check_in"
    LEAN = "lean"
    LEAN_CHECK_IN = "lean_check_in"
    FINISH = "finish"
    SUMMARY = "summary"
    STOPPED = "stopped"
    ABANDONED = "abandoned"

    @property
    def ended(self) -> bool:
        """No STOP bar, no progress line, the screen may sleep."""
        return self in ENDED_STAGES

    @property
    def is_lean(self) -> bool:
        """The lean or the rating after it: progress shows "Lean r of n"."""
        return self in (Stage.LEAN, Stage.LEAN_CHECK_IN)

    def accepts(self, write: Write | str) -> bool:
        return self in ACCEPTED_AT.get(Write(write), ())


ENDED_STAGES = (Stage.SUMMARY, Stage.STOPPED, Stage.ABANDONED)
ACCEPTED_AT = {
    Write.ADVANCE: (Stage.PREPARE, Stage.LEAN),
    Write.CHECK_IN: (Stage.CHECK_IN, Stage.LEAN_CHECK_IN),
    Write.FINISH: (Stage.FINISH,),
}
_ENDED_BY_STATE = {
    SessionState.COMPLETED: Stage.SUMMARY,
    SessionState.STOPPED: Stage.STOPPED,
    SessionState.ABANDONED: Stage.ABANDONED,
}
_BY_STEP_KIND = {
    StepKind.PREPARE: Stage.PREPARE,
    StepKind.CHECK_IN: Stage.CHECK_IN,
    StepKind.FINISH: Stage.FINISH,
}


def session_stage(session: GuidedSession) -> Stage:
    if session.state in _ENDED_BY_STATE:
        return _ENDED_BY_STATE[SessionState(session.state)]
    step = session_step(session)
    if step is None:
        return Stage.FINISH
    if step["kind"] == StepKind.LEAN:
        return Stage.LEAN_CHECK_IN if session.awaiting_check_in else Stage.LEAN
    return _BY_STEP_KIND[StepKind(step["kind"])]
