from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.services import EARLIEST_YEAR, AssessmentError, check_year
from wuse.core.forms import NamedErrorsMixin

YEARS_OFFERED = 10


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year, max(EARLIEST_YEAR, this_year - YEARS_OFFERED) - 1, -1)]


class ReportForm(NamedErrorsMixin, forms.Form):
    """What the report's page posts: the unit (a division code; its scope is checked by the view) and the year."""

    code = forms.CharField(label=_("Unit"), max_length=12, widget=forms.HiddenInput,
                           validators=[RegexValidator(r"^[0-9]{12}$", _("Not a division code."))])
    year = forms.ChoiceField(label=_("Year"), choices=year_choices, widget=forms.Select(attrs={"class": "form-select"}))

    def clean_year(self) -> int:
        try:
            return check_year(self.cleaned_data["year"])
        except AssessmentError as exc:
            raise forms.ValidationError(str(exc)) from None
