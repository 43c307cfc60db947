from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization

CRITERIA_ROWS = 5


class CallForm(StyledFormMixin, forms.Form):
    """A call of a community or a street (``units``), or an organization's call for partners (``organizations``:
    the budget may then be 0)."""

    region = forms.ModelChoiceField(queryset=Region.objects.none(), label=_("unit"))
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("posting organization"))
    title = forms.CharField(label=_("title"), max_length=200)
    problem = forms.CharField(label=_("problem"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    budget = forms.DecimalField(label=_("budget (yuan)"), max_digits=12, decimal_places=2, min_value=0.01)
    reward = forms.CharField(label=_("reward or support besides the budget"), max_length=200, required=False)
    deadline = forms.DateField(label=_("deadline for bids"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            del self.fields["region"]
            self.fields["organization"].queryset = organizations
            budget = self.fields["budget"]
            budget.min_value = 0
            budget.validators = [*(v for v in budget.validators if getattr(v, "code", "") != "min_value"),
                                 MinValueValidator(0)]
            budget.widget.attrs["min"] = "0"
            budget.help_text = _("0 when the call offers no money.")
        else:
            del self.fields["organization"]
            self.fields["region"].queryset = units if units is not None else Region.objects.none()
        for i in range(CRITERIA_ROWS):
            self.fields[f"criterion_{i}"] = forms.CharField(label=_("criterion"), max_length=200, required=False)
            self.fields[f"target_{i}"] = forms.CharField(label=_("target"), max_length=200, required=False)
        self._style()

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith(("criterion_", "target_"))]

    def criteria(self):
        return [(self.cleaned_data.get(f"criterion_{i}", ""), self.cleaned_data.get(f"target_{i}", ""))
                for i in range(CRITERIA_ROWS)]

    def criteria_rows(self):
        return [(self[f"criterion_{i}"], self[f"target_{i}"]) for i in range(CRITERIA_ROWS)]


class BidForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("bidder"))
    approach = forms.CharField(label=_("approach"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    team = forms.CharField(label=_("team members"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    price = forms.DecimalField(label=_("price (yuan)"), max_digits=12, decimal_places=2, min_value=0.01,
                               required=False)
    timeline = forms.CharField(label=_("timeline"), max_length=500, required=False)

    def __init__(self, *args, organizations=None, teams=None, price_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:  # the bid of a volunteer team of the registry, recorded by the call's unit
            del self.fields["organization"]
            self.fields = {"volunteer_team": forms.ModelChoiceField(queryset=teams, label=_("volunteer team")),
                           **self.fields}
        else:
            self.fields["organization"].queryset = organizations
        self.fields["price"].required = price_required
        self._style()

