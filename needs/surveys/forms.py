import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from needs.models import NeedCategory, Urgency
from wuse.core.forms import StyledFormMixin

from .models import SCALE_BOUNDS, Campaign, QuestionKind

_DATE = {"type": "date"}


class CampaignForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["region", "title", "description", "starts_on", "ends_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        }
        help_texts = {"region": _("A street's survey reaches all of its communities.")}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].queryset = units
            self.fields["region"].empty_label = _("Choose a community or street")
            self.fields["region"].label_from_instance = lambda r: f"{r.name}（{r.get_level_display()}）"
            if units is not None and len(units) == 1:
                self.fields["region"].initial = units[0]
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data

    def _post_clean(self):
        """The model's own checks run in the service (with the user's right checked first)."""


class CampaignEditForm(CampaignForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(CampaignForm.Meta):
        fields = ["title", "description", "starts_on", "ends_on"]

    def campaign_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class QuestionForm(StyledFormMixin, forms.Form):
    """One question; the fields shown depend on its kind (options for choices, range for a scale)."""

    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Explanation (optional)"), max_length=300, required=False)
    choices = forms.CharField(label=_("Options, one per line"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    scale_min = forms.IntegerField(label=_("Lowest value"), min_value=SCALE_BOUNDS[0], max_value=SCALE_BOUNDS[1],
                                   initial=1)
    scale_max = forms.IntegerField(label=_("Highest value"), min_value=SCALE_BOUNDS[0], max_value=SCALE_BOUNDS[1],
                                   initial=5)
    scale_min_label = forms.CharField(label=_("Meaning of the lowest value (optional)"), max_length=20,
                                      required=False, help_text=_("For example: very dissatisfied"))
    scale_max_label = forms.CharField(label=_("Meaning of the highest value (optional)"), max_length=20,
                                      required=False, help_text=_("For example: very satisfied"))
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            del self.fields["choices"]
        if kind != QuestionKind.SCALE:
            for name in ("scale_min", "scale_max", "scale_min_label", "scale_max_label"):
                del self.fields[name]
        self._style()

    def question_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if "choices" in data:
            data["choices"] = [line for line in data["choices"].splitlines() if line.strip()]
        return {"kind": self.kind, **data}

    @classmethod
    def initial_for(cls, question) -> dict:
        return {"text": question.text, "help_text": question.help_text, "choices": "\n".join(question.choices),
                "scale_min": question.scale_min, "scale_max": question.scale_max,
                "scale_min_label": question.scale_min_label, "scale_max_label": question.scale_max_label,
                "required": question.required}


class RawAnswerField(forms.Field):
    """Hands the submitted value over unchanged: the service checks every answer against its question."""

    def __init__(self, *, question, **kwargs):
        super().__init__(required=False, label=question.text, help_text=question.help_text, **kwargs)
        self.question = question

    def to_python(self, value):
        return value


def _answer_widget(question):
    if question.kind == QuestionKind.SINGLE:
        return forms.RadioSelect(choices=[(c, c) for c in question.choices], attrs={"class": "form-check-input"})
    if question.kind == QuestionKind.MULTIPLE:
        return forms.CheckboxSelectMultiple(choices=[(c, c) for c in question.choices],
                                            attrs={"class": "form-check-input"})
    if question.kind == QuestionKind.SCALE:
        return forms.RadioSelect(choices=[(str(v), str(v)) for v in question.scale_values],
                                 attrs={"class": "btn-check"})
    # No maxlength: a browser would cut a pasted text silently; the service says how long it is instead.
    return forms.Textarea(attrs={"rows": 4, "class": "form-control"})


class AnswerForm(forms.Form):
    """The questionnaire, the same for staff entry and the public page. ``unit`` asks which community the
    answers belong to (street surveys only); ``nonce`` makes a double-tapped submit count once."""

    nonce = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, questions, units=(), unit_label=None, unit_blank_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        if not self.is_bound:
            self.initial.setdefault("nonce", secrets.token_urlsafe(16))
        units = sorted(units, key=lambda u: (u.level == "street", u.code))  # "not tied to a community" last
        if len(units) > 1:
            self.fields["unit"] = forms.ChoiceField(
                label=unit_label or _("Which community do the answers come from?"),
                choices=[("", _("Choose…"))] + [(u.code, unit_blank_label if u.level == "street" and unit_blank_label
                                                 else u.name) for u in units],
                widget=forms.Select(attrs={"class": "form-select"}))
        self.units = {u.code: u for u in units}
        for question in self.questions:
            self.fields[self.field_name(question)] = RawAnswerField(question=question,
                                                                    widget=_answer_widget(question))

    @staticmethod
    def field_name(question) -> str:
        return f"q{question.pk}"

    def answer_fields(self):
        """(question, bound field) in questionnaire order, for the template."""
        return [(q, self[self.field_name(q)]) for q in self.questions]

    def raw_answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(self.field_name(q)) for q in self.questions}

    @property
    def asks_unit(self) -> bool:
        return "unit" in self.fields

    def chosen_unit(self):
        if "unit" in self.fields:
            return self.units[self.cleaned_data["unit"]]
        return next(iter(self.units.values()), None)

    def add_answer_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, errors in exc.message_dict.items():
            name = f"q{key}" if key.isdigit() and f"q{key}" in self.fields else ("unit" if key == "region" else None)
            for message in errors:
                self.add_error(name if name in self.fields else None, message)


class ToNeedForm(StyledFormMixin, forms.Form):
    community = forms.ModelChoiceField(label=_("community"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("title"), max_length=100)
    category = forms.ModelChoiceField(label=_("category"), queryset=NeedCategory.objects.none(), empty_label=None)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    description = forms.CharField(label=_("description"), max_length=3000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Where the need came from is added automatically."))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["category"].queryset = NeedCategory.objects.filter(active=True)
        self._style()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title
