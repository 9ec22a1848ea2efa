"""What the session page shows: the step snapshot, the panel kinds, and the script's config.

A session walks a snapshot of its routine's steps taken when it starts (`StepSnapshot`,
built only by `step_snapshot`), so an admin edit to a routine never rewrites a session in
progress or one in the history. The snapshot records the illustration shown too (the
step's choice, or its kind's default resolved at the start; see `sessions.illustrations`),
and `snapshot_pictures` turns a snapshot into the `Picture`s of a whole step for the pages
that show every step at once (the routine preview, the history detail).

The page shows one panel at a time, chosen by `session_panel` from the session's state
and position (`PanelKind`, a closed set shared with the templates — one partial each in
`templates/sessions/panels/` — and with `static/js/session.js` through
`#step[data-panel]`):

- an active session shows its current step: `prepare` (read, then Ready), `check_in`
  (the starting comfort rating), `lean` (the timed lean), `lean_check_in` (the rating
  after each lean, once the lean is released) and `finish` (after comfort and a note);
- an ended session shows `summary` (completed), `stopped` (STOP or a stop rule: release
  first, then the reason and the aftercare) or `abandoned` (left idle), each with a
  picture too (`ended_session_pictures`).

A lean runs lean-in → hold → release (`lean_phases`). The server renders the plan as text
so it works without JavaScript; `static/js/timer.js` counts it down from the same phases,
handed over once per page by `session_script_config`, after a spoken get-ready countdown
(`COUNTDOWN_SECONDS`: "3", "2", "1", one a second) that is no part of the lean's time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NotRequired, TypedDict

from django.db import models
from django.utils.translation import gettext as _

from .illustrations import (
    DEFAULT_BY_KIND,
    VIEW_BOX,
    Illustration,
    LeanPhase,
    illustration_choices,
    snapshot_illustration,
    step_pictures,
)
from .lean_timer import COUNTDOWN_SECONDS
from .models import GuidedSession, SessionState, Step, StepKind


class StepSnapshot(TypedDict):
    """One step as a session showed it (an item of `GuidedSession.steps`)."""

    title: str
    instruction: str
    cue: str
    kind: str  # a StepKind value
    lean_in_seconds: int
    hold_seconds: int
    release_seconds: int
    # The illustration choice shown (`sessions.illustrations`): the step's own, or its
    # kind's default resolved at the start. Snapshots taken before steps chose pictures
    # lack the key; read it through `snapshot_illustration`.
    illustration: NotRequired[str]


def step_snapshot(step: Step) -> StepSnapshot:
    return StepSnapshot(
        title=step.title,
        instruction=step.instruction,
        cue=step.cue,
        kind=step.kind,
        lean_in_seconds=step.lean_in_seconds,
        hold_seconds=step.hold_seconds,
        release_seconds=step.release_seconds,
        illustration=_shown_illustration(step),
    )


def _shown_illustration(step: Step) -> str:
    """The step's choice, or its kind's default when it has none that fits its kind."""
    if step.illustration in dict(illustration_choices(step.kind)):
        return step.illustration
    return DEFAULT_BY_KIND[StepKind(step.kind)]


class PanelKind(models.TextChoices):
    PREPARE = "prepare"
    CHECK_IN = "check_in"
    LEAN = "lean"
    LEAN_CHECK_IN = "lean_check_in"
    FINISH = "finish"
    SUMMARY = "summary"
    STOPPED = "stopped"
    ABANDONED = "abandoned"


# The panels of a session that has ended: no STOP bar, no progress line, the screen may sleep.
ENDED_PANELS = (PanelKind.SUMMARY, PanelKind.STOPPED, PanelKind.ABANDONED)
_ENDED_BY_STATE = {
    SessionState.COMPLETED: PanelKind.SUMMARY,
    SessionState.STOPPED: PanelKind.STOPPED,
    SessionState.ABANDONED: PanelKind.ABANDONED,
}
_BY_STEP_KIND = {
    StepKind.PREPARE: PanelKind.PREPARE,
    StepKind.CHECK_IN: PanelKind.CHECK_IN,
    StepKind.FINISH: PanelKind.FINISH,
}


@dataclass(frozen=True)
class Panel:
    """What the session page shows now."""

    kind: PanelKind
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
        return self.kind not in ENDED_PANELS

    @property
    def is_lean(self) -> bool:
        """The lean or the rating after it: progress shows "Lean r of n"."""
        return self.kind in (PanelKind.LEAN, PanelKind.LEAN_CHECK_IN)

    @property
    def template_name(self) -> str:
        return f"sessions/panels/{self.kind}.html"

    @property
    def phases(self) -> list[dict]:
        return lean_phases(self.step) if self.kind == PanelKind.LEAN else []

    @property
    def pictures(self) -> list[Picture]:
        """The step's illustrations: one, or a lean's three in phase order (the page shows
        the running phase's). The rating after a lean shows the release picture; an ended
        session shows its own (`ended_pictures`)."""
        if self.kind in ENDED_PANELS:
            return list(self.ended_pictures)
        if self.step is None:
            return []
        pictures = step_pictures(kind=self.step["kind"], value=snapshot_illustration(self.step))
        if self.kind == PanelKind.LEAN:
            return [Picture(p, phase) for p, phase in zip(pictures, LeanPhase, strict=True)]
        if self.kind == PanelKind.LEAN_CHECK_IN:
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


def snapshot_pictures(step: dict) -> list[Picture]:
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
    step = steps[session.position] if session.position < len(steps) else None
    if session.state in _ENDED_BY_STATE:
        kind = _ENDED_BY_STATE[session.state]
    elif step is None:
        kind = PanelKind.FINISH
    elif step["kind"] == StepKind.LEAN:
        kind = PanelKind.LEAN_CHECK_IN if session.awaiting_check_in else PanelKind.LEAN
    else:
        kind = _BY_STEP_KIND[step["kind"]]
    return Panel(
        kind=kind,
        step=step,
        step_index=session.position,
        step_count=len(steps),
        repetition=session.repetition,
        repetitions=session.repetitions,
        ended_pictures=ended_session_pictures(kind=kind, steps=steps),
    )


def ended_session_pictures(*, kind: PanelKind, steps: list[dict]) -> tuple[Picture, ...]:
    """The picture of an ended session's panel: after a stop, the release of the grip the
    session's lean used (the first thing to do is release slowly); after a finished or
    abandoned session, the receiver resting. Nothing while the session runs."""
    if kind == PanelKind.STOPPED:
        lean_set = next(
            (snapshot_illustration(step) for step in steps if step.get("kind") == StepKind.LEAN),
            DEFAULT_BY_KIND[StepKind.LEAN],
        )
        try:
            pictures = step_pictures(kind=StepKind.LEAN, value=lean_set)
        except ValueError:
            pictures = step_pictures(kind=StepKind.LEAN, value=DEFAULT_BY_KIND[StepKind.LEAN])
        return (Picture(pictures[-1]),)
    if kind in ENDED_PANELS:
        return (Picture(Illustration.REST),)
    return ()


def lean_phases(step: StepSnapshot) -> list[dict]:
    """The lean's phases in order: what the plan lists, the timer shows and the voice says.

    Each phase's spoken cue says the phase's name; the lean-in's adds the step's own cue
    (set in admin) unless that already says it.
    """
    return [
        {
            "name": "lean_in",
            "seconds": step["lean_in_seconds"],
            "label": _("Lean back slowly"),
            "cue": _with_phase_name(_("Lean back slowly."), step["cue"]),
        },
        {
            "name": "hold",
            "seconds": step["hold_seconds"],
            "label": _("Hold"),
            "cue": _("Hold, and breathe."),
        },
        {
            "name": "release",
            "seconds": step["release_seconds"],
            "label": _("Release slowly"),
            "cue": _("Release slowly."),
        },
    ]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _with_phase_name(name: str, cue: str) -> str:
    """The phase's name, then the step's cue, once: "Lean back slowly. Keep the grip."."""
    cue = (cue or "").strip()
    if not cue or _words(name) in _words(cue):
        return cue or name
    return f"{name} {cue}"


def session_script_config(*, session: GuidedSession) -> dict:
    """Everything `static/js/session.js` needs, handed over once per page (json_script).

    The steps snapshot never changes during a session, so the phases of every lean step are
    known when the page loads; `#step[data-step]` says which step a swapped-in panel shows.
    """
    return {
        "endedPanels": list(ENDED_PANELS),
        "leans": {
            str(index): lean_phases(step)
            for index, step in enumerate(session.steps or [])
            if step["kind"] == StepKind.LEAN
        },
        # Before the lean-in: the digits and the voice count down, one a second.
        "countdown": {"label": _("Get ready"), "seconds": COUNTDOWN_SECONDS},
        "done": {"label": _("Done"), "cue": _("Done. How does that feel?")},
        "paused": _("Paused"),
        "pause": _("Pause"),
        "resume": _("Resume"),
        "seconds": _("seconds"),
        "stopCue": _("Release slowly. Do not let go suddenly."),
        # After STOP the release instruction shows alone for the release time, then the rest.
        "releaseMs": 1000 * release_seconds(session=session),
    }


DEFAULT_RELEASE_SECONDS = 3


def release_seconds(*, session: GuidedSession) -> int:
    """How long releasing takes in this session: its lean's release time (3 s otherwise)."""
    for step in session.steps or []:
        if step["kind"] == StepKind.LEAN:
            return step["release_seconds"]
    return DEFAULT_RELEASE_SECONDS


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
