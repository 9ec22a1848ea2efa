from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from decompress.models import Partner
from sessions.models import GuidedSession, SessionState


class HistoryFilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("All partners"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("All outcomes")), *SessionState.choices],
        required=False,
    )

    def __init__(self, *args, account: AbstractBaseUser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(account=account)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=GuidedSession.note_max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            _("Anything worth remembering next time. Up to {limit} characters."),
            limit=GuidedSession.note_max_length,
        ),
        error_messages={
            "max_length": _(
                "The note can be at most %(limit_value)d characters long; "
                "this one has %(show_value)d. Shorten it and save again."
            )
        },
    )
