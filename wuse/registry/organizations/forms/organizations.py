"""Organization forms: codes and phone normalized and validated here; duplicates are the services' answer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import NamedErrorsMixin
from wuse.privacy import normalize_phone, phone_error
from wuse.privacy.text import one_line
from wuse.registry.codes import normalize_code

from ..models import DocumentKind, MemberRole, Organization, OrgKind, OrgStatus, Rating, ServiceField
from ..selectors.organizations import OrganizationFilters
from ..services.organizations import FIRST_RATING_YEAR, PROFILE_FIELDS, REGISTRATION_FIELDS, clean_identification


def style(form: forms.Form) -> forms.Form:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    return form


def text(value: str) -> str:
    """Multi-line text as typed, without NUL characters or trailing blanks."""
    return "\n".join(line.rstrip() for line in (value or "").replace("\x00", "").replace("\r\n", "\n")
                     .split("\n")).strip()


def _unit_label(unit) -> str:
    return f"{unit.name}（{unit.get_level_display()}）"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class InlineChecks(forms.CheckboxSelectMultiple):
    """Checkboxes side by side, styled as Bootstrap inline checks."""

    template_name = "organizations/widgets/checks.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "form-check-input", **(attrs or {})}, choices)


class FieldsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class OrganizationForm(NamedErrorsMixin, forms.Form):
    """Registration and profile. A registrar gets every field; an organization's admin member gets the
    profile only (``registrar=False``)."""

    name = forms.CharField(label=_("name"), max_length=100)
    kind = forms.ChoiceField(label=_("type"), choices=[("", _("Choose the type")), *OrgKind.choices])
    region = UnitChoiceField(label=_("registering unit"), queryset=None, empty_label=_("Choose a unit"),
                             help_text=_("The district or city bureau that registered it, or the street a community "
                                         "social organization is filed with."))
    credit_code = forms.CharField(label=_("unified social credit code"), max_length=40, required=False,
                                  help_text=_("18 characters, as on the registration certificate. A community social "
                                              "organization filed with a street may give its filing number instead."))
    filing_number = forms.CharField(label=_("filing number (备案号)"), max_length=40, required=False)
    authority = forms.CharField(label=_("registration authority"), max_length=100, required=False,
                                help_text=_("e.g. 西湖区民政局, or the street office for a filed organization."))
    service_areas = UnitsChoiceField(label=_("service areas"), queryset=None,
                                     widget=forms.SelectMultiple(attrs={"size": 8}),
                                     help_text=_("The units it serves (several may be chosen). An organization "
                                                 "serving a street serves all of its communities."))
    fields = FieldsChoiceField(label=_("fields of service"), queryset=ServiceField.objects.none(), required=False,
                               widget=InlineChecks)
    established_on = forms.DateField(label=_("established"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    legal_representative = forms.CharField(label=_("legal representative"), max_length=50, required=False)
    contact_name = forms.CharField(label=_("contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("contact phone"), max_length=40, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    remove_phone = forms.BooleanField(label=_("Remove the stored contact phone"), required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    introduction = forms.CharField(label=_("introduction"), max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    rating = forms.ChoiceField(label=_("rating"), choices=Rating.choices, required=False)
    rating_year = forms.IntegerField(label=_("rating year"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, registrar: bool = True, units=None, areas=None, organization: Organization | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.registrar, self.organization = registrar, organization
        self.fields["fields"].queryset = ServiceField.objects.order_by("order", "code")
        if registrar:
            self.fields["region"].queryset = units
            if organization is None and len(units) == 1:
                self.fields["region"].initial = units[0].pk
            self.fields["service_areas"].queryset = areas
        else:
            for name in (*REGISTRATION_FIELDS, "service_areas"):
                self.fields.pop(name, None)
            self.order_fields([*PROFILE_FIELDS[:3], "contact_phone", "remove_phone", *PROFILE_FIELDS[3:], "fields"])
        if organization is None:
            self.fields.pop("remove_phone")
            self.fields.pop("version")
        elif organization.contact_phone:
            self.fields["contact_phone"].help_text = _("Stored: %(masked)s. Leave empty to keep it.") % {
                "masked": organization.contact_phone_masked}
        else:
            self.fields.pop("remove_phone")
        style(self)

    def clean_name(self):
        name = one_line(self.cleaned_data["name"])
        if not name:
            raise ValidationError(_("Enter the name."))
        return name

    def clean_credit_code(self):
        return normalize_code(self.cleaned_data["credit_code"])

    def clean_filing_number(self):
        return one_line(self.cleaned_data["filing_number"])

    def clean_contact_phone(self):
        phone = normalize_phone(self.cleaned_data["contact_phone"])
        if phone and (problem := phone_error(phone)):
            raise ValidationError(problem)
        return phone

    def clean_introduction(self):
        return text(self.cleaned_data["introduction"])

    def clean_rating_year(self):
        year = self.cleaned_data["rating_year"]
        if year is not None and not FIRST_RATING_YEAR <= year <= timezone.localdate().year:
            raise ValidationError(_("Enter a year from %(first)d to this year.") % {"first": FIRST_RATING_YEAR})
        return year

    def clean(self):
        data = super().clean()
        for name in ("authority", "legal_representative", "contact_name", "address"):
            if name in data:
                data[name] = one_line(data[name])
        if self.registrar and not self.errors.keys() & {"kind", "region", "credit_code", "filing_number"}:
            try:
                data.update(clean_identification(kind=data.get("kind"), region=data.get("region"),
                                                 credit_code=data.get("credit_code", ""),
                                                 filing_number=data.get("filing_number", "")))
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field, messages)
        if self.registrar and data.get("rating") and not data.get("rating_year") and "rating_year" not in self.errors:
            self.add_error("rating_year", _("Enter the year of the rating."))
        if self.registrar and data.get("rating_year") and not data.get("rating"):
            self.add_error("rating", _("Choose the rating of that year."))
        return data

    def service_kwargs(self) -> dict:
        """The service's keyword arguments: the fields this form has."""
        data = self.cleaned_data
        values = {name: data[name] for name in (*REGISTRATION_FIELDS, *PROFILE_FIELDS) if name in self.fields}
        if "rating" in values and not values["rating"]:
            values["rating_year"] = None
        kwargs = {**values, "fields": list(data["fields"])}
        if "service_areas" in self.fields:
            kwargs["service_areas"] = list(data["service_areas"])
        if self.organization is None:
            kwargs["contact_phone"] = data["contact_phone"]
        elif data.get("remove_phone"):
            kwargs["contact_phone"] = ""
        else:
            kwargs["contact_phone"] = data["contact_phone"] or None
        return kwargs


class StatusForm(NamedErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=OrgStatus.choices)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current:
            self.fields["status"].choices = [c for c in OrgStatus.choices if c[0] != current]
        style(self)


class MemberForm(NamedErrorsMixin, forms.Form):
    username = forms.CharField(label=_("username"), max_length=150,
                               help_text=_("The account's username, exactly as the person signs in."))
    role = forms.ChoiceField(label=_("role"), choices=MemberRole.choices, initial=MemberRole.STAFF)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class DocumentForm(NamedErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("title"), max_length=100)
    file = forms.FileField(label=_("file"), help_text=_("PDF, JPEG or PNG, at most 10 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}))
    valid_until = forms.DateField(label=_("valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class OrganizationFilterForm(NamedErrorsMixin, forms.Form):
    q = forms.CharField(label=_("Name or code"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("type"), required=False, choices=[("", _("All types")), *OrgKind.choices])
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("All")), *OrgStatus.choices])
    rating = forms.ChoiceField(label=_("rating"), required=False,
                               choices=[("", _("All")), *[c for c in Rating.choices if c[0]]])
    field = forms.ModelChoiceField(label=_("field of service"), required=False, queryset=ServiceField.objects.none(),
                                   empty_label=_("All fields"), to_field_name="code")
    region = forms.ChoiceField(label=_("unit"), required=False)
    relation = forms.ChoiceField(label=_("relation to the unit"), required=False, choices=[
        ("", _("Registered there or serving it")), ("registered", _("Registered there")),
        ("serving", _("Serving it"))])

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = ServiceField.objects.order_by("order", "code")
        self.fields["field"].label_from_instance = lambda obj: obj.label
        self.fields["region"].choices = [("", _("All units I can see")),
                                         *[(unit.code, _unit_label(unit)) for unit in units]]
        style(self)

    def filters(self, region=None) -> OrganizationFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return OrganizationFilters(kind=data.get("kind") or "", status=data.get("status") or "",
                                   rating=data.get("rating") or "", field=data.get("field"), region=region,
                                   relation=data.get("relation") or "", q=one_line(data.get("q") or ""))
