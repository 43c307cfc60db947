"""The delivery's forms: each parses and shapes input; the services decide."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin
from wuse.registry.volunteers.selectors import volunteer_by_number

from .models import MAX_PEOPLE, ReportKind
from .services import CHECKLIST

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_AMOUNT = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}
MAX_VOLUNTEERS = 200
MAX_FILES = 9


class _MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _MultipleFiles())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_FILES:
            raise ValidationError(_("At most %(n)d files at once.") % {"n": MAX_FILES})
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class MilestoneForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("milestone"), max_length=100)
    due_on = forms.DateField(label=_("due on"), widget=_DATE)
    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ProgressForm(StyledFormMixin, forms.Form):
    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100)
    done_on = forms.DateField(label=_("done on"), widget=_DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ActivityForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("date"), widget=_DATE)
    community = forms.ModelChoiceField(label=_("community"), queryset=None, required=False,
                                       empty_label=_("— for a street's project —"))
    place = forms.CharField(label=_("place"), max_length=200)
    content = forms.CharField(label=_("content"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    headcount = forms.IntegerField(label=_("participants (head-count)"), min_value=1, max_value=MAX_PEOPLE)
    residents = forms.IntegerField(label=_("residents taking part"), min_value=0, max_value=MAX_PEOPLE, initial=0)
    names = forms.CharField(label=_("participants' names (only where needed)"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    volunteers = forms.CharField(label=_("volunteer numbers"), max_length=4000, required=False,
                                 help_text=_("The volunteers who served, by their numbers, separated by spaces or "
                                             "commas; each gets a service entry to be verified by the community."))
    starts = forms.TimeField(label=_("volunteers from"), widget=_TIME, required=False)
    ends = forms.TimeField(label=_("volunteers until"), widget=_TIME, required=False)
    photos = MultipleFileField(label=_("photos"), required=False)
    sign_in = forms.FileField(label=_("sign-in sheet"), required=False)

    def __init__(self, *args, user, communities, hours_note: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if communities is None:  # a community's project takes place in its community
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
            self.fields["community"].required = True
        # Who may not record service entries (an undertaking organization's member) is not offered the volunteer
        # fields: the note says who records the hours instead.
        self.hours_note = hours_note
        if hours_note:
            for name in ("volunteers", "starts", "ends"):
                del self.fields[name]
        self._style()

    def activity_data(self) -> dict:
        """The cleaned data with the volunteer fields' defaults when they are not offered."""
        return {"volunteers": (), "starts": None, "ends": None, **self.cleaned_data}

    def clean_volunteers(self):
        numbers = [n for n in re.split(r"[\s,，、;；]+", self.cleaned_data["volunteers"].strip()) if n]
        if len(numbers) > MAX_VOLUNTEERS:
            raise ValidationError(_("At most %(n)d volunteers at once.") % {"n": MAX_VOLUNTEERS})
        found, missing = [], []
        for number in dict.fromkeys(numbers):
            volunteer = volunteer_by_number(self.user, number[:40])
            (found if volunteer else missing).append(volunteer or number[:40])
        if missing:
            raise ValidationError(_("No volunteer that you may see has the number(s) %(numbers)s.")
                                  % {"numbers": "、".join(missing[:10])})
        return tuple(found)


class ExpenseForm(StyledFormMixin, forms.Form):
    line = forms.ModelChoiceField(label=_("budget line"), queryset=None, empty_label=_("Choose a budget line"))
    amount = forms.DecimalField(label=_("amount (yuan)"), **_AMOUNT)
    spent_on = forms.DateField(label=_("date"), widget=_DATE)
    payee = forms.CharField(label=_("payee"), max_length=100)
    note = forms.CharField(label=_("what it paid for"), max_length=200, required=False)
    voucher = forms.FileField(label=_("voucher"), required=False)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self._style()


class AdjustmentForm(StyledFormMixin, forms.Form):
    line = forms.ModelChoiceField(label=_("budget line"), queryset=None, empty_label=_("Choose a budget line"))
    amount = forms.DecimalField(label=_("extra amount (yuan)"), **_AMOUNT)
    reason = forms.CharField(label=_("why"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self._style()


class DecisionForm(forms.Form):
    reason = forms.CharField(max_length=1000, required=False)


class ReportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("report"), choices=ReportKind.choices)
    text = forms.CharField(label=_("report text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(label=_("attachment"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AcceptanceForm(StyledFormMixin, forms.Form):
    comments = forms.CharField(label=_("comments"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    accept = forms.BooleanField(label=_("accept the project now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CHECKLIST:
            self.fields[f"item_{code}"] = forms.BooleanField(label=label, required=False)
        self.order_fields([f"item_{code}" for code, _label in CHECKLIST] + ["comments", "accept"])
        self._style()

    def items(self) -> dict:
        return {code: self.cleaned_data.get(f"item_{code}", False) for code, _label in CHECKLIST}
