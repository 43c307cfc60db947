"""The plan's forms: the plan (unit, year), its indicators as a formset (add, remove, reorder), the copy into a new
year and a manual score with its evidence. The forms check types and sizes; the rules (weights adding up to 100,
bands, who may) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wuse.core import figures
from wuse.core.forms import StyledFormMixin

from .models import BAND, LEVELS, WEIGHT, IndicatorKind
from .services import MAX_INDICATORS

LEVEL_LABELS = {"district": _("districts"), "street": _("streets"), "community": _("communities")}
BAND_HELP = _("A share (a “%” figure) is entered in percent: 60 for 60 %. Where lower is better, full marks lie "
              "below no marks.")


def figure_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(f.code, f"{f.name} ({f.code})") for f in figures.FIGURES.values()]


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Year"), min_value=2000, max_value=2100, **kwargs)


class PlanForm(StyledFormMixin, forms.Form):
    """A new plan: whose (one of the units the user writes plans for) and which year."""

    unit = forms.ChoiceField(label=_("Assessing unit"))
    year = YearField()

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units}
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
        self._style()


class IndicatorForm(StyledFormMixin, forms.Form):
    id = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    position = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=999)
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices, initial=IndicatorKind.KPI)
    code = forms.ChoiceField(label=_("Figure"), required=False)
    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    description = forms.CharField(label=_("Description"), required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 1}))

    def __init__(self, *args, levels=LEVELS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = figure_choices()
        self.levels = levels
        for level in levels:
            where = LEVEL_LABELS[level]
            self.fields[f"weight_{level}"] = forms.DecimalField(
                label=_("Weight (%(level)s)") % {"level": where}, required=False, min_value=0, max_value=100, **WEIGHT)
            self.fields[f"full_{level}"] = forms.DecimalField(
                label=_("Full marks at (%(level)s)") % {"level": where}, required=False, help_text=BAND_HELP, **BAND)
            self.fields[f"zero_{level}"] = forms.DecimalField(
                label=_("No marks at (%(level)s)") % {"level": where}, required=False, help_text=BAND_HELP, **BAND)
        self._style()

    def level_fields(self):
        """(level label, weight, full, zero) bound fields, for the template."""
        return [(LEVEL_LABELS[level], self[f"weight_{level}"], self[f"full_{level}"], self[f"zero_{level}"])
                for level in self.levels]


class BaseIndicatorFormSet(forms.BaseFormSet):
    def __init__(self, *args, levels=LEVELS, **kwargs):
        self.levels = levels
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "levels": self.levels}

    def rows(self) -> list[dict]:
        """The kept lines in their order (the order field, then as entered), each with its form's index."""
        kept = [(form.cleaned_data.get("position"), index, form) for index, form in enumerate(self.forms)
                if form.has_changed() or form.initial]
        kept = [item for item in kept if not self._should_delete_form(item[2])]
        kept.sort(key=lambda item: (item[0] is None, item[0] or 0, item[1]))
        return [dict(item[2].cleaned_data, _index=item[1]) for item in kept]


IndicatorFormSet = forms.formset_factory(IndicatorForm, formset=BaseIndicatorFormSet, extra=2, can_delete=True,
                                         max_num=MAX_INDICATORS, validate_max=True, absolute_max=MAX_INDICATORS)


class CopyForm(StyledFormMixin, forms.Form):
    year = YearField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ScoreForm(StyledFormMixin, forms.Form):
    points = forms.DecimalField(label=_("Points"), max_digits=5, decimal_places=1, min_value=0)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("Evidence"), required=False,
                           help_text=_("A PDF, a JPEG or PNG photo, or a plain text file; at most 5 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
