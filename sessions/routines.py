"""Which routines the partners can choose at the start, and how a routine's plan reads.

- **Offered** — `routines_offered()`: every active routine that has steps, the default
  first, then by name. Routines are site-wide (staff write them), so every account sees
  the same list.
- **Default** — `routine_default()`: the active routine marked default; if staff left none,
  the first offered one (`Routine` keeps at most one default and keeps it active).
- **Preselected** — `routine_preselected(partner)`: the gentlest routine offered (the
  least holding: repetitions × hold) when the partner's screening answered yes to an item
  in `GENTLE_FOR` (aged 65 or over); else the routine of the partner's latest session
  while it is still offered, else the default. A couple that does not change the choice
  taps nothing extra.
- **Plan** — `LeanPlan`: the repetitions and the first lean's timings, read from a routine
  as it is now (`routine_plan`) or from a session's snapshot as it ran (`session_plan`),
  so history shows the timings the session really had after later admin edits.

Choosing a routine never opens a way round the start's gates: the start view and
`engine.session_start` run the screening and rest checks whatever routine is chosen.
"""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext, ngettext

from decompress.models import Partner
from screening.guard import screening_current
from screening.models import Question

from .models import GuidedSession, Routine, Step, StepKind


@dataclass(frozen=True)
class LeanPlan:
    repetitions: int
    lean_in_seconds: int | None
    hold_seconds: int | None
    release_seconds: int | None

    @property
    def leans(self) -> str:
        return ngettext("%(n)d lean", "%(n)d leans", self.repetitions) % {"n": self.repetitions}

    @property
    def summary(self) -> str:
        """ "3 leans · hold 5 s" — the line that tells two routines apart."""
        if self.hold_seconds is None:
            return self.leans
        hold = gettext("hold %(seconds)d s") % {"seconds": self.hold_seconds}
        return gettext("%(leans)s · %(hold)s") % {"leans": self.leans, "hold": hold}

    @property
    def full(self) -> str:
        """ "3 leans · lean in 3 s · hold 5 s · release 3 s" (history's session page)."""
        if self.hold_seconds is None:
            return self.leans
        return gettext(
            "%(leans)s · lean in %(lean)d s · hold %(hold)d s · release %(release)d s"
        ) % {
            "leans": self.leans,
            "lean": self.lean_in_seconds,
            "hold": self.hold_seconds,
            "release": self.release_seconds,
        }

    @property
    def timings(self) -> str:
        """ "Lean in 3 s · hold 5 s · release 3 s"; empty without a lean step."""
        if self.hold_seconds is None:
            return ""
        return gettext("Lean in %(lean)d s · hold %(hold)d s · release %(release)d s") % {
            "lean": self.lean_in_seconds,
            "hold": self.hold_seconds,
            "release": self.release_seconds,
        }


def routines_offered() -> QuerySet[Routine]:
    """Active routines with at least one step, the default first; their steps prefetched."""
    return (
        Routine.objects.filter(is_active=True)
        .filter(Exists(Step.objects.filter(routine=OuterRef("pk"))))
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("position", "pk")))
        .order_by("-is_default", "name", "pk")
    )


def routine_default() -> Routine | None:
    return routines_offered().first()


def routine_last_used(*, partner: Partner) -> int | None:
    """The id of the routine the partner's latest session followed, if any."""
    return (
        GuidedSession.objects.filter(partner=partner)
        .order_by("-started_at", "-pk")
        .values_list("routine_id", flat=True)
        .first()
    )


# Screening items (by slug, screening.seed) whose yes preselects the gentlest routine.
GENTLE_FOR = ("aged-65",)


def _needs_gentle(partner: Partner) -> bool:
    screening = screening_current(partner=partner)
    if screening is None:
        return False
    ids = set(Question.objects.filter(slug__in=GENTLE_FOR).values_list("pk", flat=True))
    return any(answer.get("question") in ids for answer in screening.answered_yes)


def routine_gentlest(offered: list[Routine]) -> Routine | None:
    """The offered routine that holds the least: repetitions × hold, then the fewest leans."""

    def load(routine: Routine) -> tuple:
        plan = routine_plan(routine)
        return (plan.repetitions * (plan.hold_seconds or 0), plan.repetitions, routine.pk)

    return min(offered, key=load, default=None)


def routine_preselected(*, partner: Partner, offered: list[Routine]) -> Routine | None:
    """Of the routines offered: the gentlest where the screening asks for it, else the one
    this partner used last, else the default."""
    if _needs_gentle(partner):
        return routine_gentlest(offered)
    last = routine_last_used(partner=partner)
    for routine in offered:
        if routine.pk == last:
            return routine
    return offered[0] if offered else None


def _plan(repetitions: int, lean: dict | Step | None) -> LeanPlan:
    if lean is None:
        return LeanPlan(repetitions, None, None, None)
    value = lean.get if isinstance(lean, dict) else lambda name: getattr(lean, name)
    return LeanPlan(
        repetitions, value("lean_in_seconds"), value("hold_seconds"), value("release_seconds")
    )


def routine_plan(routine: Routine) -> LeanPlan:
    """The routine as it would run now (steps from a prefetch when there is one)."""
    lean = next((step for step in routine.steps.all() if step.kind == StepKind.LEAN), None)
    return _plan(routine.repetitions, lean)


def session_plan(session: GuidedSession) -> LeanPlan:
    """The plan the session really ran: its repetitions and its snapshot's first lean."""
    steps = session.steps if isinstance(session.steps, list) else []
    lean = next((s for s in steps if isinstance(s, dict) and s.get("kind") == StepKind.LEAN), None)
    return _plan(session.repetitions, lean)


def routine_about(routine: Routine) -> str:
    """The description's first sentence: the one line a choice shows (the steps page has
    the rest)."""
    text = " ".join(routine.description.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


@dataclass(frozen=True)
class RoutineOption:
    routine: Routine
    plan: LeanPlan
    checked: bool

    @property
    def about(self) -> str:
        return routine_about(self.routine)


def routine_options(*, partner: Partner, chosen: str | int | None = None) -> list[RoutineOption]:
    """The radio group's options; `chosen` (a submitted value) wins over the preselection."""
    offered = list(routines_offered())
    checked_pk = None
    if chosen not in (None, ""):
        checked_pk = next((r.pk for r in offered if str(r.pk) == str(chosen)), None)
    if checked_pk is None:
        preselected = routine_preselected(partner=partner, offered=offered)
        checked_pk = preselected.pk if preselected else None
    return [
        RoutineOption(routine=r, plan=routine_plan(r), checked=r.pk == checked_pk) for r in offered
    ]
