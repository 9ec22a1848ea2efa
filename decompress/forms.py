from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Partner


class SignUpForm(UserCreationForm):
    usable_password = None

    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Checks the old password with authenticate(), so a wrong one counts toward axes' lock."""

    def __init__(self, user, *args, request: HttpRequest, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ("name",)
        labels = {"name": _("Name of the person receiving the stretch")}
        help_texts = {"name": _("A first name or nickname is enough. Up to 60 characters.")}

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["name"].widget.attrs.update({"autocomplete": "off"})

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter a name."))
        clash = Partner.objects.filter(account=self.account, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("You already have a partner called %(name)s."), params={"name": name}
            )
        return name
