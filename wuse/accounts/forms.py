from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. After %(limit)s failed attempts the account is locked "
                           "for %(minutes)s minutes."),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "class": "form-control"})
        self.fields["password"].widget.attrs.update({"class": "form-control"})

    def get_invalid_login_error(self):
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"], code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT,
                    "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        )


class OTPTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code"), regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "class": "form-control"}),
    )
