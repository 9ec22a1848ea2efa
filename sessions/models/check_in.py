"""One comfort check-in of a session."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from decompress import scale

from .session import GuidedSession


class CheckIn(models.Model):
    """A comfort rating. One per (session, step, repetition): a double tap stores one row."""

    session = models.ForeignKey(GuidedSession, on_delete=models.CASCADE, related_name="check_ins")
    step_index = models.PositiveSmallIntegerField(_("step index"))
    # 1..repetitions for the check-in after a lean; 0 for the baseline and after ratings.
    repetition = models.PositiveSmallIntegerField(_("lean"), default=0)
    comfort = models.PositiveSmallIntegerField(
        _("comfort"), null=True, blank=True, validators=[MaxValueValidator(scale.COMFORT_MAX)]
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
                condition=models.Q(comfort__isnull=True) | models.Q(comfort__lte=scale.COMFORT_MAX),
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
