"""Forms of the ledger pages. Values are checked here for the user; the services check them again."""

import datetime as dt
import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin
from wuse.core.numbers import quantity
from wuse.privacy.text import one_line as _one_line

from .models import AMOUNT, CatalogueItem, ItemKind, RedemptionStatus, Scheme, SchemeKind
from .services import MAX_AMOUNT, MAX_QUANTITY
from .services.setup import MAX_STOCK, RULE_FIELDS, scheme_rule_errors

CONTACT_HELP = _("The full phone number or ID number, exactly as registered (shown masked afterwards).")
FIRST_YEAR = 2000
FAMILY_ONLY = _("The scheme allows transfers to family members only: state the relation.")


def amount_field(label, *, required=True, help_text="", minimum=Decimal("0.01")):
    return forms.DecimalField(label=label, required=required, help_text=help_text, min_value=minimum,
                              max_value=MAX_AMOUNT, **AMOUNT,
                              widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}))


def contact_field(label):
    return forms.CharField(label=label, max_length=40, help_text=CONTACT_HELP,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))


class StyledForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


# ---- schemes -------------------------------------------------------------------------------


class SchemeForm(StyledFormMixin, forms.ModelForm):
    """A new scheme: its unit and kind, and its rules (the same rules as the edit form)."""

    class Meta:
        model = Scheme
        fields = ["region", "kind", *RULE_FIELDS]
        widgets = {name: forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"})
                   for name in ("per_hour", "signup_grant", "activity_cap", "account_cap", "redemption_threshold",
                                "overdraft")}
        help_texts = {
            "per_hour": _("Hours or points credited for one verified hour of service (1 = one for one)."),
            "signup_grant": _("Credited once when an account is opened; 0 for none."),
            "activity_cap": _("The most one activity can credit; empty for no cap."),
            "account_cap": _("The most an account may hold (e.g. 1,500 hours); what a credit would add beyond "
                             "it goes to the scheme's pool. Empty for no cap."),
            "redemption_threshold": _("What a holder must have earned before redeeming for the first time."),
            "expiry_months": _("Unused credits expire this many months after they were credited (1–120); empty "
                               "for no expiry."),
            "overdraft": _("How far a balance may go below zero; 0 for never."),
        }

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].queryset = regions
            self.fields["region"].empty_label = _("Choose a district or community")
            self.fields["region"].label = _("Run by")
            if regions is not None and len(regions) == 1:
                self.fields["region"].initial = regions[0]
        self.fields["name"].error_messages["required"] = _("Enter the scheme's name.")
        if "kind" in self.fields:
            self.fields["kind"].choices = [("", _("Choose the kind of scheme")), *SchemeKind.choices]
        self._style()

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter the scheme's name."))
        return name

    def clean(self):
        data = super().clean()
        for field, message in scheme_rule_errors(data).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data

    def _post_clean(self):
        """Rules are checked by ``clean`` and the service; the model's own checks would repeat them."""

    def rules(self) -> dict:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}


class SchemeEditForm(SchemeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(SchemeForm.Meta):
        fields = [*RULE_FIELDS, "active"]
        help_texts = {**SchemeForm.Meta.help_texts,
                      "active": _("A closed scheme opens no new accounts; its balances and statements stay.")}


# ---- accounts ------------------------------------------------------------------------------


class ContactSearchForm(StyledForm):
    q = forms.CharField(label=_("Phone or ID number"), max_length=40, required=False,
                        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}))

    def contact(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


class OpenAccountForm(StyledForm):
    holder = contact_field(_("The person's phone or ID number"))


class SpendForm(StyledForm):
    amount = amount_field(_("amount"))
    memo = forms.CharField(label=_("Help received"), max_length=200, required=False,
                           help_text=_("e.g. “accompanied to hospital, 2 h”."))
    # A fresh token per form shown: the same form sent twice (a double click, a retry) debits once.
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["token"].initial = uuid.uuid4().hex

    def clean_memo(self):
        return _one_line(self.cleaned_data["memo"])

    def ref(self) -> str:
        token = self.cleaned_data.get("token")
        return f"counter:{token}" if token else ""


class TransferForm(StyledForm):
    target = contact_field(_("Receiving person's phone or ID number"))
    amount = amount_field(_("amount"))
    relation = forms.CharField(label=_("Relation to the holder"), max_length=50, required=False,
                               help_text=_("e.g. mother, son; required when the scheme allows transfers to "
                                           "family only."))
    memo = forms.CharField(label=_("Note"), max_length=150, required=False)

    def __init__(self, *args, family_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.family_only = family_only
        self.fields["relation"].required = family_only
        self.fields["relation"].error_messages["required"] = FAMILY_ONLY

    def clean_relation(self):
        relation = _one_line(self.cleaned_data["relation"])
        if self.family_only and not relation:
            raise forms.ValidationError(FAMILY_ONLY)
        return relation

    def clean_memo(self):
        return _one_line(self.cleaned_data["memo"])


POOL = "pool"


class DonateForm(StyledForm):
    target = forms.ChoiceField(label=_("Donate to"))
    amount = amount_field(_("amount"))
    memo = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(POOL, _("The scheme's pool (for residents in need)")),
                                         *[(str(a.pk), str(a.organization)) for a in targets]]

    def clean_memo(self):
        return _one_line(self.cleaned_data["memo"])


class AdjustmentRequestForm(StyledForm):
    amount = forms.DecimalField(label=_("Correction"), **AMOUNT, min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT,
                                help_text=_("Positive to add, negative (e.g. -2) to take away. Another person "
                                            "approves it before it is written."),
                                widget=forms.NumberInput(attrs={"step": "0.01"}))
    reason = forms.CharField(label=_("reason"), max_length=200,
                             error_messages={"required": _("Give the reason for the adjustment.")})

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError(_("The correction cannot be zero."))
        return amount

    def clean_reason(self):
        reason = _one_line(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Give the reason for the adjustment."))
        return reason


class DecisionForm(StyledForm):
    note = forms.CharField(label=_("decision note"), max_length=200, required=False)

    def __init__(self, *args, note_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.note_required = note_required

    def clean_note(self):
        note = _one_line(self.cleaned_data["note"])
        if self.note_required and not note:
            raise forms.ValidationError(_("Give the reason for rejecting the adjustment."))
        return note


class StatementYearForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Choose this year or an earlier one."))
        return year


def current_year() -> int:
    return timezone.localdate().year


# ---- the shop ------------------------------------------------------------------------------


class ItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CatalogueItem
        fields = ["region", "scheme", "name", "kind", "description", "price", "stock", "active"]
        widgets = {"price": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
                   "stock": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
                   "description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"price": _("In the scheme's unit (hours or points), per piece."),
                      "active": _("Only items on offer can be redeemed.")}

    def __init__(self, *args, regions=None, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].queryset = regions
            self.fields["region"].empty_label = None
        if "scheme" in self.fields:
            self.fields["scheme"].queryset = Scheme.objects.filter(pk__in=[s.pk for s in schemes]) \
                .select_related("region")
            self.fields["scheme"].empty_label = None
            self.fields["scheme"].label_from_instance = lambda s: f"{s.name}（{s.region.name} · {s.unit_label}）"
        self.fields["kind"].choices = ItemKind.choices
        self.fields["name"].error_messages["required"] = _("Enter the item's name.")
        self._style()

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter the item's name."))
        return name

    def clean_description(self):
        return _one_line(self.cleaned_data["description"])

    def clean_price(self):
        price = self.cleaned_data["price"]
        if price is not None and not Decimal("0") < price <= MAX_AMOUNT:
            raise forms.ValidationError(_("The price must be greater than 0 and at most %(max)s.") % {
                "max": quantity(MAX_AMOUNT)})
        return price

    def clean_stock(self):
        stock = self.cleaned_data["stock"]
        if stock is not None and not 0 <= stock <= MAX_STOCK:
            raise forms.ValidationError(_("The stock must be a whole number from 0 to %(max)d.") % {"max": MAX_STOCK})
        return stock

    def clean(self):
        data = super().clean()
        region, scheme = data.get("region"), data.get("scheme")
        if region is not None and scheme is not None and not scheme.region.contains(region.code):
            self.add_error("scheme", _("The scheme “%(name)s” does not apply in %(unit)s.") % {
                "name": scheme.name, "unit": region.name})
        return data

    def _post_clean(self):
        """Checked by ``clean`` and the service (the model's checks would only repeat them)."""

    def item_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "kind", "description", "price", "stock", "active")}


class ItemEditForm(ItemForm):
    stock_was = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(ItemForm.Meta):
        fields = ["name", "kind", "description", "price", "stock", "active"]


class QuantityField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(label=_("quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1,
                         widget=forms.NumberInput(attrs={"min": 1, "max": MAX_QUANTITY, "inputmode": "numeric",
                                                         "class": "form-control wuse-maxw-6rem"}),
                         **kwargs)


class CounterRedeemForm(StyledForm):
    holder = contact_field(_("Resident's phone or ID number"))
    quantity = QuantityField()


class SelfRedeemForm(StyledForm):
    quantity = QuantityField()


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("reason"), max_length=200,
                             error_messages={"required": _("Give the reason for cancelling.")})

    def clean_reason(self):
        reason = _one_line(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Give the reason for cancelling."))
        return reason


ORDER_STATUSES = [("", _("All")), *RedemptionStatus.choices]


def years_back(count: int = 6) -> list[int]:
    today = timezone.localdate()
    return [today.year - n for n in range(count) if dt.date(today.year - n, 1, 1) >= dt.date(FIRST_YEAR, 1, 1)]
