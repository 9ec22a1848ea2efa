"""One session, step by step, as it was shown then: the detail page's timeline.

The steps come from the session's snapshot (`GuidedSession.steps`), never from the
routine as it reads today, so an admin edit never rewrites a past session.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sessions.models import CheckIn, GuidedSession, SessionState, StepKind
from sessions.panels import Picture, snapshot_pictures


@dataclass
class TimelineStep:
    number: int
    title: str
    instruction: list[str]
    kind: str
    lean_in_seconds: int | None
    hold_seconds: int | None
    release_seconds: int | None
    reached: bool
    stopped_here: bool
    check_ins: list[CheckIn] = field(default_factory=list)
    # The picture(s) the step showed, from the snapshot: a lean's three in phase order.
    pictures: list[Picture] = field(default_factory=list)

    @property
    def planned_seconds(self) -> int | None:
        """A lean's planned lean-in + hold + release, beside the time each lean ran."""
        timings = (self.lean_in_seconds, self.hold_seconds, self.release_seconds)
        return None if None in timings else sum(timings)


def session_timeline(*, session: GuidedSession) -> list[TimelineStep]:
    """The steps as they were shown then (the snapshot), each with its check-ins.

    Reads the check-ins through `session.check_ins.all()`, so prefetch them.
    """
    finished = session.state == SessionState.COMPLETED
    by_step: dict[int, list[CheckIn]] = {}
    for check_in in session.check_ins.all():
        by_step.setdefault(check_in.step_index, []).append(check_in)
    timeline = []
    for index, step in enumerate(session.steps or []):
        step = step if isinstance(step, dict) else {}
        kind = str(step.get("kind", ""))
        lean = kind == StepKind.LEAN
        instruction = str(step.get("instruction", ""))
        timeline.append(
            TimelineStep(
                number=index + 1,
                title=str(step.get("title", "")),
                instruction=[p.strip() for p in instruction.split("\n\n") if p.strip()],
                kind=kind,
                lean_in_seconds=step.get("lean_in_seconds") if lean else None,
                hold_seconds=step.get("hold_seconds") if lean else None,
                release_seconds=step.get("release_seconds") if lean else None,
                reached=finished or index <= session.position or index in by_step,
                stopped_here=session.state == SessionState.STOPPED and index == session.position,
                check_ins=by_step.pop(index, []),
                pictures=snapshot_pictures(step) if kind else [],
            )
        )
    # Check-ins whose step the snapshot does not list (never expected) still show.
    for index in sorted(by_step):
        timeline.append(
            TimelineStep(
                number=index + 1,
                title=_("Step %(number)d") % {"number": index + 1},
                instruction=[],
                kind="",
                lean_in_seconds=None,
                hold_seconds=None,
                release_seconds=None,
                reached=True,
                stopped_here=False,
                check_ins=by_step[index],
            )
        )
    return timeline
