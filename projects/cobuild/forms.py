"""The co-building forms: each parses and shapes input; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin

from . import selectors
from .models import MAX_QUANTITY, Resource
from .workflow import LIST_PROCESS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_AMOUNT = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": MAX_QUANTITY}


def _year_field():
    return forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100,
                              help_text=_("Lists whose period includes this year."))


class PublicFilterForm(StyledFormMixin, forms.Form):
    year = _year_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ListFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Title contains"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("All")), *LIST_PROCESS.choices])
    year = _year_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "status": "", "year": None}
        data = self.cleaned_data
        return {"q": data["q"].strip(), "status": data["status"], "year": data["year"]}


class ListForm(StyledFormMixin, forms.Form):
    region = forms.ChoiceField(label=_("community"))
    title = forms.CharField(label=_("title"), max_length=100)
    period_start = forms.DateField(label=_("period starts"), widget=_DATE)
    period_end = forms.DateField(label=_("period ends"), widget=_DATE)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = {c.code: c for c in communities}
        self.fields["region"].choices = [(c.code, c.name) for c in communities]
        self._style()

    def clean_region(self):
        return self.communities[self.cleaned_data["region"]]


class PledgeForm(StyledFormMixin, forms.Form):
    unit = forms.ChoiceField(label=_("co-building unit"))
    resource = forms.ChoiceField(label=_("resource"), choices=Resource.choices)
    description = forms.CharField(label=_("what is pledged"), max_length=200)
    quantity = forms.DecimalField(label=_("quantity"), **_AMOUNT)
    measure = forms.CharField(label=_("measure"), max_length=20, help_text=_("元, 小时, 场次, 平方米, 件…"))
    value = forms.DecimalField(label=_("value (yuan)"), required=False, **_AMOUNT)
    starts_on = forms.DateField(label=_("pledged from"), widget=_DATE)
    ends_on = forms.DateField(label=_("pledged until"), widget=_DATE)
    need = forms.ChoiceField(label=_("matched need"), required=False)
    project = forms.ChoiceField(label=_("matched project"), required=False)

    def __init__(self, *args, community: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *selectors.units_for(community)]
        self.needs = {str(n.pk): n for n in selectors.needs_for(community)}
        self.projects = {str(p.pk): p for p in selectors.projects_for(community)}
        self.fields["need"].choices = [("", "—"), *((k, n.title) for k, n in self.needs.items())]
        self.fields["project"].choices = [("", "—"), *((k, f"{p.code} {p.title}") for k, p in self.projects.items())]
        self._style()

    def clean_unit(self):
        return selectors.unit_of(self.cleaned_data["unit"])

    def clean_need(self):
        return self.needs.get(self.cleaned_data["need"])

    def clean_project(self):
        return self.projects.get(self.cleaned_data["project"])


class MatchForm(StyledFormMixin, forms.Form):
    need = forms.ChoiceField(label=_("matched need"), required=False)
    project = forms.ChoiceField(label=_("matched project"), required=False)

    def __init__(self, *args, community: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = {str(n.pk): n for n in selectors.needs_for(community)}
        self.projects = {str(p.pk): p for p in selectors.projects_for(community)}
        self.fields["need"].choices = [("", "—"), *((k, n.title) for k, n in self.needs.items())]
        self.fields["project"].choices = [("", "—"), *((k, f"{p.code} {p.title}") for k, p in self.projects.items())]
        self._style()

    def clean_need(self):
        return self.needs.get(self.cleaned_data["need"])

    def clean_project(self):
        return self.projects.get(self.cleaned_data["project"])


class DeliveryForm(StyledFormMixin, forms.Form):
    quantity = forms.DecimalField(label=_("quantity delivered"), **_AMOUNT)
    delivered_on = forms.DateField(label=_("delivered on"), widget=_DATE)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
