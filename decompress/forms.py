from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Partner


class SignUpForm(UserCreationForm):
    usable_password = None

    class Meta(UserCreationForm.Meta):
        fields = ("username",)


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
