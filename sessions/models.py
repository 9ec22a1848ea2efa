"""Routines, steps, guided sessions and check-ins — and every derived fact about a session.

One home for each fact. Engine, views, history, admin, templates and exports all read these:

- **Duration** — `GuidedSession.duration` (a timedelta: ended minus started),
  `duration_seconds` (whole seconds, rounded; what the exports carry) and
  `duration_display`, the one human-readable form ("1 min 30 s") that every page and the
  admin show; it is `duration_display()` below, applied to the rounded seconds, so a page
  and an export never disagree by a second.
- **Relief** — `GuidedSession.relief`: comfort after minus comfort before (positive is
  relief), None unless both were rated; `relief_display` signs it ("+3", "0", "-2").
- **Lowest comfort** — the stored `lowest_comfort`: the lowest rating of the check-ins
  after a lean (repetition 1..N). The before and after ratings are shown beside it, never
  mixed into it. The engine keeps it up to date as lean check-ins arrive.
- **Note length** — the `note` field's `max_length` (`GuidedSession.note_max_length`);
  forms, the engine and templates read it from there.
- **Outcome** — `SessionState` is the one set of states; `outcome_label` adds the stop
  reason ("Stopped · Pain").
- **Idle / abandoned** — see `sessions.durations`: when a session in progress is idle, and
  where each request path marks idle sessions abandoned.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.functional import classproperty
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decompress.models import Partner
from screening.models import Screening

from .choices import SessionState, StepKind, StopReason
from .durations import abandon_cutoff, duration_display, round_seconds
from .querysets import GuidedSessionQuerySet
from .routine_checks import illustration_problem


class Routine(models.Model):
    """A sequence of steps the partners can choose at the start of a session.

    Every *active* routine is offered at the start (`sessions.routines`); exactly one is
    the *default*, preselected for a partner who has not run a session yet. Saving a
    routine as the default takes the flag from the one that had it, so there is never a
    second default (a partial unique constraint guards the database too), and the default
    is always active (a check constraint, and `clean` for admin's message). If staff leave
    no default at all, `sessions.routines.routine_default` falls back to the first active
    routine by name.
    """

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_default = models.BooleanField(
        _("default routine"),
        default=False,
        help_text=_("Preselected at the start for a partner with no session yet. Only one."),
    )
    is_active = models.BooleanField(
        _("offered at the start"),
        default=True,
        help_text=_("Partners can choose it when they start a session."),
    )
    repetitions = models.PositiveSmallIntegerField(
        _("repetitions of the lean"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_routine",
            ),
            models.CheckConstraint(
                condition=models.Q(is_default=False) | models.Q(is_active=True),
                name="default_routine_is_active",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.is_default:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            Routine.objects.filter(is_default=True).exclude(pk=self.pk).update(is_default=False)
            return super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.is_default and not self.is_active:
            # Not tied to one field: admin's list edits only some of them.
            raise ValidationError(
                _(
                    "The default routine is always offered at the start: tick “offered at "
                    "the start”, or make another routine the default first."
                ),
                code="default_inactive",
            )

    def validate_constraints(self, exclude=None) -> None:
        # Both constraints are about the default flag: `clean` explains the second, and
        # `save` hands the default over instead of refusing a second one.
        super().validate_constraints(exclude={*(exclude or ()), "is_default"})


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
    # A value from `sessions.illustrations.illustration_choices(kind)`: one picture, or a
    # lean's set of three. Blank shows the kind's default (`DEFAULT_BY_KIND`).
    illustration = models.CharField(
        _("illustration"),
        max_length=32,
        blank=True,
        help_text=_("Blank shows the default picture for the step's kind."),
    )
    agrees_stop_signal = models.BooleanField(
        _("agrees the stop signal"),
        default=False,
        help_text=_(
            "This step is where the partners agree how the receiver says stop. A default "
            "routine needs one before its first lean."
        ),
    )

    class Meta:
        ordering = ["routine", "position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if (
            self.illustration
            and self.kind in StepKind.values
            and (message := illustration_problem(kind=self.kind, value=self.illustration))
        ):
            raise ValidationError({"illustration": message})


class GuidedSession(models.Model):
    """One run of a routine for one partner.

    `steps` is a snapshot of the routine's steps as shown, taken at start (a list of dicts
    with title, instruction, cue, kind, lean_in_seconds, hold_seconds, release_seconds and
    illustration), so later admin edits never rewrite this session.
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
    lowest_comfort = models.PositiveSmallIntegerField(
        _("lowest check-in"),
        null=True,
        blank=True,
        help_text=_("The lowest rating after a lean; the before and after ratings are not in it."),
    )
    stop_reason = models.CharField(
        _("stop reason"), max_length=20, choices=StopReason.choices, blank=True
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)
    # Pain, tingling or numbness, reported when it ended the session or any time after it
    # ended for another reason (`sessions.stopping`): kept beside the first cause, never
    # over it.
    pain_reported_at = models.DateTimeField(_("pain reported"), null=True, blank=True)
    # After STOP both phones may answer why; a second, different answer is kept here (the
    # first is `stop_reason`), with which phone gave it.
    other_answer = models.CharField(
        _("the other phone's answer"), max_length=20, choices=StopReason.choices, blank=True
    )
    other_answer_joined = models.BooleanField(_("answered on the joined phone"), default=False)
    # The SHA-256 of the key the account holder's page carries for STOP and pain whatever
    # the log-in (`sessions.stop_keys`); empty until the page is first shown.
    stop_key_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The last write the session accepted (`sessions.actions`): an exact repeat is a no-op.
    last_action = models.JSONField(_("last accepted action"), default=dict, blank=True)
    # Bumped by every write either phone could see (`sessions.engine.session_save`): a poll
    # names the version it shows and is answered 204 while it is still the current one.
    version = models.PositiveIntegerField(_("version"), default=0)
    # The current lean's timer as the server keeps it (`sessions.lean_timer`): when "Start
    # the lean" was pressed, when it was paused (None while it runs) and the milliseconds
    # spent paused before that. Empty until the lean starts; cleared for the next lean.
    lean_started_at = models.DateTimeField(_("lean started"), null=True, blank=True)
    lean_paused_at = models.DateTimeField(_("lean paused"), null=True, blank=True)
    lean_paused_ms = models.PositiveIntegerField(_("lean paused for (ms)"), default=0)
    started_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = GuidedSessionQuerySet.as_manager()

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
            # Rest after a stop (sessions.rest) reads each partner's newest recent stops:
            # without this the database walks the partner's whole history.
            models.Index(fields=["partner", "-ended_at"], name="guided_session_ended_idx"),
            # Lazy abandonment asks on every page whether any of an account's sessions is
            # idle. The partial index above cannot answer it on SQLite (the state is a bound
            # parameter there), so without this it reads the partner's whole history.
            models.Index(
                fields=["partner", "state", "last_activity_at"], name="guided_session_idle_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.started_at:%Y-%m-%d %H:%M}"

    @classproperty
    def note_max_length(cls) -> int:
        return cls._meta.get_field("note").max_length

    @property
    def duration(self) -> timedelta | None:
        """From start to end; None while the session runs."""
        if self.ended_at is None or self.started_at is None:
            return None
        return max(self.ended_at - self.started_at, timedelta(0))

    @property
    def duration_seconds(self) -> int | None:
        duration = self.duration
        return None if duration is None else round_seconds(duration)

    @property
    def duration_display(self) -> str:
        return duration_display(self.duration)

    @property
    def relief(self) -> int | None:
        """Comfort after minus comfort before: positive is relief, negative is worse."""
        if self.baseline_comfort is None or self.after_comfort is None:
            return None
        return self.after_comfort - self.baseline_comfort

    @property
    def relief_display(self) -> str:
        relief = self.relief
        if relief is None:
            return "—"
        return f"+{relief}" if relief > 0 else str(relief)

    @property
    def outcome_label(self) -> str:
        """The state in words, with the stop reason when it stopped ("Stopped · Pain") and
        pain reported after it ended ("Stopped · Discomfort · pain reported after")."""
        label = str(self.get_state_display())
        if self.state == SessionState.STOPPED:
            reasons = dict(StopReason.choices)
            reason = reasons.get(self.stop_reason or StopReason.NONE, self.stop_reason)
            label = gettext("%(outcome)s · %(reason)s") % {"outcome": label, "reason": reason}
        if self.pain_after_stop:
            label = gettext("%(outcome)s · pain reported after") % {"outcome": label}
        return label

    @property
    def pain_after_stop(self) -> bool:
        """Pain, tingling or numbness reported after the session ended for another cause."""
        return self.pain_reported_at is not None and self.stop_reason not in (
            StopReason.PAIN,
            StopReason.PAIN_REPORTED,
        )

    def is_idle(self, now: datetime | None = None) -> bool:
        return (
            self.state == SessionState.ACTIVE
            and self.last_activity_at is not None
            and self.last_activity_at < abandon_cutoff(now)
        )


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
    # How long the lean before this check-in ran, lean-in + hold + release, without the
    # get-ready countdown and pauses; empty when unknown (see `sessions.lean_timer`).
    lean_ms = models.PositiveIntegerField(_("lean time (ms)"), null=True, blank=True)
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

    @property
    def lean_seconds(self) -> float | None:
        """How long the lean ran, in seconds (exact to the millisecond), if recorded."""
        return None if self.lean_ms is None else self.lean_ms / 1000


# Defined in its own module (the second phone), registered with this app's models.
from .invites import SessionInvite  # noqa: E402, F401
