"""The venture forms: a round, an application, a reviewer's scores, a mid-term result, a debarment."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.rounds import MAX_FUND

CRITERIA_HELP = _("One per line: name and weight (%), e.g. “创新性 25”; the weights add up to 100.")


def _money(label):
    return forms.DecimalField(label=label, min_value=Decimal("0.01"), max_value=MAX_FUND, decimal_places=2,
                              max_digits=12)


class RoundForm(forms.Form):
    region = forms.ModelChoiceField(label=_("unit"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("title"), max_length=100)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    total_fund = _money(_("total fund (yuan)"))
    project_cap = _money(_("cap per project (yuan)"))
    focus_areas = forms.CharField(label=_("focus areas"), max_length=200, required=False)
    call_closes = forms.DateField(label=_("applications close"), widget=forms.DateInput(attrs={"type": "date"}))
    review_closes = forms.DateField(label=_("review closes"), widget=forms.DateInput(attrs={"type": "date"}))
    publicity_ends = forms.DateField(label=_("publicity ends"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    signing_by = forms.DateField(label=_("agreements signed by"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    midterm_on = forms.DateField(label=_("mid-term evaluation"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    final_on = forms.DateField(label=_("final evaluation"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    criteria = forms.CharField(label=_("review criteria"), help_text=CRITERIA_HELP, max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               initial="创新性 25\n可行性 25\n影响力 30\n团队能力 20")
    reviewers = forms.ModelMultipleChoiceField(label=_("review panel"), queryset=None, required=False)
    evaluation_template = forms.ModelChoiceField(label=_("evaluation template"), queryset=None, required=False,
                                                 help_text=_("Optional: the indicator template the round's "
                                                             "projects are evaluated with."))

    def __init__(self, *args, units, reviewers, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = units
        self.fields["reviewers"].queryset = reviewers
        self.fields["evaluation_template"].queryset = templates
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(
                field.widget, forms.Select | forms.SelectMultiple) else "form-control")

    def clean_criteria(self):
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, _sep, weight = line.strip().rpartition(" ")
            if not name.strip() or not weight.isdigit() or len(weight) > 3:
                raise forms.ValidationError(CRITERIA_HELP)
            rows.append((name.strip(), int(weight)))
        return rows


class ApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("organization"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("project title"), max_length=100)
    summary = forms.CharField(label=_("project book summary"), max_length=4000, widget=forms.Textarea(
        attrs={"rows": 6}))
    requested = _money(_("amount requested (yuan)"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（{criterion.weight}%）", min_value=0, max_value=100, decimal_places=2,
                max_digits=5, initial=(initial_scores or {}).get(criterion.pk),
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}))

    def scores(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


MIDTERM_CHOICES = {"evaluation": None, "1": True, "0": False}


class MidtermForm(forms.Form):
    passed = forms.TypedChoiceField(label=_("mid-term evaluation"), coerce=MIDTERM_CHOICES.get, empty_value=None,
                                    choices=(("evaluation", _("As the project's closed mid-term evaluation says")),
                                             ("1", _("Passed")), ("0", _("Failed: freeze the next tranche"))))
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class DebarForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
    until = forms.DateField(label=_("barred until"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("Empty: three years from today."))
