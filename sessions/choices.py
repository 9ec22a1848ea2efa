"""The fixed sets of values a routine's steps and a session take."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StepKind(models.TextChoices):
    PREPARE = "prepare", _("Prepare (read, then Ready)")
    LEAN = "lean", _("Lean (timed)")
    CHECK_IN = "check_in", _("Comfort check-in")
    # The last step: after-session comfort, an optional note, the summary and the habits.
    FINISH = "finish", _("Finish (after comfort, note, summary)")


class SessionState(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")
    ABANDONED = "abandoned", _("Abandoned")


class StopReason(models.TextChoices):
    PAIN = "pain", _("Pain")
    DISCOMFORT = "discomfort", _("Discomfort")
    OTHER = "other", _("Other")
    NONE = "none", _("No reason given")
    # Set by the automatic stop rules after a check-in.
    LOW_COMFORT = "low_comfort", _("Comfort 3 or lower")
    BELOW_BASELINE = "below_baseline", _("Comfort below the starting rating")
    PAIN_REPORTED = "pain_reported", _("Pain, tingling or numbness reported")
    # Set when the partner's screening turned blocked or urgent during the session.
    SCREENING_CHANGED = "screening_changed", _("The safety answers changed")


class RestReason(models.TextChoices):
    """Why a partner rests (`sessions.rest`): a stop that rests, or the screening's answer."""

    PAIN = StopReason.PAIN.value, StopReason.PAIN.label
    PAIN_REPORTED = StopReason.PAIN_REPORTED.value, StopReason.PAIN_REPORTED.label
    LOW_COMFORT = StopReason.LOW_COMFORT.value, StopReason.LOW_COMFORT.label
    BELOW_BASELINE = StopReason.BELOW_BASELINE.value, StopReason.BELOW_BASELINE.label
    # "Pain, tingling or numbness during or after a stretch in the last 24 hours".
    RECENT_PAIN = "recent_pain", _("Pain, tingling or numbness after a stretch in the last day")
