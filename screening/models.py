from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decompress.models import Partner


class Severity(models.TextChoices):
    # Red flags: urgent medical care now, before anything else.
    EMERGENCY = "emergency", _("Emergency — seek urgent care")
    # Contraindications: the stretch is not for this person.
    BLOCK = "block", _("Block — not safe")
    # Allowed only with a doctor's or physiotherapist's clearance.
    CAUTION = "caution", _("Caution — needs professional clearance")
    # Not today: a yes rests the partner until the next day (sessions.rest), nothing more.
    REST = "rest", _("Rest — no session until the next day")


class AppliesTo(models.TextChoices):
    RECEIVER = "receiver", _("Person receiving the stretch")
    HELPER = "helper", _("Helper")


class Question(models.Model):
    # A stable key for the default questions, so re-running the seed never duplicates them
    # even after staff reword a question. Blank for questions added in admin.
    slug = models.SlugField(_("key"), max_length=60, blank=True, editable=False)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(
        _("help text"),
        max_length=500,
        blank=True,
        help_text=_("Shown under the question: examples or plain words for medical terms."),
    )
    reason = models.CharField(
        _("why it matters"),
        max_length=500,
        blank=True,
        help_text=_("Shown on the result page when this question is answered yes."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.RECEIVER
    )
    # When the question joined the set: a cleared screening taken before an active
    # question was added must answer it before the next session (screening.guard).
    added_at = models.DateTimeField(_("added"), db_default=Now(), editable=False)

    class Meta:
        ordering = ["applies_to", "position", "pk"]
        verbose_name = _("screening question")
        verbose_name_plural = _("screening questions")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="question_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Outcome(models.TextChoices):
    CLEARED = "cleared", _("Cleared")
    BLOCKED = "blocked", _("Blocked")
    EMERGENCY = "emergency", _("Emergency")


class Screening(models.Model):
    """One completed questionnaire. Health data: only what the rules need, no free text.

    `answered_yes` keeps, for each question answered yes, the question's id, text,
    severity, applies_to and reason as they read at the time, so an admin edit never
    changes what a person was shown: [{"question": 3, "text": "...", "severity": "block",
    "applies_to": "receiver", "reason": "..."}, ...].
    """

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="screenings")
    created_at = models.DateTimeField(_("taken"), auto_now_add=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    answered_yes = models.JSONField(_("answered yes"), default=list, blank=True)
    caution_confirmed = models.BooleanField(
        _("cleared by a doctor or physiotherapist"), default=False
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.partner} · {self.get_outcome_display()} · {self.created_at:%Y-%m-%d}"

    @property
    def taken_today(self) -> bool:
        """Taken on today's date in the current time zone (the server's, until accounts
        have their own). On that day the answers are fresh, so the pre-session "has
        anything changed?" check is skipped; from the next day it is asked."""
        return timezone.localdate(self.created_at) == timezone.localdate()
