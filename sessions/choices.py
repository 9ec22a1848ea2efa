"""The fixed sets of values a routine's steps and a session take."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decompress.models import RestReason


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
    PAIN = RestReason.PAIN.value, RestReason.PAIN.label
    DISCOMFORT = "discomfort", _("Discomfort")
    OTHER = "other", _("Other")
    NONE = "none", _("No reason given")
    # Set by the automatic stop rules after a check-in.
    LOW_COMFORT = RestReason.LOW_COMFORT.value, RestReason.LOW_COMFORT.label
    BELOW_BASELINE = RestReason.BELOW_BASELINE.value, RestReason.BELOW_BASELINE.label
    PAIN_REPORTED = RestReason.PAIN_REPORTED.value, RestReason.PAIN_REPORTED.label
    # Set when the partner's screening turned blocked or urgent during the session.
    SCREENING_CHANGED = "screening_changed", _("The safety answers changed")


class LeanPhase(models.TextChoices):
    """A lean's phases in order: what the plan lists, the timer shows, the voice says and
    the tone plays (`sessions.panels.lean_phases` hands them to the page's script). A step
    snapshot keeps each phase's length as `<value>_seconds`."""

    LEAN_IN = "lean_in", _("Lean back slowly")
    HOLD = "hold", _("Hold")
    RELEASE = "release", _("Release slowly")

    @property
    def cue(self) -> str:
        """What the voice says as the phase begins."""
        return {
            LeanPhase.LEAN_IN: gettext("Lean back slowly."),
            LeanPhase.HOLD: gettext("Hold, and breathe."),
            LeanPhase.RELEASE: gettext("Release slowly."),
        }[self]

    @property
    def tone_hz(self) -> int:
        """The short tone that marks the phase (C5, E5, A4: the release falls)."""
        return {LeanPhase.LEAN_IN: 523, LeanPhase.HOLD: 659, LeanPhase.RELEASE: 440}[self]

    @property
    def seconds_key(self) -> str:
        return f"{self.value}_seconds"
