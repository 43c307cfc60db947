from django import forms
from django.utils.translation import gettext_lazy as _

from needs.models import Need, NeedCategory, Urgency
from wuse.core.forms import StyledFormMixin
from wuse.privacy.text import one_line as _one_line
from wuse.registry.societies import Society

from .models import MAX_RESIDENTS, LinkRole, Meeting, MeetingKind, MeetingRepresentative
from .selectors import MeetingFilters
from .services import EDITABLE_FIELDS, MAX_REPRESENTATIVES, Representative


def _text(value: str) -> str:
    """Multi-line text as typed, without NUL characters (PostgreSQL refuses them) or trailing blanks."""
    return "\n".join(line.rstrip() for line in value.replace("\x00", "").replace("\r\n", "\n").split("\n")).strip()


class MeetingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["community", *EDITABLE_FIELDS]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "residents_count": forms.NumberInput(attrs={"min": 0, "max": MAX_RESIDENTS, "inputmode": "numeric"}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "held_on": _("A planned meeting may be entered ahead; minutes and decisions are added after it."),
            "residents_count": _("Residents who attended (not counting the representatives below)."),
        }

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            self.fields.pop("community", None)
        else:
            self.fields["community"].queryset = communities
            self.fields["community"].empty_label = _("Choose a community")
            if len(communities) == 1:
                self.fields["community"].initial = communities[0]
        self.fields["kind"].choices = [("", _("Choose the kind of meeting")), *MeetingKind.choices]
        self._style()

    def clean_place(self):
        place = _one_line(self.cleaned_data["place"])
        if not place:
            raise forms.ValidationError(_("Enter where the meeting took place."))
        return place

    def clean_minutes(self):
        return _text(self.cleaned_data["minutes"])

    def clean_decisions(self):
        return _text(self.cleaned_data["decisions"])

    def meeting_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in ("community", *EDITABLE_FIELDS)}


class MeetingEditForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(MeetingForm.Meta):
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, communities=None, **kwargs)


class RepresentativeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = MeetingRepresentative
        fields = ["society", "name", "count"]
        widgets = {"count": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["society"].choices = [("", _("Choose a society")), *Society.choices]
        self._style()

    def clean_name(self):
        return _one_line(self.cleaned_data["name"])

    def has_changed(self) -> bool:
        """A line with neither a society nor a name is blank, whatever its count says (skipped)."""
        if not any(_one_line(self.data.get(self.add_prefix(f), "") or "") for f in ("society", "name")):
            return False
        return super().has_changed()


class BaseRepresentativeFormSet(forms.BaseFormSet):
    def representatives(self) -> list[Representative]:
        return [Representative(society=f.cleaned_data["society"], name=f.cleaned_data["name"],
                               count=f.cleaned_data["count"])
                for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]


RepresentativeFormSet = forms.formset_factory(
    RepresentativeForm, formset=BaseRepresentativeFormSet, extra=3, can_delete=True,
    max_num=MAX_REPRESENTATIVES, validate_max=True, absolute_max=MAX_REPRESENTATIVES + 10)


def representative_formset(data=None, *, initial=None):
    """The inline representatives of the meeting form (prefix ``reps``)."""
    return RepresentativeFormSet(data, initial=initial, prefix="reps")


class LinkNeedForm(StyledFormMixin, forms.Form):
    """Link an existing need: chosen among the community's recent needs, or by its number."""

    need = forms.TypedChoiceField(label=_("Need"), coerce=int, required=False, empty_value=None)
    number = forms.IntegerField(label=_("or its number"), min_value=1, max_value=2**63 - 1, required=False,
                                help_text=_("For an older need: its number, the digits at the end of the need "
                                            "page's address."))
    role = forms.ChoiceField(label=_("At the meeting it was"), choices=LinkRole.choices, initial=LinkRole.DISCUSSED)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, needs: list[Need] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", _("Choose a need"))] + [
            (n.pk, f"#{n.pk} {n.title}（{n.created_at:%Y-%m-%d}）") for n in needs]
        self._style()

    def clean_note(self):
        return _one_line(self.cleaned_data["note"])

    def clean(self):
        data = super().clean()
        chosen, number = data.get("need"), data.get("number")
        if chosen and number and chosen != number:
            raise forms.ValidationError(_("Choose a need from the list or enter a number, not both."))
        if not (chosen or number) and not self.errors:
            raise forms.ValidationError(_("Choose a need from the list or enter its number."))
        data["need_pk"] = chosen or number
        return data


class RaiseNeedForm(StyledFormMixin, forms.Form):
    """A need a resident raised at the meeting, registered from the meeting's page."""

    title = forms.CharField(label=_("title"), max_length=100)
    category = forms.ModelChoiceField(label=_("category"), queryset=NeedCategory.objects.none(), empty_label=None)
    description = forms.CharField(label=_("description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    location = forms.CharField(label=_("location (building / estate)"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False,
                           help_text=_("e.g. who raised it at the meeting, or how many residents agreed."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = NeedCategory.objects.filter(active=True)
        self._style()

    def clean_title(self):
        title = _one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title

    def clean_description(self):
        return _text(self.cleaned_data["description"])

    def clean_location(self):
        return _one_line(self.cleaned_data["location"])

    def clean_note(self):
        return _one_line(self.cleaned_data["note"])


class MeetingFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind of meeting"), required=False,
                             choices=[("", _("All kinds")), *MeetingKind.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def filters(self, region=None) -> MeetingFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return MeetingFilters(kind=data.get("kind") or "", date_from=data.get("date_from"),
                              date_to=data.get("date_to"), region=region)
