from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import NamedErrorsMixin
from wuse.registry.people.forms import PersonFields

from .local_time import local_span
from .models import Availability, EntryStatus, RecordNote, Skill, Volunteer, VolunteerTeam
from .selectors import EntryFilters, VolunteerFilters
from .services.entries import ServiceData


def style(form: forms.Form) -> None:
    """Bootstrap classes on every widget (check boxes and radio lists keep their own)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _date(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def _time():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# ---- volunteers ----------------------------------------------------------------------------


class VolunteerForm(PersonFields):
    """Register a volunteer: the person (shared with the other registries), skills and availability."""

    skills = forms.ModelMultipleChoiceField(label=_("skills"), queryset=Skill.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    availability = forms.ChoiceField(label=_("availability"), choices=Availability.choices,
                                     initial=Availability.WEEKEND)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = self.fields["region"].queryset
        if regions is not None and len(regions) == 1:
            self.fields["region"].initial = regions[0]
        style(self)


class VolunteerEditForm(NamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Volunteer
        fields = ["skills", "availability", "active"]
        widgets = {"skills": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


ACTIVE_CHOICES = [("1", _("Active")), ("0", _("Inactive")), ("", _("All"))]


class VolunteerFilterForm(NamedErrorsMixin, forms.Form):
    q = forms.CharField(label=_("Name or volunteer no."), required=False, max_length=50)
    skill = forms.ModelChoiceField(label=_("skill"), queryset=Skill.objects.all(), required=False,
                                   empty_label=_("Any skill"))
    availability = forms.ChoiceField(label=_("availability"), required=False,
                                     choices=[("", _("Any availability")), *Availability.choices])
    team = forms.ModelChoiceField(label=_("team"), queryset=VolunteerTeam.objects.none(), required=False,
                                  empty_label=_("Any team"))
    active = forms.ChoiceField(label=_("active"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
        style(self)

    def filters(self) -> VolunteerFilters:
        if not self.is_bound or not self.is_valid():
            return VolunteerFilters()
        data = self.cleaned_data
        skill = data.get("skill")
        return VolunteerFilters(skill=skill.pk if skill else "", availability=data.get("availability", ""),
                                team=data.get("team"), active=data.get("active", "1"),
                                q=" ".join((data.get("q") or "").split()))


class RecordNoteForm(NamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = RecordNote
        fields = ["kind", "date", "title", "issuer"]
        widgets = {"date": _date()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


# ---- teams ---------------------------------------------------------------------------------


class TeamForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("team name"), max_length=100)
    region = forms.ModelChoiceField(label=_("hosting unit"), queryset=None, empty_label=None)
    description = forms.CharField(label=_("description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = units
        style(self)


class TeamMemberForm(NamedErrorsMixin, forms.Form):
    number = forms.CharField(label=_("volunteer no."), max_length=30,
                             widget=forms.TextInput(attrs={"list": "member-candidates", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class TeamLeaderForm(NamedErrorsMixin, forms.Form):
    leader = forms.ModelChoiceField(label=_("team leader"), queryset=Volunteer.objects.none(), required=False,
                                    empty_label=_("No leader"))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["leader"].queryset = members
            self.fields["leader"].label_from_instance = lambda v: f"{v.number} {v.person.name}"
        style(self)


# ---- service entries -----------------------------------------------------------------------


class _ServiceFields(NamedErrorsMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=_date())
    start = forms.TimeField(label=_("start time"), widget=_time())
    end = forms.TimeField(label=_("end time"), widget=_time())
    content = forms.CharField(label=_("service content"), max_length=200)
    organizer = forms.CharField(label=_("organizer"), max_length=100)
    region = forms.ModelChoiceField(label=_("community where it took place"), queryset=None, empty_label=None)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = communities
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def service_data(self, team=None) -> ServiceData:
        data = self.cleaned_data
        started_at, ended_at = local_span(data["date"], data["start"], data["end"])
        return ServiceData(region=data["region"], started_at=started_at, ended_at=ended_at,
                           content=data["content"], organizer=data["organizer"], team=team)


class ServiceEntryForm(_ServiceFields):
    """One service of one volunteer (the team is optional)."""

    number = forms.CharField(label=_("volunteer no."), max_length=30,
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))
    team = forms.ModelChoiceField(label=_("team"), queryset=VolunteerTeam.objects.none(), required=False,
                                  empty_label=_("No team"))
    field_order = ["number", "date", "start", "end", "content", "organizer", "region", "team"]

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
        self.order_fields(self.field_order)
        style(self)


class TeamActivityForm(_ServiceFields):
    """A team activity: the members who took part are ticked; one entry each."""

    members = forms.ModelMultipleChoiceField(label=_("members who took part"), queryset=Volunteer.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["members"].queryset = members
            self.fields["members"].label_from_instance = lambda v: f"{v.number} {v.person.name}"
        style(self)


class EntryFilterForm(NamedErrorsMixin, forms.Form):
    q = forms.CharField(label=_("Name or volunteer no."), required=False, max_length=50)
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("Any status")),
                                                                           *EntryStatus.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=_date())
    date_to = forms.DateField(label=_("To"), required=False, widget=_date())
    team = forms.ModelChoiceField(label=_("team"), queryset=VolunteerTeam.objects.none(), required=False,
                                  empty_label=_("Any team"))

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
        style(self)

    def filters(self) -> EntryFilters:
        if not self.is_bound or not self.is_valid():
            return EntryFilters()
        data = self.cleaned_data
        return EntryFilters(status=data["status"], date_from=data["date_from"], date_to=data["date_to"],
                            team=data["team"], q=" ".join(data["q"].split()))


class RejectForm(NamedErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("reason for rejection"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


# ---- certificates --------------------------------------------------------------------------


class CertificateForm(NamedErrorsMixin, forms.Form):
    period_start = forms.DateField(label=_("service from"), widget=_date())
    period_end = forms.DateField(label=_("service to"), widget=_date())
    person_in_charge = forms.CharField(label=_("person in charge"), max_length=50)
    contact = forms.CharField(label=_("contact"), max_length=50,
                              help_text=_("The issuing community's telephone for enquiries."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
