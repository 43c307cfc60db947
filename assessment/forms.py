from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import NamedErrorsMixin

from .models import REASON_LENGTH
from .services import AssessmentError, check_year


class RollupForm(NamedErrorsMixin, forms.Form):
    """What the roll-up's confirmation posts: the year, and the unit whose page it came from (for the way back)."""

    year = forms.CharField(label=_("Year"), max_length=4, widget=forms.HiddenInput)
    code = forms.CharField(label=_("Unit"), required=False, max_length=12, widget=forms.HiddenInput,
                           validators=[RegexValidator(r"^[0-9]{12}$", _("Not a division code."))])

    def clean_year(self) -> int:
        try:
            return check_year(self.cleaned_data["year"])
        except AssessmentError as exc:
            raise forms.ValidationError(str(exc)) from None


class ApprovalForm(NamedErrorsMixin, forms.Form):
    """What an Approve button and the "approve all ready" confirmation post: the year (the unit is in the URL)."""

    year = forms.CharField(label=_("Year"), max_length=4, widget=forms.HiddenInput,
                           validators=[RegexValidator(r"^[0-9]{4}\Z", _("The year must be a number."))])

    def clean_year(self) -> int:
        try:
            return check_year(self.cleaned_data["year"])
        except AssessmentError as exc:
            raise forms.ValidationError(str(exc)) from None


class UnlockForm(ApprovalForm):
    """The unlock's page: the year and the reason (required, bounded; the service strips and checks it again)."""

    reason = forms.CharField(label=_("Reason for the unlock"), max_length=REASON_LENGTH, strip=True,
                             widget=forms.Textarea(attrs={"rows": 4, "class": "form-control",
                                                          "maxlength": REASON_LENGTH}),
                             help_text=_("Say what changed or was wrong; it stays in the unit's approval "
                                         "history and in the audit log."))
