from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import NamedErrorsMixin

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
