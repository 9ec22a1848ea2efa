"""What staff may set up: a step's picture must suit its kind, and a routine offered at the
start must agree the stop signal and take the starting rating before its first lean.
Admin explains both (`sessions.admin`); the engine refuses to start an unsafe routine that
got through some other way (`sessions.engine.UnsafeRoutine`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from .choices import StepKind
from .illustrations import illustration_choices

if TYPE_CHECKING:
    from .models import Step


def illustration_problem(*, kind: str, value: str) -> str | None:
    """Why ``value`` cannot be the illustration of a step of ``kind``; None when it can."""
    if value in dict(illustration_choices(kind)):
        return None
    label = StepKind(kind).label
    if kind == StepKind.LEAN:
        return gettext(
            "A step of kind “%(kind)s” shows a lean set of three pictures (lean-in, hold, "
            "release): choose one from “Lean sets”."
        ) % {"kind": label}
    return gettext(
        "A step of kind “%(kind)s” shows one picture: choose one from “Single pictures”."
    ) % {"kind": label}


def routine_safety_problems(steps: Iterable[Step]) -> list[str]:
    """Why a routine with these steps (in order) may not be offered at the start (active or
    the default); [] when it may.

    Before the first lean (or anywhere, in a routine without one) the partners must agree
    the stop signal (a step with ``agrees_stop_signal``) and the receiver must give the
    starting comfort rating (a check-in step: the baseline every later rating is compared
    with, see `sessions.comfort`).
    """
    before_lean = list(itertools.takewhile(lambda step: step.kind != StepKind.LEAN, steps))
    problems = []
    if not any(step.agrees_stop_signal for step in before_lean):
        problems.append(
            gettext(
                "A routine offered at the start needs a step that agrees the stop signal "
                "before its first lean: tick “Agrees the stop signal” on that step."
            )
        )
    if not any(step.kind == StepKind.CHECK_IN for step in before_lean):
        problems.append(
            gettext(
                "A routine offered at the start needs a comfort check-in before its first "
                "lean: the starting rating every later rating is compared with."
            )
        )
    return problems
