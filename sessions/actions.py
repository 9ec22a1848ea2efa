"""What a session write asks for, and whether the session can accept it.

Every button of a session page names the step it answers (`step_index`, `repetition`), so
a request from an old tab, a forged one, or a double tap can be told apart:

- **Expected** — the step it names is where the session is, and the session's stage
  accepts that kind of write (`expects`, `sessions.stages.Stage.accepts`): the engine
  writes it.
- **Exact repeat** — the same kind, step, repetition and values as the session's last
  accepted action (`GuidedSession.last_action`, saved with every accepted write): a double
  tap. Nothing is written and the request is answered like the first one (200, the same
  panel).
- **Anything else** is stale or forged — a step the session is not on, a step that does not
  exist, a second different rating for a rated step, a second finish with other values, an
  advance that would skip a rating — and is refused (`StaleStep` / `SessionClosed`,
  answered 409 with a short message in the current panel). Nothing is written.

A release may also carry how long the lean ran (`LEAN_MS`, see `sessions.lean_timer`):
a measurement, not part of what was asked, so a repeat is judged without it.

Pain, tingling or numbness is the exception: like STOP it is never refused (see
`sessions.stopping.session_report_pain`).
"""

from __future__ import annotations

from typing import Any

from .models import GuidedSession, SessionState
from .stages import Write, session_stage

ADVANCE = Write.ADVANCE
CHECK_IN = Write.CHECK_IN
FINISH = Write.FINISH
STOP = Write.STOP
PAIN = Write.PAIN

# Kept with a release, but no part of what makes a repeat (see the module docstring).
LEAN_MS = "lean_ms"


def action(kind: str, step_index: int = 0, repetition: int = 0, **values: Any) -> dict:
    """One action as `GuidedSession.last_action` stores it (plain JSON)."""
    return {"kind": str(kind), "step": step_index, "repetition": repetition, "values": values}


def is_repeat(session: GuidedSession, requested: dict) -> bool:
    """The request is exactly the last action the session accepted (a double tap)."""
    last = {key: value for key, value in (session.last_action or {}).items() if key != LEAN_MS}
    return bool(last) and last == requested


def expects(session: GuidedSession, kind: str, step_index: int, repetition: int) -> bool:
    """The session is active, on the step the request names, at a stage that accepts it."""
    if session.state != SessionState.ACTIVE:
        return False
    return session_stage(session).accepts(kind) and (step_index, repetition) == (
        session.position,
        session.repetition,
    )
