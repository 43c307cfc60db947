from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, Need, NeedCategory, Satisfaction, Urgency
from .selectors import NeedFilters
from .services import EDITABLE_FIELDS


class StyledFormMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _clean_title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise forms.ValidationError(_("Enter a title."))
    return title


class NeedForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Need
        fields = ["community", *EDITABLE_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "response_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "headcount": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }
        help_texts = {"response_deadline": _("Leave empty to use the category's usual time to answer.")}

    def __init__(self, *args, communities, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].empty_label = _("Choose a community")
        if len(communities) == 1:
            self.fields["community"].initial = communities[0]
        self.fields["category"].queryset = NeedCategory.objects.filter(active=True)
        self.fields["category"].empty_label = None
        self.fields["assignee"].queryset = assignees
        self.fields["response_deadline"].required = False
        self._style()

    def clean_title(self):
        return _clean_title(self.cleaned_data["title"])


class NeedEditForm(NeedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(NeedForm.Meta):
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, assignees, **kwargs):
        super(NeedForm, self).__init__(*args, **kwargs)
        self.fields["category"].queryset = NeedCategory.objects.filter(active=True)
        self.fields["category"].empty_label = None
        self.fields["assignee"].queryset = assignees
        self._style()


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class SupportForm(StyledFormMixin, forms.Form):
    residents = forms.IntegerField(label=_("Residents"), min_value=1, max_value=10_000, initial=1)
    names = forms.CharField(label=_("Names (optional)"), max_length=500, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class MergeForm(forms.Form):
    into = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    reason = forms.CharField(max_length=1000, required=False)


class FollowUpForm(StyledFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(label=_("Resident's satisfaction"), choices=Satisfaction.choices,
                                          coerce=int)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class NeedFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices])
    assignee = forms.ChoiceField(label=_("Assignee"), required=False,
                                 choices=[("", _("Anyone")), ("me", _("Assigned to me")), ("none", _("Unassigned"))])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label=_("Sort"), required=False,
                             choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))])

    def __init__(self, *args, **kwargs):
        from .workflow import NEED_PROCESS

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *NEED_PROCESS.choices]
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.code, c.label) for c in NeedCategory.objects.all()]
        self._style()

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].replace("\x00", "").split())

    def filters(self, region=None) -> NeedFilters:
        data = self.cleaned_data if self.is_valid() else {}
        keys = ("q", "status", "category", "channel", "urgency", "overdue", "assignee", "date_from", "date_to")
        return NeedFilters(region=region, **{k: data.get(k) or NeedFilters.__dataclass_fields__[k].default
                                             for k in keys})

    @property
    def newest_first(self) -> bool:
        return (self.cleaned_data.get("sort") if self.is_valid() else "") != "oldest"
