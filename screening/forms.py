from collections.abc import Sequence
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question

NONE = "none"


class ScreeningPageForm(forms.Form):
    """One questionnaire page: tick the items that apply, or press "None of these".

    "None of these" is a submit button (`none=none`): choosing it explicitly is what
    answers the page, so nothing is ever answered by default. Ticked items and "None of
    these" together, or neither, are mistakes to fix (422); an item that is not on this
    page, a value sent twice, or a page shown for a question set that has changed since (its
    `attempt` fingerprint differs) could not have come from the page as shown (400).
    The template renders the fields by hand.
    """

    item = forms.TypedMultipleChoiceField(coerce=int, required=False)
    none = forms.ChoiceField(choices=[(NONE, NONE)], required=False)
    caution_confirmed = forms.BooleanField(
        label=_("A doctor or physiotherapist has cleared this stretch for me"),
        required=False,
    )

    def __init__(self, *args, questions: Sequence[Question], fingerprint: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fingerprint = fingerprint
        item = cast(forms.MultipleChoiceField, self.fields["item"])
        item.choices = [(q.pk, q.text) for q in self.questions]

    def is_tampered(self) -> bool:
        if not self.is_bound:
            return False
        if self.data.get("attempt") != self.fingerprint:
            return True  # shown for a question set that has changed since
        items = self.data.getlist("item") if hasattr(self.data, "getlist") else []
        allowed = {str(q.pk) for q in self.questions}
        if any(value not in allowed for value in items) or len(set(items)) != len(items):
            return True
        nones = self.data.getlist(NONE) if hasattr(self.data, "getlist") else []
        return len(nones) > 1 or any(value != NONE for value in nones)

    def clean(self):
        cleaned = super().clean() or {}
        ticked, none = cleaned.get("item"), cleaned.get("none")
        if ticked and none:
            raise forms.ValidationError(
                _(
                    "You ticked an item and also chose “None of these”. Untick the items "
                    "that do not apply and press Continue, or untick every item and choose "
                    "“None of these”."
                ),
                code="both",
            )
        if not ticked and not none:
            raise forms.ValidationError(
                _("Tick each item that applies and press Continue, or choose “None of these”."),
                code="neither",
            )
        return cleaned

    def ticked(self) -> list[Question]:
        ids = set(self.cleaned_data["item"])
        return [q for q in self.questions if q.pk in ids]

    def rows(self) -> list[dict]:
        ticked = {str(value) for value in (self["item"].value() or [])}
        return [
            {"question": q, "id": f"item-{q.pk}", "checked": str(q.pk) in ticked}
            for q in self.questions
        ]
