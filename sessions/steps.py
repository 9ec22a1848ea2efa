"""The steps a session walks: a snapshot of its routine's steps taken when it starts.

An admin edit to a routine never rewrites a session in progress or one in the history:
the session keeps `StepSnapshot`s (`GuidedSession.steps`), built only by `step_snapshot`.
The snapshot records the illustration shown too (the step's choice, or its kind's default
resolved at the start; see `sessions.illustrations`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NotRequired, TypedDict

from .choices import StepKind
from .illustrations import DEFAULT_BY_KIND, illustration_choices

if TYPE_CHECKING:
    from .models import GuidedSession, Step

# How long releasing takes when a session has no lean to say (`session_release_seconds`).
DEFAULT_RELEASE_SECONDS = 3


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
    # (guided 0007, 2026-11-28) lack the key; read it through
    # `sessions.illustrations.snapshot_illustration`.
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


def session_step(session: GuidedSession) -> StepSnapshot | None:
    """The step the session is on, or None past the last one."""
    steps = session.steps or []
    return steps[session.position] if session.position < len(steps) else None


def session_release_seconds(session: GuidedSession) -> int:
    """How long releasing takes in this session: its lean's release time."""
    for step in session.steps or []:
        if step["kind"] == StepKind.LEAN:
            return step["release_seconds"]
    return DEFAULT_RELEASE_SECONDS
