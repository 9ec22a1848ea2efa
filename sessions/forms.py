from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import GuidedSession, StopReason
from .rules import COMFORT_MAX, COMFORT_MIN

COMFORT_ERRORS = {
    "invalid": _("Choose a comfort rating from 0 to 10."),
    "min_value": _("Choose a comfort rating from 0 to 10."),
    "max_value": _("Choose a comfort rating from 0 to 10."),
    "required": _("Choose a comfort rating from 0 to 10."),
    "invalid_choice": _("Choose a comfort rating from 0 to 10."),
}


class PreSessionForm(forms.Form):
    changed = forms.ChoiceField(
        label=_("Has anything changed in your health or back since then?"),
        choices=[("no", _("No, nothing has changed")), ("yes", _("Yes, something has changed"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no before you start.")},
    )


class StepForm(forms.Form):
    """Names the step a button answers, so a double tap or an old tab changes nothing."""

    step_index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    repetition = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class CheckInForm(StepForm):
    comfort = forms.IntegerField(
        required=False,
        min_value=COMFORT_MIN,
        max_value=COMFORT_MAX,
        error_messages=COMFORT_ERRORS,
    )
    pain = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and cleaned.get("comfort") is None
            and not cleaned.get("pain")
            and "comfort" not in self.errors
        ):
            self.add_error("comfort", COMFORT_ERRORS["required"])
        return cleaned


class FinishForm(forms.Form):
    step_index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    comfort = forms.TypedChoiceField(
        label=_("How comfortable is the back now?"),
        choices=[(n, str(n)) for n in range(COMFORT_MIN, COMFORT_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=COMFORT_ERRORS,
    )
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
        error_messages={"required": _("Choose a reason, or Skip.")},
    )
