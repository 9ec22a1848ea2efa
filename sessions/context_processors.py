"""What every page may state about the session's safety rules, from the rules' own homes.

Templates compare with these enums (`{% if session.state == SessionState.STOPPED %}`), never
with their values spelled out, and state numbers through `safety` (`{{ safety.rest_hours }}`),
which reads each number where its rule reads it, when the page renders.
"""

from __future__ import annotations

from django.http import HttpRequest

from decompress import rest, scale
from decompress.models import RestReason

from . import invites
from .choices import SessionState, StepKind, StopReason
from .lean_timer import TimerAction
from .stages import Stage


class Safety:
    """The safety numbers as pages state them."""

    @property
    def comfort_min(self) -> int:
        return scale.COMFORT_MIN

    @property
    def comfort_max(self) -> int:
        return scale.COMFORT_MAX

    @property
    def low_comfort_limit(self) -> int:
        return scale.LOW_COMFORT_LIMIT

    @property
    def missing(self) -> str:
        """What a rating nobody gave shows as."""
        return scale.MISSING

    @property
    def rest_hours(self) -> int:
        return rest.REST_HOURS

    @property
    def invite_hours(self) -> int:
        return invites.INVITE_HOURS


SAFETY = Safety()


def safety(request: HttpRequest | None = None) -> dict:
    return {
        "safety": SAFETY,
        "InviteGone": invites.InviteGone,
        "RestReason": RestReason,
        "SessionState": SessionState,
        "Stage": Stage,
        "StepKind": StepKind,
        "StopReason": StopReason,
        "TimerAction": TimerAction,
    }
