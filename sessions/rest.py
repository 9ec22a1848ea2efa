"""The session's side of a rest (the rule itself: `decompress.rest`): which stops rest the
partner, and the rest a stop begins.

A session that stops for one of `RESTING_REASONS` — the reason "Pain" given after STOP,
pain, tingling or numbness reported in a check-in, or an automatic stop rule (comfort at or
below the limit, or below the starting rating) — rests the partner. So does pain, tingling
or numbness reported after a stop for another reason (`sessions.stopping`): pain always
rests, whenever it is reported. A STOP for another reason (discomfort, other, none given)
does not rest.
"""

from __future__ import annotations

from datetime import datetime

from decompress.models import Rest
from decompress.rest import rest_begin

from .choices import StopReason
from .comfort import AUTOMATIC_STOP_REASONS

RESTING_REASONS = (StopReason.PAIN, *AUTOMATIC_STOP_REASONS)


def rest_record(*, session, reason: str, at: datetime) -> Rest:
    """The rest a stop (or pain reported at `at`) begins for the session's partner."""
    return rest_begin(partner=session.partner, reason=reason, at=at, session_id=session.pk)
