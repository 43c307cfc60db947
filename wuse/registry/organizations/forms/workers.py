"""The social-worker part of the social-worker form (the person part is ``people.forms.PersonFields``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import NamedErrorsMixin

from ..models import CertificateLevel
from ..selectors.workers import WorkerFilters
from ..services.workers import WorkerData, clean_certificate
from .organizations import UnitChoiceField, one_line, style

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


class WorkerForm(NamedErrorsMixin, forms.Form):
    workplace = UnitChoiceField(label=_("station or community"), queryset=None, empty_label=_("Choose a unit"),
                                help_text=_("The street's social-work station (社工站) or the community where they "
                                            "work."))
    employer = forms.ModelChoiceField(label=_("employer"), queryset=None, required=False,
                                      empty_label=_("No employer organization (employed by the community or street)"))
    is_community_worker = forms.BooleanField(label=_("full-time community worker (专职社区工作者)"), required=False)
    certificate_level = forms.ChoiceField(label=_("certificate level"), choices=CertificateLevel.choices,
                                          required=False)
    certificate_number = forms.CharField(label=_("certificate number (管理号)"), max_length=40, required=False,
                                         help_text=_("18 digits; the first four are the year it was obtained."),
                                         widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                       "autocomplete": "off"}))
    certified_year = forms.IntegerField(label=_("year certified"), required=False,
                                        help_text=_("Filled in from the certificate number when left empty."))
    active = forms.BooleanField(label=_("in post"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, workplaces=None, employers=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = workplaces
        if not editing and len(workplaces) == 1:
            self.fields["workplace"].initial = workplaces[0].pk
        self.fields["employer"].queryset = employers
        if not editing:
            self.fields.pop("active")
            self.fields.pop("version")
        style(self)

    def clean(self):
        data = super().clean()
        if not self.errors.keys() & {"certificate_level", "certificate_number", "certified_year"}:
            try:
                level, number, year = clean_certificate(data.get("certificate_level", ""),
                                                        data.get("certificate_number", ""),
                                                        data.get("certified_year"))
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field, messages)
            else:
                data.update(certificate_level=level, certificate_number=number, certified_year=year)
        return data

    def worker_data(self) -> WorkerData:
        data = self.cleaned_data
        return WorkerData(region=data["workplace"], employer=data.get("employer"),
                          is_community_worker=data.get("is_community_worker", False),
                          certificate_level=data.get("certificate_level", ""),
                          certificate_number=data.get("certificate_number", ""),
                          certified_year=data.get("certified_year"),
                          active=data.get("active", True) if "active" in self.fields else True)


class WorkerFilterForm(NamedErrorsMixin, forms.Form):
    q = forms.CharField(label=_("Name"), max_length=50, required=False)
    level = forms.ChoiceField(label=_("certificate level"), required=False,
                              choices=[("", _("All")), *[c for c in CertificateLevel.choices if c[0]]])
    certified = forms.ChoiceField(label=_("certified"), required=False, choices=YES_NO)
    community_worker = forms.ChoiceField(label=_("full-time community worker"), required=False, choices=YES_NO)
    active = forms.ChoiceField(label=_("in post"), required=False, choices=YES_NO)
    region = forms.ChoiceField(label=_("unit"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All units I can see")),
                                         *[(unit.code, f"{unit.name}（{unit.get_level_display()}）") for unit in units]]
        style(self)

    def filters(self, region=None) -> WorkerFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return WorkerFilters(level=data.get("level") or "", certified=data.get("certified") or "",
                             community_worker=data.get("community_worker") or "", active=data.get("active") or "",
                             region=region, q=one_line(data.get("q") or ""))


def person_edit_fields(person, *args, **kwargs):
    """``PersonFields`` for editing a registered person: the stored phone and ID number are never put in
    the page (they stay masked); an empty box keeps the stored value."""
    from wuse.registry.people.forms import PersonFields

    class PersonEditFields(PersonFields):
        def clean_phone(self):
            return super().clean_phone() or person.phone

        def clean_id_number(self):
            return self.cleaned_data["id_number"] or person.id_number

    form = PersonEditFields(*args, **kwargs)
    masked = person.masked
    for name in ("phone", "id_number"):
        if masked[name]:
            form.fields[name].help_text = _("Stored: %(masked)s. Leave empty to keep it.") % {"masked": masked[name]}
    return style(form)
