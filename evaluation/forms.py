"""The evaluation pages' forms: the list's filters, setting up an evaluation, assigning an evaluator, the scoring
form (one row per sub-indicator, built from the evaluation's template version).

The scoring form checks only the shape of its input (lengths); the range and the one decimal of a score are the
service's rules (``services.scores_save``), whose refusals come back on the score's own field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin

from .choices import EvaluatorKind, Stage
from .workflow import EVALUATION_PROCESS

SCORE_FIELD, NOTE_FIELD = "score_%s", "note_%s"


class EvaluationFilterForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("stage"), required=False, choices=[("", "—"), *Stage.choices])
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *EVALUATION_PROCESS.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def filters(self) -> dict:
        """The valid filters as ORM conditions (an invalid choice is ignored, the form shows why)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data[key] for key in ("stage", "status") if data.get(key)}


class EvaluationCreateForm(StyledFormMixin, forms.Form):
    project = forms.CharField(label=_("project code"), max_length=40,
                              help_text=_("The code of a project of your district, e.g. P-410101001001-2026-001."))
    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices, initial=Stage.FINAL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AssignForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("evaluation by"), choices=EvaluatorKind.choices)
    user = forms.ModelChoiceField(label=_("evaluator"), queryset=None)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = str
        self._style()


class DeclareForm(forms.Form):
    no_conflict = forms.BooleanField(
        label=_("I declare that I have no conflict of interest with this project or its undertaking organization."),
        error_messages={"required": _("Tick the declaration to confirm that you have no conflict of interest.")})


class TransitionForm(forms.Form):
    reason = forms.CharField(max_length=1000, required=False)


class ScoreForm(StyledFormMixin, forms.Form):
    """One score and one note per sub-indicator (``indicators``: the template version's, in order), the
    findings. ``values()`` and ``notes()`` are what the service takes; blank scores are left as they are."""

    findings = forms.CharField(label=_("findings"), max_length=5000, required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[SCORE_FIELD % indicator.pk] = forms.CharField(
                label=indicator.name, max_length=20, required=False, widget=forms.NumberInput(attrs={
                    "step": "0.1", "min": "0", "max": str(indicator.max_score), "inputmode": "decimal"}))
            self.fields[NOTE_FIELD % indicator.pk] = forms.CharField(
                label=_("%(indicator)s: why this score") % {"indicator": indicator.name}, max_length=1000,
                required=False, widget=forms.TextInput(attrs={"placeholder": _("why this score")}))
        self._style()

    def score_field(self, indicator):
        return self[SCORE_FIELD % indicator.pk]

    def note_field(self, indicator):
        return self[NOTE_FIELD % indicator.pk]

    def values(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data[SCORE_FIELD % i.pk].strip() for i in self.indicators
                if self.cleaned_data.get(SCORE_FIELD % i.pk, "").strip()}

    def notes(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data.get(NOTE_FIELD % i.pk, "") for i in self.indicators}
