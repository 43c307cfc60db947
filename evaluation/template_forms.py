"""The indicator-template forms: one form for the whole template (the five dimensions' weights, the final-score
rule, the grade bands, what changed) and, per dimension, a formset of its sub-indicators (name, maximum score,
guidance, computed figure) with blank rows to add and a "Delete" box to remove — no JavaScript needed.

The forms check only the shape of the input (numbers, lengths, choices); whether the template adds up is the
service's rule (``services.check_template``), whose refusals come back next to the part they concern
(``show_refusal``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin, add_errors

from .choices import DimensionCode, FigureCode
from .services.templates import MAX_INDICATORS, DimensionData, IndicatorData, TemplateData, check_template

WEIGHT_FIELD = "weight_%s"
RULE_FIELDS = (("self", "self_weight"), ("street", "street_weight"), ("third_party", "third_party_weight"))
BAND_FIELDS = ("excellent_from", "good_from", "pass_from")
BLANK_ROWS = 2  # per dimension; saving brings new blank rows
# Where a service refusal is shown: the key of its ``ValidationError`` → the part of the page.
SECTIONS = {"dimensions": "dimensions", "weights": "dimensions", "indicators": "dimensions", "rule": "rule",
            "bands": "bands"}
YEARS = (2000, 2100)


def _number(label, **extra) -> forms.DecimalField:
    """A number typed on the page: any decimal is taken here; its range and its one decimal are the service's
    to check (so that the refusal says why in the template's own terms)."""
    return forms.DecimalField(label=label, **extra, widget=forms.NumberInput(attrs={
        "step": "0.1", "min": "0", "max": "100", "inputmode": "decimal"}))


class TemplateForm(StyledFormMixin, forms.Form):
    """The template's own figures: a weight per dimension, the rule, the bands, a note on what changed."""

    self_weight = _number(_("self-assessment weight (%)"))
    street_weight = _number(_("street evaluation weight (%)"))
    third_party_weight = _number(_("third-party evaluation weight (%)"))
    excellent_from = _number(_("excellent from"))
    good_from = _number(_("good from"))
    pass_from = _number(_("pass from"))
    note = forms.CharField(label=_("what changed"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in DimensionCode.choices:
            self.fields[WEIGHT_FIELD % code] = _number(label)
        self.section_errors: dict[str, list[str]] = {}
        self._style()

    def rule_fields(self) -> list:
        return [self[name] for _kind, name in RULE_FIELDS]

    def band_fields(self) -> list:
        return [self[name] for name in BAND_FIELDS]

    @staticmethod
    def initial_from(data: TemplateData) -> dict:
        initial = {WEIGHT_FIELD % d.code: d.weight for d in data.dimensions}
        initial.update({name: data.rule.get(kind) for kind, name in RULE_FIELDS})
        initial.update(dict(zip(BAND_FIELDS, data.bands, strict=True)))
        return initial

    def show_refusal(self, exc: Exception) -> None:
        """A service's refusal on the page: the template's problems next to the part they concern, anything
        else (the name, the unit, a conflict) on its field or above the form."""
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            rest = {}
            for key, messages in exc.message_dict.items():
                if key in SECTIONS:
                    self.section_errors.setdefault(SECTIONS[key], []).extend(messages)
                else:
                    rest[key] = messages
            if rest:
                add_errors(self, ValidationError(rest))
        else:
            add_errors(self, exc)

    @property
    def refused(self) -> bool:
        return bool(self.errors or self.section_errors)


class TemplateCreateForm(TemplateForm):
    """A new template: for one of the user's units (the city or a district) and a year, with a name."""

    region = forms.ChoiceField(label=_("unit"))
    year = forms.IntegerField(label=_("year"), min_value=YEARS[0], max_value=YEARS[1])
    name = forms.CharField(label=_("template name"), max_length=100)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.code: unit for unit in units}
        self.fields["region"].choices = [(unit.code, unit.name) for unit in units]

    def header_fields(self) -> list:
        return [self["region"], self["year"], self["name"]]


class IndicatorRowForm(StyledFormMixin, forms.Form):
    """One sub-indicator; a row left wholly blank is no sub-indicator (a spare row, or one cleared)."""

    name = forms.CharField(label=_("indicator"), max_length=100, required=False)
    max_score = forms.DecimalField(label=_("maximum score"), required=False, widget=forms.NumberInput(attrs={
        "step": "0.1", "min": "0", "max": "100", "inputmode": "decimal"}))
    guidance = forms.CharField(label=_("how to score it"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    figure = forms.ChoiceField(label=_("computed figure"), required=False, choices=[("", "—"), *FigureCode.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        if self.is_blank(data):
            return data
        if not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Give the sub-indicator a name."))
        if data.get("max_score") is None and "max_score" not in self.errors:
            self.add_error("max_score", _("Give the sub-indicator its maximum score."))
        return data

    @staticmethod
    def is_blank(data: dict) -> bool:
        return not any((str(data.get(key) or "")).strip() for key in ("name", "max_score", "guidance", "figure"))


IndicatorFormSet = forms.formset_factory(IndicatorRowForm, extra=BLANK_ROWS, can_delete=True,
                                         max_num=MAX_INDICATORS, validate_max=True,
                                         absolute_max=MAX_INDICATORS + BLANK_ROWS + 10)


def indicator_formsets(data=None, template: TemplateData | None = None) -> list[dict]:
    """Per dimension, in the guideline's order: its code, label and formset (bound to ``data``, or filled from
    ``template``)."""
    given = {d.code: d for d in template.dimensions} if template is not None else {}
    groups = []
    for code, label in DimensionCode.choices:
        initial = None
        if data is None and code in given:
            initial = [{"name": i.name, "max_score": i.max_score, "guidance": i.guidance, "figure": i.figure}
                       for i in given[code].indicators]
        groups.append({"code": code, "label": label,
                       "formset": IndicatorFormSet(data, prefix=f"ind-{code}", initial=initial)})
    return groups


def with_weights(form: TemplateForm, groups: list[dict]) -> list[dict]:
    """The groups for the page, each with its dimension's weight field."""
    return [{**group, "weight": form[WEIGHT_FIELD % group["code"]]} for group in groups]


def refused(form: TemplateForm, groups: list[dict]) -> bool:
    """Whether the page shows a refusal: the form's, a section's, or a sub-indicator row's."""
    return form.refused or any(group["formset"].is_bound and (group["formset"].total_error_count())
                               for group in groups)


def all_valid(form: TemplateForm, groups: list[dict]) -> bool:
    results = [form.is_valid(), *(group["formset"].is_valid() for group in groups)]  # each checked: errors shown
    return all(results)


def template_data(form: TemplateForm, groups: list[dict]) -> TemplateData:
    """The template the page describes (from a valid form and valid formsets), for the service to check."""
    data = form.cleaned_data
    dimensions = []
    for group in groups:
        rows = []
        for row in group["formset"].forms:
            cleaned = getattr(row, "cleaned_data", {})
            if row.errors or not cleaned or cleaned.get("DELETE") or IndicatorRowForm.is_blank(cleaned):
                continue
            rows.append(IndicatorData(cleaned["name"].strip(), cleaned["max_score"], cleaned["guidance"].strip(),
                                      cleaned["figure"]))
        dimensions.append(DimensionData(group["code"], data[WEIGHT_FIELD % group["code"]], rows))
    return TemplateData(dimensions=dimensions, rule={kind: data[name] for kind, name in RULE_FIELDS},
                        bands=tuple(data[name] for name in BAND_FIELDS), note=data.get("note", ""))


class TemplateEditForm(TemplateForm):
    """An edit of the template's latest version; ``version`` is the number the page was opened on, so that an
    edit of a version saved over since is refused rather than lost."""

    version = forms.IntegerField(min_value=1, max_value=32767, widget=forms.HiddenInput)


def check_the_rest(form: TemplateForm, groups: list[dict]) -> None:
    """Some rows are refused for their shape: show the template's own problems too (the service's check of the
    weights, the rule, the bands and the other rows), so that one round shows every problem."""
    if form.is_valid() and all(group["formset"].management_form.is_valid() for group in groups):
        try:
            check_template(template_data(form, groups))
        except ValidationError as exc:
            form.show_refusal(exc)
