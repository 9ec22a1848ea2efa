"""How long a lean ran: measured, bounded, and kept until the lean's check-in records it.

A lean's time is lean-in + hold + release as they ran, without the get-ready countdown
and without pauses. Today the page's timer measures it (`static/js/session.js`) and sends
it, in milliseconds, with the "Done, released" hand-over (`lean_ms`); without JavaScript
nothing is sent and the time stays empty. This module is the one place that decides what
is recorded, so a later record kept by the server itself can replace the page's figure
here without touching the engine, the forms or the history.

- A figure is accepted when it is more than 0 and at most three times the planned
  lean-in + hold + release plus a minute (`lean_ms_bounded`); anything else — missing,
  not a number, zero, negative, absurdly long — is recorded as unknown (None). It is
  never an error shown to the partners: a wrong figure must not stand between them and
  the check-in.
- Between the release and the check-in the figure travels with the release itself, the
  session's last accepted action (`GuidedSession.last_action`, key `lean_ms`); the
  check-in after that lean — a rating, or a report of pain — copies it onto
  `CheckIn.lean_ms` (`released_lean_ms`).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import actions
from .models import GuidedSession

# The largest figure accepted: three times the plan, plus a minute.
PLAN_FACTOR = 3
SLACK_MS = 60_000


def planned_ms(step: Mapping) -> int:
    """The lean's planned lean-in + hold + release, in milliseconds."""
    seconds = sum(
        int(step.get(key) or 0) for key in ("lean_in_seconds", "hold_seconds", "release_seconds")
    )
    return seconds * 1000


def lean_ms_parse(value) -> int | None:
    """A figure as a form sends it ("11234", "11234.6"), or None if it is not one."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or len(text) > 12:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):  # NaN, infinities
        return None
    return round(number)


def lean_ms_bounded(value, *, step: Mapping) -> int | None:
    """The figure to record for a lean of this step, or None when it cannot be right."""
    ms = lean_ms_parse(value)
    if ms is None or ms <= 0 or ms > planned_ms(step) * PLAN_FACTOR + SLACK_MS:
        return None
    return ms


def release_action(session: GuidedSession, requested: dict, lean_ms) -> dict:
    """The release as the session keeps it: the action, and the lean's time if known."""
    step = session.steps[session.position]
    bounded = lean_ms_bounded(lean_ms, step=step)
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
