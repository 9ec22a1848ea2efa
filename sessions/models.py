from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from decompress.models import Partner
from screening.models import Screening


class Routine(models.Model):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_default = models.BooleanField(_("default routine"), default=False)
    repetitions = models.PositiveSmallIntegerField(
        _("repetitions of the lean"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("routine")
        verbose_name_plural = _("routines")

    def __str__(self) -> str:
        return self.name


class StepKind(models.TextChoices):
    PREPARE = "prepare", _("Prepare (read, then Ready)")
    LEAN = "lean", _("Lean (timed)")
    CHECK_IN = "check_in", _("Comfort check-in")
    # The last step: after-session comfort, an optional note, the summary and the habits.
    FINISH = "finish", _("Finish (after comfort, note, summary)")


class Step(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=120)
    instruction = models.TextField(
        _("instruction"),
        max_length=2000,
        help_text=_("Short paragraphs, separated by a blank line."),
    )
    cue = models.CharField(_("spoken cue"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices)
    lean_in_seconds = models.PositiveSmallIntegerField(
        _("lean-in seconds"), default=3, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    hold_seconds = models.PositiveSmallIntegerField(
        _("hold seconds"), default=5, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    release_seconds = models.PositiveSmallIntegerField(
        _("release seconds"), default=3, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        ordering = ["routine", "position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title


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


class GuidedSession(models.Model):
    """One run of a routine for one partner.

    `steps` is a snapshot of the routine's steps as shown, taken at start (a list of dicts
    with title, instruction, cue, kind, lean_in_seconds, hold_seconds, release_seconds),
    so later admin edits never rewrite this session.
    """

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="guided_sessions")
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="sessions")
    # RESTRICT, not PROTECT: deleting the account deletes both in one go.
    screening = models.ForeignKey(Screening, on_delete=models.RESTRICT, related_name="sessions")
    state = models.CharField(
        _("state"), max_length=10, choices=SessionState.choices, default=SessionState.ACTIVE
    )
    steps = models.JSONField(_("steps as shown"), default=list)
    repetitions = models.PositiveSmallIntegerField(_("repetitions"), default=3)
    position = models.PositiveSmallIntegerField(_("current step index"), default=0)
    repetition = models.PositiveSmallIntegerField(_("current lean"), default=0)
    awaiting_check_in = models.BooleanField(_("check-in due"), default=False)
    baseline_comfort = models.PositiveSmallIntegerField(_("comfort before"), null=True, blank=True)
    after_comfort = models.PositiveSmallIntegerField(_("comfort after"), null=True, blank=True)
    lowest_comfort = models.PositiveSmallIntegerField(_("lowest check-in"), null=True, blank=True)
    stop_reason = models.CharField(
        _("stop reason"), max_length=20, choices=StopReason.choices, blank=True
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("guided session")
        verbose_name_plural = _("guided sessions")
        indexes = [
            models.Index(fields=["partner", "-started_at"]),
            # Sessions in progress: Resume on home and the lazy abandonment check read only
            # these, so a long history does not slow them down.
            models.Index(
                fields=["partner", "-started_at"],
                condition=models.Q(state="active"),
                name="guided_session_active_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.started_at:%Y-%m-%d %H:%M}"


class CheckIn(models.Model):
    """A comfort rating. One per (session, step, repetition): a double tap stores one row."""

    session = models.ForeignKey(GuidedSession, on_delete=models.CASCADE, related_name="check_ins")
    step_index = models.PositiveSmallIntegerField(_("step index"))
    # 1..repetitions for the check-in after a lean; 0 for the baseline and after ratings.
    repetition = models.PositiveSmallIntegerField(_("lean"), default=0)
    comfort = models.PositiveSmallIntegerField(
        _("comfort"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    pain = models.BooleanField(_("pain, tingling or numbness"), default=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["session", "created_at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "step_index", "repetition"], name="one_check_in_per_step"
            ),
            models.CheckConstraint(
                condition=models.Q(comfort__isnull=True) | models.Q(comfort__lte=10),
                name="comfort_between_0_and_10",
            ),
            models.CheckConstraint(
                condition=models.Q(comfort__isnull=False) | models.Q(pain=True),
                name="check_in_has_rating_or_pain",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · step {self.step_index} · {self.comfort}"
