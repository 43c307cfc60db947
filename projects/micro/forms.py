"""The micro-project forms: each parses and shapes input; the services decide (caps, negative list, one vote)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin

from .models import NegativeRule, ProjectType
from .services.setup import MAX_CAP, MAX_YEAR, MIN_YEAR
from .workflow import ROUND_PROCESS

_AMOUNT = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": MAX_CAP}
_MAX_ID = 2**31 - 1


class RoundFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Title contains"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("All")), *ROUND_PROCESS.choices])
    year = forms.IntegerField(label=_("year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "status": "", "year": None}
        d = self.cleaned_data
        return {"q": d["q"].strip(), "status": d["status"], "year": d["year"]}


class RoundForm(StyledFormMixin, forms.Form):
    region = forms.ChoiceField(label=_("community"))
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    title = forms.CharField(label=_("title"), max_length=120)
    budget = forms.DecimalField(label=_("budget (yuan)"), required=False, **_AMOUNT,
                                help_text=_("Optional: confirmed projects never exceed it."))
    vote_closes = forms.DateTimeField(label=_("voting closes (planned)"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = {c.code: c for c in communities}
        self.fields["region"].choices = [(c.code, c.name) for c in communities]
        self._style()

    def clean_region(self):
        return self.communities[self.cleaned_data["region"]]


class MeetingForm(StyledFormMixin, forms.Form):
    meeting = forms.ChoiceField(label=_("livelihood council meeting"))

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings}
        self.fields["meeting"].choices = [(str(m.pk), f"{m.held_on:%Y-%m-%d} · {m.place}") for m in meetings]
        self._style()

    def clean_meeting(self):
        return self.meetings[self.cleaned_data["meeting"]]


class CapsForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    service = forms.DecimalField(label=_("service cap (yuan)"), **_AMOUNT)
    goods = forms.DecimalField(label=_("goods cap (yuan)"), **_AMOUNT)
    works = forms.DecimalField(label=_("works cap (yuan)"), **_AMOUNT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RuleForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=NegativeRule.Category.choices)
    keywords = forms.CharField(label=_("keywords"), max_length=300, help_text=_("Separated by commas."))
    explanation = forms.CharField(label=_("explanation"), max_length=300,
                                  help_text=_("Shown to the resident whose proposal it refuses."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ProposalForm(StyledFormMixin, forms.Form):
    """The public proposal form (a phone, no account): no name, no phone number."""

    kind = forms.ChoiceField(label=_("type"), choices=ProjectType.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("What should be done?"), max_length=80)
    description = forms.CharField(label=_("Why, and for whom?"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(label=_("Where?"), max_length=120)
    estimated_cost = forms.DecimalField(label=_("estimated cost (yuan)"), **_AMOUNT)
    declared = forms.BooleanField(label=_("It is not the property manager's duty and does not duplicate a "
                                          "government investment project."))
    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PhoneForm(StyledFormMixin, forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=_MAX_ID)
    phone = forms.CharField(label=_("mobile number"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CodeForm(PhoneForm):
    code = forms.CharField(label=_("verification code"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))
