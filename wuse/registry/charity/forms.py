from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import NamedErrorsMixin, StyledFormMixin
from wuse.privacy import normalize_phone, phone_error
from wuse.registry.codes import credit_code_error, normalize_code

from . import receipts, targets
from .models import Donation, DonationKind, DonorKind
from .money import MAX_AMOUNT
from .selectors import DonationFilters, DonorFilters
from .services import one_line


def _amount_field(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0.01, max_value=MAX_AMOUNT, max_digits=12, decimal_places=2,
                              widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}))


def _unit_field(units) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=_("unit"), queryset=units, empty_label=_("Choose a unit"))
    if len(units) == 1:
        field.initial = units[0].pk
    return field


class DonorForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("register of"), queryset=None)
    kind = forms.ChoiceField(label=_("kind"), choices=[("", _("Choose the kind of donor")), *DonorKind.choices])
    name = forms.CharField(label=_("name"), max_length=100)
    credit_code = forms.CharField(label=_("unified social credit code"), max_length=40, required=False,
                                  help_text=_("18 characters, on the business licence or registration certificate. "
                                              "Not for individuals."))
    host_foundation = forms.ModelChoiceField(
        label=_("host foundation"), queryset=None, required=False, empty_label=_("None"),
        help_text=_("Only for a community charity fund: the foundation that holds it as a named fund."))
    contact_name = forms.CharField(label=_("contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("contact phone"), max_length=40, required=False)
    anonymous = forms.BooleanField(label=_("publish anonymously"), required=False,
                                   help_text=_("Published lists then show “Anonymous donor” instead of the name."))

    def __init__(self, *args, units=None, foundations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["region"]
        else:
            self.fields["region"] = _unit_field(units)
            self.fields["region"].label = _("register of")
            self.order_fields(["region"])
        self.fields["host_foundation"].queryset = foundations
        self._style()

    def clean_name(self):
        name = one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter the donor's name."))
        return name

    def clean_credit_code(self):
        code = normalize_code(self.cleaned_data["credit_code"])
        if code and (problem := credit_code_error(code)):
            raise forms.ValidationError(problem)
        return code

    def clean_contact_name(self):
        return one_line(self.cleaned_data["contact_name"])

    def clean_contact_phone(self):
        phone = normalize_phone(self.cleaned_data["contact_phone"])
        if phone and (problem := phone_error(phone)):
            raise forms.ValidationError(problem)
        return phone

    def clean(self):
        data = super().clean()
        kind, host = data.get("kind"), data.get("host_foundation")
        if kind == DonorKind.COMMUNITY_FUND and not host and "host_foundation" not in self.errors:
            self.add_error("host_foundation", _("A community charity fund is held by a foundation: choose its host "
                                                "foundation (register the foundation first if needed)."))
        elif kind and kind != DonorKind.COMMUNITY_FUND and host:
            self.add_error("host_foundation", _("Only a community charity fund has a host foundation."))
        if kind == DonorKind.INDIVIDUAL and data.get("credit_code"):
            self.add_error("credit_code", _("An individual has no unified social credit code; leave it empty."))
        return data

    def donor_fields(self) -> dict:
        return dict(self.cleaned_data)


class DonorEditForm(DonorForm):
    """Editing: the stored phone is never put back into the page; an empty box keeps it."""

    clear_phone = forms.BooleanField(label=_("Remove the stored phone"), required=False)

    def __init__(self, *args, masked_phone: str = "", **kwargs):
        super().__init__(*args, units=None, **kwargs)
        if masked_phone:
            self.fields["contact_phone"].help_text = _("Stored: %(masked)s. Leave empty to keep it.") % {
                "masked": masked_phone}
        else:
            del self.fields["clear_phone"]

    def donor_fields(self) -> dict:
        data = dict(self.cleaned_data)
        clear = data.pop("clear_phone", False)
        data["contact_phone"] = "" if clear else (data["contact_phone"] or None)
        return data


class DonationForm(StyledFormMixin, forms.ModelForm):
    receipt_file = forms.FileField(
        label=_("receipt scan"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": receipts.ACCEPT}),
        help_text=_("Optional: a PDF, JPEG or PNG of the receipt, at most 5 MB."))

    class Meta:
        model = Donation
        fields = ["region", "donor", "kind", "received_on", "amount", "description", "quantity", "unit", "purpose",
                  "receipt_number"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "amount": _("Money: the amount received. Goods or services: their estimated value."),
            "description": _("For goods or services: what was given (e.g. rice, 50 bags)."),
            "receipt_number": _("The number of the donation receipt (公益事业捐赠票据) or acknowledgement."),
        }

    def __init__(self, *args, units, donors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = _unit_field(units)
        self.fields["region"].label = _("receiving unit")
        self.fields["donor"].queryset = donors
        self.fields["donor"].empty_label = _("Choose a donor")
        self.fields["donor"].label_from_instance = lambda donor: f"{donor.staff_name} · {donor.get_kind_display()}"
        self.fields["amount"] = _amount_field(_("value (yuan)"))
        self.fields["amount"].help_text = self._meta.help_texts["amount"]
        self.fields["received_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["quantity"].widget.attrs.update(min=1, inputmode="numeric")
        self.order_fields(["region", "donor"])
        self._style()

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received and received > timezone.localdate():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        return received

    def clean_receipt_file(self):
        upload = self.cleaned_data.get("receipt_file")
        if upload and (problem := receipts.receipt_error(upload)):
            raise forms.ValidationError(problem)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") in (DonationKind.GOODS, DonationKind.SERVICE) and not one_line(data.get("description")):
            self.add_error("description", _("Describe the goods or services donated (what, how many)."))
        return data

    def _post_clean(self):
        """The service validates the model (receipt number per unit, …); the form only parses."""

    def donation_fields(self) -> dict:
        data = dict(self.cleaned_data)
        return {"receipt": data.pop("receipt_file") or None, **data}


class AllocationForm(StyledFormMixin, forms.Form):
    target_type = forms.ChoiceField(label=_("allocate to"))
    target_id = forms.IntegerField(label=_("its number"), min_value=1, max_value=2**63 - 1,
                                   help_text=_("The number of the need (or other target): the digits at the end "
                                               "of its page's address."))
    amount = _amount_field(_("amount to commit (yuan)"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = targets.target_choices()
        self._style()


class UseForm(StyledFormMixin, forms.Form):
    amount = _amount_field(_("amount used (yuan)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DonorFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("All kinds")), *DonorKind.choices])
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def filters(self) -> DonorFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return DonorFilters(kind=data.get("kind") or "", q=one_line(data.get("q")))


class DonationFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("All kinds")), *DonationKind.choices])
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    donor = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def filters(self) -> DonationFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return DonationFilters(kind=data.get("kind") or "", year=data.get("year"), donor=data.get("donor"))


class YearForm(NamedErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))

    def chosen_year(self) -> int:
        return (self.cleaned_data.get("year") if self.is_valid() else None) or timezone.localdate().year
