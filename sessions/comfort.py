"""The comfort scale and the automatic stop rules: pure functions, no database.

Comfort is rated from 0 (severe pain) to 10 (completely comfortable): once before the
first lean (the starting rating) and after every lean; the last lean's rating is the
after-session comfort (`sessions.engine`), not asked again at the finish. A check-in
carries a rating, or the "pain, tingling or numbness" button, or both.

The stop rules, applied to every check-in (`stop_rule_for`): the session stops, with
aftercare advice, when pain, tingling or numbness is reported, when comfort is 3 or lower
(`LOW_COMFORT_LIMIT`: the stretch is not helping today), or when a lean's rating is below
the starting one (the stretch should relieve, never worsen).
"""

from .models import StopReason

COMFORT_MIN = 0
COMFORT_MAX = 10
LOW_COMFORT_LIMIT = 3
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
    if comfort is not None and not COMFORT_MIN <= comfort <= COMFORT_MAX:
        raise ValueError("Comfort must be between 0 and 10.")


def stop_rule_for(*, comfort: int | None, baseline: int | None) -> StopReason | None:
    """The automatic stop reason for a rating, or None to carry on. (A report of pain,
    tingling or numbness stops the session whatever the rating: `sessions.stopping`.)

    `baseline` is the starting rating, or None for the starting check-in itself.
    """
    if comfort is not None and comfort <= LOW_COMFORT_LIMIT:
        return StopReason.LOW_COMFORT
    if comfort is not None and baseline is not None and comfort < baseline:
        return StopReason.BELOW_BASELINE
    return None
