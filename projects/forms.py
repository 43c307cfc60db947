"""The forms of the projects step: the plan with its three formsets (budget lines, planned activities,
indicators), the small forms of the project page, the list's filters."""

from decimal import Decimal

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin
from wuse.core.widgets import render_in_python

from .choices import (
    BudgetKind,
    CoDesignKind,
    FocusArea,
    FundingSource,
    IndicatorKind,
    LinkageMode,
    ParticipantKind,
    Vehicle,
)
from .models import Project
from .models.plan import MAX_LINES
from .models.project import MAX_HEADCOUNT
from .services import PlanData
from .workflow import PROJECT_PROCESS

PLAN_FORM_FIELDS = ["title", "vehicle", "focus_area", "linkage_mode", "target_group", "planned_headcount",
                    "period_start", "period_end", "background", "objectives", "risk_plan", "total_budget"]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


def _text(value: str) -> str:
    return value.replace("\x00", "").strip()


class PlanForm(StyledFormMixin, forms.Form):
    """The project book's own fields, as the model declares them; the service checks the whole plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Project, fields=PLAN_FORM_FIELDS, widgets={
            "period_start": _DATE, "period_end": _DATE,
            "background": forms.Textarea(attrs={"rows": 4}), "objectives": forms.Textarea(attrs={"rows": 4}),
            "risk_plan": forms.Textarea(attrs={"rows": 3}),
            "planned_headcount": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "total_budget": forms.NumberInput(attrs={"step": "0.01", "min": 0, "inputmode": "decimal"}),
        }))
        self.fields["total_budget"] = forms.DecimalField(
            label=_("total budget (yuan)"), **MONEY, widget=self.fields["total_budget"].widget,
            help_text=_("The sum of the budget lines below; entered here so that a typing slip shows."))
        self.fields["planned_headcount"] = forms.IntegerField(
            label=_("people to serve"), min_value=1, max_value=MAX_HEADCOUNT, required=False,
            widget=self.fields["planned_headcount"].widget)
        self.fields["objectives"].help_text = _("Specific, measurable, achievable, relevant and time-bound: who, how "
                                                "many, what changes, by when.")
        self._style()

    def clean_title(self):
        title = " ".join(_text(self.cleaned_data["title"]).split())
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title

    def plan_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("background", "objectives", "risk_plan", "target_group"):
            data[name] = _text(data.get(name) or "")
        return {name: data.get(name) for name in PLAN_FORM_FIELDS}


class NewProjectForm(PlanForm):
    def __init__(self, *args, units, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = forms.ModelChoiceField(label=_("unit"), queryset=units,
                                                       empty_label=_("Choose a community or street"))
        if len(units) == 1:
            self.fields["region"].initial = units[0]
        self.fields["year"] = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
        self.fields["needs"] = forms.TypedMultipleChoiceField(
            label=_("listed needs it answers"), required=False, coerce=int,
            choices=[(n.pk, f"{n.community.name} · {n.title}") for n in needs],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Listed needs (纳入清单) of the unit; left empty, the background is written from them."))
        self.order_fields(["region", "year", "needs", *PLAN_FORM_FIELDS])
        self._style()


class EditProjectForm(PlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ChangeRequestForm(PlanForm):
    reason = forms.CharField(label=_("what changes and why"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["reason", *PLAN_FORM_FIELDS])
        self._style()


class BudgetLineForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("budget item"), choices=BudgetKind.choices)
    funding_source = forms.ChoiceField(label=_("funding source"), choices=FundingSource.choices)
    amount = forms.DecimalField(label=_("amount (yuan)"), **MONEY,
                                widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "inputmode": "decimal"}))
    note = forms.CharField(label=_("what it pays for"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ActivityForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("activity"), max_length=100)
    starts_on = forms.DateField(label=_("starts on"), widget=_DATE)
    ends_on = forms.DateField(label=_("ends on"), required=False, widget=_DATE)
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    description = forms.CharField(label=_("content"), max_length=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The activity ends before it starts."))
        return data


class IndicatorForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("indicator type"), choices=IndicatorKind.choices)
    name = forms.CharField(label=_("indicator"), max_length=100)
    target_value = forms.DecimalField(label=_("target"), **MONEY)
    unit = forms.CharField(label=_("unit of measure"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def _formset(form, extra: int):
    return forms.formset_factory(form, extra=extra, can_delete=True, max_num=MAX_LINES, validate_max=True,
                                 absolute_max=MAX_LINES + 10)


BudgetLineFormSet = _formset(BudgetLineForm, 2)
ActivityFormSet = _formset(ActivityForm, 2)
IndicatorFormSet = _formset(IndicatorForm, 2)
FORMSETS = (("lines", "budget", BudgetLineFormSet), ("activities", "activities", ActivityFormSet),
            ("indicators", "indicators", IndicatorFormSet))


def plan_formsets(data=None, plan: PlanData | None = None) -> dict:
    """The three formsets, bound to ``data`` or filled from ``plan``; keyed "lines", "activities", "indicators"."""
    return {key: formset(data, prefix=prefix, initial=getattr(plan, key) if plan and data is None else None)
            for key, prefix, formset in FORMSETS}


def formset_rows(formset) -> list[dict]:
    """The filled, not deleted rows of a valid formset."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        rows.append({k: (_text(v) if isinstance(v, str) else v) for k, v in form.cleaned_data.items()
                     if k != "DELETE"})
    return rows


def plan_from(form: PlanForm, formsets: dict) -> PlanData:
    return PlanData(fields=form.plan_fields(), lines=formset_rows(formsets["lines"]),
                    activities=formset_rows(formsets["activities"]), indicators=formset_rows(formsets["indicators"]))


def plan_initial(plan: PlanData) -> dict:
    return {name: plan.fields.get(name) for name in PLAN_FORM_FIELDS}


class TransitionForm(forms.Form):
    reason = forms.CharField(max_length=1000, required=False)


class LinkNeedForm(forms.Form):
    need = forms.IntegerField(label=_("need"), min_value=1, max_value=2**63 - 1)


class CoDesignForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("how residents took part"), choices=CoDesignKind.choices)
    meeting = forms.ModelChoiceField(label=_("resident meeting"), queryset=None, required=False,
                                     empty_label=_("— for a resident meeting —"))
    held_on = forms.DateField(label=_("date"), required=False, widget=_DATE,
                              help_text=_("For a comment round or a sign-off list; a meeting gives its own date."))
    headcount = forms.IntegerField(label=_("residents taking part"), min_value=1, max_value=100_000, required=False)
    summary = forms.CharField(label=_("what residents said and what changed"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = (
            lambda m: f"{m.held_on:%Y-%m-%d} {m.get_kind_display()} · {m.place}")
        self._style()


class ParticipantForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("society"), choices=ParticipantKind.choices)
    role = forms.CharField(label=_("part in the project"), max_length=200, required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ParticipantKind.choices)
        for kind, field in (("organization", "organization"), ("social_worker", "social_worker"),
                            ("volunteer_team", "volunteer_team"), ("donor", "donor")):
            self.fields[field] = forms.ModelChoiceField(label=labels[kind], queryset=choices[kind], required=False,
                                                        empty_label="—")
        self.order_fields(["kind", "organization", "social_worker", "volunteer_team", "donor", "role"])
        self._style()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and not data.get(kind):
            self.add_error(kind, _("Choose the %(society)s taking part.") % {"society": ParticipantKind(kind).label})
        return data

    def party(self):
        return self.cleaned_data.get(self.cleaned_data["kind"])


class UndertakeForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("undertaking organization"), queryset=None,
                                          empty_label=_("Choose an organization"))
    reason = forms.CharField(label=_("agreement or note"), max_length=1000, required=False)

    def __init__(self, *args, organizations, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("why the undertaker changes")
        self._style()


class ProjectFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    vehicle = forms.ChoiceField(label=_("how it is published"), required=False,
                                choices=[("", _("Any way")), *Vehicle.choices])
    focus_area = forms.ChoiceField(label=_("focus area"), required=False,
                                   choices=[("", _("Any focus area")), *FocusArea.choices])
    linkage_mode = forms.ChoiceField(label=_("linkage mode"), required=False,
                                     choices=[("", _("Any linkage mode")), *LinkageMode.choices])
    undertaker = forms.TypedChoiceField(label=_("undertaking organization"), required=False, coerce=int,
                                        empty_value=None)
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, undertakers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *PROJECT_PROCESS.choices]
        self.fields["undertaker"].choices = [("", _("Any organization")), *undertakers]
        self._style()
        render_in_python(self)

    def filters(self, region=None):
        from .selectors import ProjectFilters

        data = self.cleaned_data if self.is_valid() else {}
        return ProjectFilters(q=" ".join((data.get("q") or "").replace("\x00", "").split()),
                              status=data.get("status") or "", vehicle=data.get("vehicle") or "",
                              focus_area=data.get("focus_area") or "", linkage_mode=data.get("linkage_mode") or "",
                              undertaker=data.get("undertaker"), year=data.get("year"), region=region)
