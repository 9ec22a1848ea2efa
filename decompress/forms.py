from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Partner
from .rest import rests_alike, rests_in_force

# Django's own wording lists four password rules as bullets; one sentence says the same.
PASSWORD_RULES = _(
    "At least 8 characters, not only numbers, not a common password and not close to your username."
)


class PlainLabels:
    """Labels without Django's trailing colon: "Username", not "Username:"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LoginForm(PlainLabels, AuthenticationForm):
    pass


class SignUpForm(PlainLabels, UserCreationForm):
    usable_password = None

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")
        labels = {"email": _("Email address (optional)")}
        help_texts = {
            "username": _("Letters, digits and @ . + - _ only. You log in with it."),
            "email": _(
                "Only used to send you a link if you forget your password. "
                "We send one first to confirm it."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password1"].help_text = PASSWORD_RULES
        self.fields["password2"].label = _("The same password again")
        self.fields["password2"].help_text = ""

    def clean_email(self) -> str:
        return BaseUserManager.normalize_email(self.cleaned_data["email"].strip())


class PasswordChangeForm(PlainLabels, DjangoPasswordChangeForm):
    """Checks the old password with authenticate(), so a wrong one counts toward axes' lock."""

    def __init__(self, user, *args, request: HttpRequest, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.fields["new_password1"].help_text = PASSWORD_RULES
        self.fields["new_password2"].label = _("The same new password again")

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


class PartnerForm(PlainLabels, forms.ModelForm):
    """A partner's name. While somebody on the account rests (`decompress.rest`), a name like
    theirs ("Alex again" beside a resting "Alex") must say whether it is another person:
    the same person rests too, whatever row they are added under."""

    DIFFERENT, SAME = "different", "same"
    same_person = forms.ChoiceField(
        choices=[(DIFFERENT, _("Yes, a different person")), (SAME, _("No, the same person"))],
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = Partner
        fields = ("name",)
        labels = {"name": _("Name of the person receiving the stretch")}
        help_texts = {"name": _("A first name or nickname is enough. Up to 60 characters.")}

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["name"].widget.attrs.update({"autocomplete": "off"})
        # Shown on the form: who rests, and until when.
        self.rests = rests_in_force(account_id=account.pk)
        name = " ".join(str(self.data.get("name", "")).split()) if self.is_bound else ""
        self.alike = (
            rests_alike(
                rests=self.rests, name=name, partner=self.instance if self.instance.pk else None
            )
            if name
            else []
        )
        if self.alike:
            self.fields["same_person"].label = _(
                "Is %(name)s a different person from %(resting)s?"
            ) % {"name": name, "resting": self.alike[0].name}
            self.fields["same_person"].help_text = _(
                "%(resting)s rests after the last session. The same person must rest too."
            ) % {"resting": self.alike[0].name}
        else:
            del self.fields["same_person"]

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

    def clean_same_person(self) -> str:
        answer = self.cleaned_data.get("same_person")
        if self.alike and not answer:
            raise forms.ValidationError(
                _("Answer whether %(name)s is a different person: it decides who rests."),
                params={"name": self.data.get("name", "")},
            )
        return answer

    @property
    def rests_to_share(self) -> list:
        """The rests the partner takes on: those of the person they said they are."""
        return self.alike if self.cleaned_data.get("same_person") == self.SAME else []
