from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from decompress.models import Partner

from .history import HistoryOutcome

NOTE_MAX_LENGTH = 1000


class HistoryFilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("All partners"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("All outcomes")), *HistoryOutcome.choices],
        required=False,
    )

    def __init__(self, *args, account: AbstractBaseUser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(account=account)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anything worth remembering next time. Up to 1000 characters."),
        error_messages={
            "max_length": _(
                "The note can be at most %(limit_value)d characters long; "
                "this one has %(show_value)d. Shorten it and save again."
            )
        },
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args, account: AbstractBaseUser, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.account.check_password(password):
            raise forms.ValidationError(
                _("That password is not right. Nothing was deleted."), code="password_incorrect"
            )
        return password
