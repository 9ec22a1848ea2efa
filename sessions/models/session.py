"""One guided session: its snapshot of steps, progress, and the facts derived from it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils.functional import classproperty
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decompress import scale
from decompress.models import Partner
from screening.models import Screening
from sessions.choices import SessionState, StopReason
from sessions.durations import abandon_cutoff, duration_display, round_seconds
from sessions.querysets import GuidedSessionQuerySet

from .routine import Routine

# The longest note a session keeps (forms, the engine and templates read `note_max_length`).
NOTE_MAX_LENGTH = 1000


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
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
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
        return NOTE_MAX_LENGTH

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
            return scale.MISSING
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
