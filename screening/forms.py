import re
from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AppliesTo, Question, Severity

YES, NO = "yes", "no"
FIELD_NAME = re.compile(r"^q_(\d+)$")


def question_field_name(question: Question) -> str:
    return f"q_{question.pk}"


class ScreeningForm(forms.Form):
    """One required yes/no per active question, plus the professional-clearance box.

    Radio buttons, not checkboxes: "not answered" must stay distinguishable from "no".
    The template renders the fields by hand (fieldset per question, legend = question).
    """

    caution_confirmed = forms.BooleanField(
        label=_("A doctor or physiotherapist has cleared this stretch for me"),
        required=False,
    )

    def __init__(self, *args, questions: Sequence[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question_field_name(question)] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(YES, _("Yes")), (NO, _("No"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no.")},
            )

    def is_tampered(self) -> bool:
        """True when the post could not have come from this form as shown.

        An unknown or inactive question id, a value other than yes/no, or a question sent
        twice. These are refused outright (400), not re-shown as a mistake to fix.
        """
        if not self.is_bound:
            return False
        for key in self.data:
            if FIELD_NAME.match(key) and key not in self.fields:
                return True
        for question in self.questions:
            name = question_field_name(question)
            if hasattr(self.data, "getlist"):
                values = self.data.getlist(name)
            else:
                values = [self.data[name]] if name in self.data else []
            if len(values) > 1 or (values and values[0] not in {YES, NO, ""}):
                return True
        return False

    def answers(self) -> dict[Question, bool]:
        return {q: self.cleaned_data[question_field_name(q)] == YES for q in self.questions}

    def rows(self, applies_to: str) -> list[dict]:
        rows = []
        for q in self.questions:
            if q.applies_to != applies_to:
                continue
            field = self[question_field_name(q)]
            caution = q.severity == Severity.CAUTION
            described = [
                f"{field.auto_id}_{part}"
                for part, present in (
                    ("help", bool(q.help_text)),
                    ("caution", caution),
                    ("error", bool(field.errors)),
                )
                if present
            ]
            rows.append(
                {
                    "question": q,
                    "field": field,
                    "caution": caution,
                    "describedby": " ".join(described),
                }
            )
        return rows

    def receiver_rows(self) -> list[dict]:
        return self.rows(AppliesTo.RECEIVER)

    def helper_rows(self) -> list[dict]:
        return self.rows(AppliesTo.HELPER)

    def has_caution_questions(self) -> bool:
        return any(q.severity == Severity.CAUTION for q in self.questions)

    def missing_rows(self) -> list[dict]:
        return [row for row in self.receiver_rows() + self.helper_rows() if row["field"].errors]
