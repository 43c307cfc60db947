"""The person part of the volunteer and social-worker forms: normalized and validated here."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import NamedErrorsMixin
from wuse.privacy import id_number_error, normalize_id_number, normalize_phone, phone_error

from .models import Gender, IdType
from .services import PersonData

EARLIEST_BIRTH_YEAR = 1900


class PersonFields(NamedErrorsMixin, forms.Form):
    """Name, home community (a choice the view limits to the user's communities), contact data."""

    name = forms.CharField(label=_("full name"), max_length=50)
    region = forms.ModelChoiceField(label=_("home community"), queryset=None, empty_label=None)
    gender = forms.ChoiceField(label=_("gender"), required=False, choices=[("", _("Not given")), *Gender.choices])
    birth_year = forms.IntegerField(label=_("year of birth"), required=False)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False,
                                help_text=_("Stored encrypted; shown masked."),
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label=_("phone"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))

    PERSON_FIELDS = ("name", "region", "gender", "birth_year", "id_type", "id_number", "phone")

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the name."))
        return name

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is not None and not EARLIEST_BIRTH_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Enter a year from %(first)d to this year.") % {"first": EARLIEST_BIRTH_YEAR})
        return year

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        if phone and (problem := phone_error(phone)):
            raise forms.ValidationError(problem)
        return phone

    def clean(self):
        cleaned = super().clean()
        number = self.cleaned_data.get("id_number", "")
        if cleaned.get("id_type") == IdType.RESIDENT:
            number = normalize_id_number(number)
            if number and (problem := id_number_error(number)):
                self.add_error("id_number", problem)
        else:
            number = " ".join(number.split()).upper()
        cleaned["id_number"] = number
        if not number and not cleaned.get("phone"):
            self.add_error("phone", _("Give a phone number or an ID number, so the person can be found again."))
        return cleaned

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(name=data["name"], region=data["region"], phone=data["phone"], id_type=data["id_type"],
                          id_number=data["id_number"], gender=data.get("gender", ""),
                          birth_year=data.get("birth_year"))
