"""What the session page shows: the panel of the session's stage, and the script's config.

The page shows one panel at a time: the session's stage (`sessions.stages`, one partial
each in `templates/sessions/panels/`) with the step it is on (`sessions.steps`), and
pictures: a step's (`snapshot_pictures` turns a snapshot into the `Picture`s of a whole
step, for the pages that show every step at once: the routine preview, the history
detail), or an ended session's (`ended_session_pictures`).

A lean runs lean-in → hold → release (`lean_phases`). The server renders the plan as text
so it works without JavaScript; `static/js/timer.js` counts it down from the same phases,
handed over once per page by `session_script_config`, after a spoken get-ready countdown
(`sessions.lean_timer.COUNTDOWN_SECONDS`) that is no part of the lean's time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .choices import LeanPhase
from .illustrations import (
    DEFAULT_BY_KIND,
    VIEW_BOX,
    Illustration,
    snapshot_illustration,
    step_pictures,
)
from .lean_timer import COUNTDOWN_SECONDS, TimerAction, TimerState
from .models import GuidedSession, StepKind
from .stages import ENDED_STAGES, Stage, session_stage
from .steps import StepSnapshot, session_release_seconds, session_step


@dataclass(frozen=True)
class Panel:
    """What the session page shows now."""

    kind: Stage
    step: StepSnapshot | None
    step_index: int
    step_count: int
    repetition: int
    repetitions: int
    # What an ended session shows (`ended_session_pictures`); empty while it runs.
    ended_pictures: tuple[Picture, ...] = ()

    @property
    def step_number(self) -> int:
        return min(self.step_index + 1, self.step_count)

    @property
    def in_progress(self) -> bool:
        return not self.kind.ended

    @property
    def is_lean(self) -> bool:
        return self.kind.is_lean

    @property
    def template_name(self) -> str:
        return f"sessions/panels/{self.kind}.html"

    @property
    def phases(self) -> list[dict]:
        return lean_phases(self.step) if self.kind == Stage.LEAN else []

    @property
    def pictures(self) -> list[Picture]:
        """The step's illustrations: one, or a lean's three in phase order (the page shows
        the running phase's). The rating after a lean shows the release picture; an ended
        session shows its own (`ended_pictures`)."""
        if self.kind in ENDED_STAGES:
            return list(self.ended_pictures)
        if self.step is None:
            return []
        pictures = step_pictures(kind=self.step["kind"], value=snapshot_illustration(self.step))
        if self.kind == Stage.LEAN:
            return [Picture(p, phase) for p, phase in zip(pictures, LeanPhase, strict=True)]
        if self.kind == Stage.LEAN_CHECK_IN:
            return [Picture(pictures[-1])]
        return [Picture(pictures[0])]


@dataclass(frozen=True)
class Picture:
    """One illustration on the page; ``phase`` names the lean phase it belongs to, if any."""

    illustration: Illustration
    phase: str = ""

    @property
    def alt(self) -> str:
        return str(self.illustration.alt)

    @property
    def phase_label(self) -> str:
        """The lean phase in words ("Hold"), or "" for a step's single picture."""
        return str(LeanPhase(self.phase).label) if self.phase else ""

    @property
    def url(self) -> str:
        return self.illustration.fragment_url

    @property
    def view_box(self) -> str:
        return VIEW_BOX


def snapshot_pictures(step: StepSnapshot) -> list[Picture]:
    """Every picture a step snapshot shows: one, or a lean's three in phase order.

    For pages that show a whole step at once (the routine preview, the history detail).
    A snapshot this code cannot read (an unknown kind or choice) shows none.
    """
    try:
        pictures = step_pictures(kind=step["kind"], value=snapshot_illustration(step))
    except (KeyError, ValueError):
        return []
    if step["kind"] == StepKind.LEAN:
        return [Picture(p, phase) for p, phase in zip(pictures, LeanPhase, strict=True)]
    return [Picture(pictures[0])]


def session_panel(*, session: GuidedSession) -> Panel:
    steps = session.steps or []
    kind = session_stage(session)
    return Panel(
        kind=kind,
        step=session_step(session),
        step_index=session.position,
        step_count=len(steps),
        repetition=session.repetition,
        repetitions=session.repetitions,
        ended_pictures=ended_session_pictures(kind=kind, steps=steps),
    )


def ended_session_pictures(*, kind: Stage, steps: list[StepSnapshot]) -> tuple[Picture, ...]:
    """The picture of an ended session's panel: after a stop, the release of the grip the
    session's lean used (the first thing to do is release slowly); after a finished or
    abandoned session, the receiver resting. Nothing while the session runs."""
    if kind == Stage.STOPPED:
        lean_set = next(
            (snapshot_illustration(step) for step in steps if step.get("kind") == StepKind.LEAN),
            DEFAULT_BY_KIND[StepKind.LEAN],
        )
        try:
            pictures = step_pictures(kind=StepKind.LEAN, value=lean_set)
        except ValueError:
            pictures = step_pictures(kind=StepKind.LEAN, value=DEFAULT_BY_KIND[StepKind.LEAN])
        return (Picture(pictures[-1]),)
    if kind in ENDED_STAGES:
        return (Picture(Illustration.REST),)
    return ()


def lean_phases(step: StepSnapshot) -> list[dict]:
    """The lean's phases in order, as the plan lists them, the timer shows them and the
    voice says them (`LeanPhase`). Each phase's spoken cue says the phase's name; the
    lean-in's adds the step's own cue (set in admin) unless that already says it.
    """
    return [
        {
            "name": phase.value,
            "seconds": step[phase.seconds_key],
            "label": str(phase.label),
            "cue": _with_phase_name(phase.cue, step["cue"])
            if phase == LeanPhase.LEAN_IN
            else phase.cue,
            "tone": phase.tone_hz,
        }
        for phase in LeanPhase
    ]


# The tone of each count of the get-ready countdown (A5: above every phase's).
COUNTDOWN_TONE_HZ = 880


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _with_phase_name(name: str, cue: str) -> str:
    """The phase's name, then the step's cue, once: "Lean back slowly. Keep the grip."."""
    cue = (cue or "").strip()
    if not cue or _words(name) in _words(cue):
        return cue or name
    return f"{name} {cue}"


def session_script_config(*, session: GuidedSession) -> dict:
    """Everything the page's scripts need, handed over once per page (json_script).

    The steps snapshot never changes during a session, so the phases of every lean step are
    known when the page loads; `#step[data-step]` says which step a swapped-in panel shows.
    """
    return {
        "endedPanels": list(ENDED_STAGES),
        "leans": {
            str(index): lean_phases(step)
            for index, step in enumerate(session.steps or [])
            if step["kind"] == StepKind.LEAN
        },
        # Before the lean-in: the digits and the voice count down, one a second.
        "countdown": {
            "label": _("Get ready"),
            "seconds": COUNTDOWN_SECONDS,
            "tone": COUNTDOWN_TONE_HZ,
        },
        # The lean timer's closed sets (`sessions.lean_timer`), as the server spells them.
        "timerActions": {action.name.lower(): action.value for action in TimerAction},
        "timerStates": {state.name.lower(): state.value for state in TimerState},
        "done": {"label": _("Done"), "cue": _("Done. How does that feel?")},
        "paused": _("Paused"),
        "pause": _("Pause"),
        "resume": _("Resume"),
        "seconds": _("seconds"),
        "stopCue": _("Release slowly. Do not let go suddenly."),
        # After STOP the release instruction shows alone for the release time, then the rest.
        "releaseMs": 1000 * session_release_seconds(session),
    }


def session_ratings(*, session: GuidedSession) -> list[dict]:
    """Every check-in so far, labelled the way the person saw it."""
    rows = []
    for check_in in session.check_ins.all():
        step = (
            session.steps[check_in.step_index] if check_in.step_index < len(session.steps) else {}
        )
        if check_in.repetition:
            label = _("Lean %(n)d") % {"n": check_in.repetition}
        elif step.get("kind") == StepKind.FINISH:
            label = _("After")
        else:
            label = _("Before")
        rows.append({"label": label, "comfort": check_in.comfort, "pain": check_in.pain})
    return rows
