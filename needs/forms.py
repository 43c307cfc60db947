"""The forms of the needs step: the need (with its personal data), the small forms of its page, the list's
filters, and a new needs list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin
from wuse.core.widgets import render_in_python
from wuse.privacy import id_number_error, normalize_id_number, normalize_phone, phone_error
from wuse.regions.models import Region

from .lists import PUBLICITY_DAYS_MAX, PUBLICITY_DAYS_MIN
from .models import (
    Channel,
    LegalBasis,
    Need,
    NeedCategory,
    NeedsList,
    Satisfaction,
    SensitiveKind,
    Urgency,
    validate_office_phone,
)
from .selectors import NeedFilters
from .services import EDITABLE_FIELDS, Proposer, Sensitive
from .services.lists import NOTICE_FIELDS


def _clean_title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise forms.ValidationError(_("Enter a title."))
    return title


class PersonalDataFields(forms.Form):
    """The proposer and sensitive-information part of the need forms (not model fields: encrypted,
    normalized and validated here, stored by the services)."""

    proposer_anonymous = forms.BooleanField(label=_("Anonymous (the resident gives no name)"), required=False)
    proposer_name = forms.CharField(label=_("proposer's name"), max_length=50, required=False)
    proposer_phone = forms.CharField(label=_("proposer's phone"), max_length=40, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    proposer_id_number = forms.CharField(label=_("proposer's ID number"), max_length=40, required=False,
                                         help_text=_("Optional. 18 characters; stored encrypted."),
                                         widget=forms.TextInput(attrs={"autocomplete": "off"}))
    sensitive_kind = forms.ChoiceField(label=_("sensitive information"), required=False,
                                       choices=[("", _("None")), *SensitiveKind.choices])
    sensitive_notes = forms.CharField(label=_("sensitive notes"), max_length=2000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    sensitive_basis = forms.ChoiceField(label=_("legal basis"), required=False,
                                        choices=[("", _("Not recorded")), *LegalBasis.choices])
    sensitive_basis_note = forms.CharField(label=_("consent form no. / legal provision"), max_length=200,
                                           required=False)

    PERSONAL = ("proposer_anonymous", "proposer_name", "proposer_phone", "proposer_id_number",
                "sensitive_kind", "sensitive_notes", "sensitive_basis", "sensitive_basis_note")

    def clean_proposer_phone(self):
        phone = normalize_phone(self.cleaned_data["proposer_phone"])
        if phone and (problem := phone_error(phone)):
            raise forms.ValidationError(problem)
        return phone

    def clean_proposer_id_number(self):
        number = normalize_id_number(self.cleaned_data["proposer_id_number"])
        if number and (problem := id_number_error(number)):
            raise forms.ValidationError(problem)
        return number

    def clean(self):
        data = super().clean()
        if data.get("proposer_anonymous") and any(data.get(f) for f in ("proposer_name", "proposer_phone",
                                                                       "proposer_id_number")):
            raise forms.ValidationError(_("An anonymous proposer has no name, phone or ID number: clear them or "
                                          "untick “anonymous”."))
        if (data.get("sensitive_kind") or data.get("sensitive_notes")) and not data.get("sensitive_basis"):
            self.add_error("sensitive_basis", _("Sensitive information can only be saved with the resident's "
                                                "separate consent or a statutory basis; record which."))
        if data.get("sensitive_notes") and not data.get("sensitive_kind"):
            self.add_error("sensitive_kind", _("Say what kind of sensitive information the notes hold."))
        return data

    def proposer(self) -> Proposer:
        d = self.cleaned_data
        return Proposer(anonymous=d["proposer_anonymous"], name=d["proposer_name"], phone=d["proposer_phone"],
                        id_number=d["proposer_id_number"])

    def sensitive(self) -> Sensitive | None:
        d = self.cleaned_data
        return Sensitive(kind=d["sensitive_kind"], notes=d["sensitive_notes"], basis=d["sensitive_basis"],
                         basis_note=d["sensitive_basis_note"])

    def need_fields(self) -> dict:
        skip = {*self.PERSONAL, "version", "clear_contact"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class NeedForm(StyledFormMixin, PersonalDataFields, forms.ModelForm):
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
    """Editing: the stored phone and ID number are never put back into the page; an empty box keeps them."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    clear_contact = forms.BooleanField(label=_("Remove the stored phone and ID number"), required=False)

    class Meta(NeedForm.Meta):
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, assignees, masked: dict[str, str], can_sensitive: bool, **kwargs):
        super(NeedForm, self).__init__(*args, **kwargs)
        self.fields["category"].queryset = NeedCategory.objects.filter(active=True)
        self.fields["category"].empty_label = None
        self.fields["assignee"].queryset = assignees
        for name, key in (("proposer_phone", "phone"), ("proposer_id_number", "id_number")):
            if masked.get(key):
                self.fields[name].help_text = _("Stored: %(masked)s. Leave empty to keep it.") % {
                    "masked": masked[key]}
        if not can_sensitive:
            for name in ("sensitive_kind", "sensitive_notes", "sensitive_basis", "sensitive_basis_note"):
                del self.fields[name]
        self._style()

    def proposer(self) -> Proposer:
        d = self.cleaned_data
        clear = d.get("clear_contact") or d.get("proposer_anonymous")
        return Proposer(anonymous=d["proposer_anonymous"], name=d["proposer_name"],
                        phone="" if clear else (d["proposer_phone"] or None),
                        id_number="" if clear else (d["proposer_id_number"] or None))

    def sensitive(self) -> Sensitive | None:
        return super().sensitive() if "sensitive_kind" in self.fields else None


class TransitionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


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
    # Starts empty: a rating must be asked for and chosen, never defaulted to the first one.
    satisfaction = forms.TypedChoiceField(label=_("Resident's satisfaction"),
                                          choices=[("", _("— choose —")), *Satisfaction.choices],
                                          coerce=int, empty_value=None)
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

    def __init__(self, *args, categories=None, **kwargs):
        from .workflow import NEED_PROCESS

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *NEED_PROCESS.choices]
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.code, c.label) for c in (NeedCategory.objects.all() if categories is None else categories)]
        self._style()
        render_in_python(self)  # drawn on every list page: widgets in Python, not one template per option

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


NOTICE_HELP = {
    "publicity_days": _("Calendar days the public notice stays open for objections, counting the day it is "
                        "published: 5 to 30, usually 7."),
    "objection_place": _("Where residents raise an objection, for example 社区党群服务中心一楼服务窗口. Left "
                         "empty, the notice names the community's residents' committee."),
    "objection_contact": _("Who receives objections, for example 王老师; shown on the public notice."),
    "objection_phone": _("An office phone shown on the public notice, for example 0571-87654321."),
}


def _notice_fields() -> dict:
    """The fields of the public notice (公示期 and where to object), as the list model declares them."""
    model = NeedsList._meta
    fields = {name: model.get_field(name).formfield(help_text=NOTICE_HELP[name]) for name in NOTICE_FIELDS}
    fields["publicity_days"] = model.get_field("publicity_days").formfield(
        help_text=NOTICE_HELP["publicity_days"], min_value=PUBLICITY_DAYS_MIN, max_value=PUBLICITY_DAYS_MAX)
    fields["publicity_days"].widget.attrs.update({"inputmode": "numeric"})
    fields["objection_phone"].validators.append(validate_office_phone)  # a model validator: not on the form field
    fields["objection_phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
    return fields


class NeedsListNoticeForm(StyledFormMixin, forms.Form):
    """A draft list's publicity period and objection contact."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_notice_fields())
        self._style()


class NeedsListForm(StyledFormMixin, forms.Form):
    community = forms.ModelChoiceField(label=_("community"), queryset=Region.objects.none())
    period_label = forms.CharField(label=_("period"), max_length=50, help_text=_("For example: 2026年第四季度"))
    period_start = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_notice_fields())
        self.fields["community"].queryset = communities
        if len(communities) == 1:
            self.fields["community"].initial = communities[0]
        self._style()
