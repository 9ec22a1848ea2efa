"""The automatic stop rules on the comfort scale (`decompress.scale`): pure functions.

Comfort is rated once before the first lean (the starting rating) and after every lean;
the last lean's rating is the after-session comfort (`sessions.engine`), not asked again
at the finish. A check-in carries a rating, or the "pain, tingling or numbness" button,
or both.

The stop rules, applied to every check-in (`stop_rule_for`): the session stops, with
aftercare advice, when pain, tingling or numbness is reported, when comfort is at or below
`scale.LOW_COMFORT_LIMIT` (the stretch is not helping today), or when a lean's rating is
below the starting one (the stretch should relieve, never worsen).
"""

from decompress import scale

from .models import StopReason

# The session stopped by a rule, not by a tap on STOP: a reported pain, or what
# `stop_rule_for` gives for a rating.
AUTOMATIC_STOP_REASONS = (
    StopReason.PAIN_REPORTED,
    StopReason.LOW_COMFORT,
    StopReason.BELOW_BASELINE,
)


def validate_comfort(comfort: int | None, pain: bool) -> None:
    if comfort is None and not pain:
        raise ValueError("A check-in needs a comfort rating or the pain button.")
    if comfort is not None and not scale.COMFORT_MIN <= comfort <= scale.COMFORT_MAX:
        raise ValueError(f"Comfort must be between {scale.COMFORT_MIN} and {scale.COMFORT_MAX}.")


def stop_rule_for(*, comfort: int | None, baseline: int | None) -> StopReason | None:
    """The automatic stop reason for a rating, or None to carry on. (A report of pain,
    tingling or numbness stops the session whatever the rating: `sessions.stopping`.)

    `baseline` is the starting rating, or None for the starting check-in itself.
    """
    if comfort is not None and comfort <= scale.LOW_COMFORT_LIMIT:
        return StopReason.LOW_COMFORT
    if comfort is not None and baseline is not None and comfort < baseline:
        return StopReason.BELOW_BASELINE
    return None
