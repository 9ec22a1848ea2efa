"""A routine and its steps, as staff edit them in admin."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from sessions.choices import StepKind
from sessions.routine_checks import illustration_problem


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
