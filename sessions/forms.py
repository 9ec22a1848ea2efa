import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decompress import scale

from .lean_timer import TimerAction
from .models import GuidedSession, StopReason


def _choose_a_rating() -> str:
    return gettext("Choose a comfort rating from %(low)d to %(high)d.") % {
        "low": scale.COMFORT_MIN,
        "high": scale.COMFORT_MAX,
    }


CHOOSE_A_RATING = lazy(_choose_a_rating, str)()
COMFORT_ERRORS = dict.fromkeys(
    ("invalid", "min_value", "max_value", "required", "invalid_choice"), CHOOSE_A_RATING
)


class PreSessionForm(forms.Form):
    changed = forms.ChoiceField(
        label=_("Has anything changed in your health or back since then?"),
        choices=[("no", _("No, nothing has changed")), ("yes", _("Yes, something has changed"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no before you start.")},
    )


# The largest step number a session can have (the columns are small integers).
STEP_NUMBER_MAX = 32767
NO_SUCH_STEP = -1


class StepNumberField(forms.CharField):
    """A step or lean number as a button sends it. Any integer is accepted, however large;
    one no session can have becomes `NO_SUCH_STEP`, so it is refused as a stale step
    (409) and never reaches the database as an out-of-range number."""

    widget = forms.HiddenInput

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not re.fullmatch(r"[+-]?\d+", value):
            raise forms.ValidationError(_("Enter a whole number."), code="invalid")
        digits = value.lstrip("+-").lstrip("0")
        if value.startswith("-") or len(digits) > len(str(STEP_NUMBER_MAX)):
            return NO_SUCH_STEP if digits else 0
        number = int(digits or "0")
        return number if number <= STEP_NUMBER_MAX else NO_SUCH_STEP


class StepForm(forms.Form):
    """Names the step a button answers, so a double tap or an old tab changes nothing."""

    step_index = StepNumberField()
    repetition = StepNumberField()


class ReleaseForm(StepForm):
    """ "Ready", or "Done, released" after a lean (how long it ran is the server's record)."""


class LeanTimerForm(StepForm):
    """ "Start the lean", "Pause" or "Resume" on the account holder's phone."""

    action = forms.ChoiceField(choices=TimerAction.choices)


class CheckInForm(StepForm):
    comfort = forms.IntegerField(required=False, error_messages=COMFORT_ERRORS)
    pain = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The scale's ends as they are now (`decompress.scale`), not when the module loaded.
        field = self.fields["comfort"]
        field.min_value, field.max_value = scale.COMFORT_MIN, scale.COMFORT_MAX
        field.validators += [
            MinValueValidator(scale.COMFORT_MIN, message=CHOOSE_A_RATING),
            MaxValueValidator(scale.COMFORT_MAX, message=CHOOSE_A_RATING),
        ]

    @staticmethod
    def reports_pain(data) -> bool:
        """The pain button was pressed: read before anything else, never refused."""
        return forms.BooleanField(required=False).to_python(data.get("pain"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("comfort") is None:
            self.add_error("comfort", COMFORT_ERRORS["required"])
        return cleaned


class FinishForm(forms.Form):
    """The finish step: only the optional note. The after rating is the last lean's
    (`sessions.engine`); a `comfort` an old page still sends is not a field, so ignored."""

    step_index = StepNumberField()
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=format_lazy(
            _("Anything you want to remember next time. Up to {limit} characters."),
            limit=GuidedSession.note_max_length,
        ),
        required=False,
        max_length=GuidedSession.note_max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Keep the note to %(limit_value)d characters or fewer (it has %(show_value)d)."
            )
        },
    )


class StopReasonForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[
            (StopReason.PAIN, _("Pain")),
            (StopReason.DISCOMFORT, _("Discomfort")),
            (StopReason.OTHER, _("Something else")),
            (StopReason.NONE, _("Skip")),
        ],
        error_messages={
            "required": _("Choose a reason, or Skip."),
            "invalid_choice": _("Choose one of the reasons shown, or Skip."),
        },
    )


class RoutineChoiceForm(forms.Form):
    """The routine chosen at the start: one of the routines offered now (`sessions.routines`)."""

    routine = forms.ModelChoiceField(
        queryset=None,
        label=_("Routine"),
        error_messages={
            "required": _("Choose one of the routines below."),
            "invalid_choice": _(
                "That routine is not offered any more. Choose one of the routines below."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        from .routines import routines_offered

        super().__init__(*args, **kwargs)
        self.fields["routine"].queryset = routines_offered()
