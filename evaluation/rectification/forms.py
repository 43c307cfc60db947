"""The rectification pages' forms: the list's filters, setting one up from an evaluation's findings, the owner's
submission. The forms check the shape of the input (lengths, a date); the rules (the deadline not in the past, the
owner taking part in the project, evidence given) are the services', whose refusals come back on the fields."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin

from .models import MAX_ACTION, MAX_DONE, MAX_FINDING, MAX_NOTE
from .workflow import LIVE, RECTIFICATION_PROCESS, TO_DO

DUE = "due"  # the list's pseudo-state: waiting for the owner (open or returned)


class RectificationFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[
        ("", "—"), (DUE, _("Waiting for the owner")), *RECTIFICATION_PROCESS.choices])
    overdue = forms.BooleanField(label=_("overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def filters(self) -> Q:
        """The valid filters as one condition (an invalid choice is ignored, the form shows why)."""
        if not self.is_bound:
            return Q()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        condition = Q()
        status = data.get("status")
        if status == DUE:
            condition &= Q(status__in=TO_DO)
        elif status:
            condition &= Q(status=status)
        if data.get("overdue"):
            condition &= Q(status__in=LIVE, deadline__lt=timezone.localdate())
        return condition


class RectificationForm(StyledFormMixin, forms.Form):
    finding = forms.CharField(label=_("finding"), max_length=MAX_FINDING, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("The point of the evaluation's findings this rectification answers: "
                                          "write it or paste it from the findings above."))
    action = forms.CharField(label=_("action required"), max_length=MAX_ACTION,
                             widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("deadline"), widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": _("Enter the deadline as a date, e.g. 2026-09-30.")})
    owner_organization = forms.ModelChoiceField(label=_("owner organization"), queryset=None, required=False,
                                                empty_label=_("the undertaking organization"))
    owner_user = forms.ModelChoiceField(label=_("person responsible"), queryset=None, required=False,
                                        empty_label="—")

    def __init__(self, *args, organizations=None, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organization"].queryset = organizations
        self.fields["owner_organization"].error_messages["invalid_choice"] = _(
            "Choose the undertaking organization or another organization taking part in the project.")
        self.fields["owner_user"].queryset = users
        self.fields["owner_user"].label_from_instance = str
        self.fields["owner_user"].error_messages["invalid_choice"] = _(
            "Choose a member of an organization taking part in the project.")
        self._style()


class SubmitForm(StyledFormMixin, forms.Form):
    """What was done; the files come with the form (``files``, several) and are checked by the service."""

    done = forms.CharField(label=_("what was done"), max_length=MAX_DONE, widget=forms.Textarea(attrs={"rows": 4}))
    evidence_note = forms.CharField(label=_("note on the evidence"), max_length=MAX_NOTE, required=False,
                                    help_text=_("Where the street can see what was done, when there is no file."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class TransitionForm(forms.Form):
    reason = forms.CharField(max_length=1000, required=False)
