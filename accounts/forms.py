"""The forms of signing in and of managing people (GOV.UK rendering: core/forms.py)."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from accounts import people
from accounts.models import Role, normalise_email
from reference.models import Area

PASSWORD_HINT = (
    "At least 8 characters. Not a common password, not all numbers, and not like your name "
    "or email address. A few unrelated words make a strong one."
)


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address."},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
    )

    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. The password is case-sensitive; "
            "the email address is not."
        ),
        "inactive": "This account has been switched off. Ask whoever manages your access.",
    }

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app, or (when signing in) a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the code from your authenticator app."},
    )

    def __init__(self, *args, recovery_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = (
            "The 6-digit code your authenticator app shows for Reach now. Lost your phone? "
            "Enter one of your recovery codes instead."
            if recovery_allowed
            else "The 6-digit code your authenticator app shows for Reach now."
        )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class PasswordFields(forms.Form):
    """A new password, twice, checked against the password rules."""

    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        help_text=PASSWORD_HINT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a new password."},
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the new password again."},
    )


class AcceptInvitationForm(PasswordFields):
    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={"required": "Enter your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "new_password1", "new_password2"]

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The two passwords are not the same.")
        elif first:
            from accounts.models import User

            probe = User(username=self.email, email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


class ReachSetPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": "The two passwords are not the same."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password."
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again."


class ReachPasswordChangeForm(ReachSetPasswordForm, PasswordChangeForm):
    error_messages = {
        "password_mismatch": "The two passwords are not the same.",
        "password_incorrect": "Your current password is not right. Enter it again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password."


class ReachPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the right form, like name@example.gov.uk.",
        },
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={
            "required": "Enter the email address of the person to invite.",
            "invalid": "Enter an email address in the right form, like name@example.gov.uk.",
        },
    )
    full_name = forms.CharField(label="Full name (optional)", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, error_messages={"required": "Choose a role."}
    )
    area = forms.ModelChoiceField(
        label="Area (for a commissioner)",
        queryset=Area.objects.none(),
        required=False,
        empty_label="Choose an area",
    )
    provider = forms.ModelChoiceField(
        label="Service (for provider staff)",
        queryset=None,
        required=False,
        empty_label="Choose a service",
    )
    is_lead = forms.BooleanField(
        label="Make them the service's lead (they can invite and manage colleagues)",
        required=False,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        roles = people.invitable_roles(actor)
        self.fields["role"].choices = roles
        if len(roles) == 1:
            self.fields["role"].initial = roles[0][0]
        if people.is_assessor(actor):
            self.fields["area"].queryset = Area.objects.order_by("name")
        else:
            del self.fields["area"]
        self.fields["provider"].queryset = people.invitable_providers(actor).order_by("name")

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.COMMISSIONER and not data.get("area"):
            self.add_error("area", "Choose the area this person's office serves.")
        if role == Role.PROVIDER and not data.get("provider"):
            self.add_error("provider", "Choose the service this person works for.")
        return data


class AddRoleForm(InvitationForm):
    """Another role for a person who already has an account (no email needed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]
        del self.fields["full_name"]
