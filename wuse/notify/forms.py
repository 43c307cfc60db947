"""The forms of the reminder pages: a user's preferences (one row per declared rule) and one rule's setting."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuse.core.forms import StyledFormMixin

from .models import EmailChoice
from .rules import Rule, rules
from .services import MAX_DAYS

PREFIXES = ("in_app__", "email__")


def _choice_message(label) -> str:
    # the stock message repeats the posted value, whatever its length
    return (_("%(label)s: choose one of the offered options.") % {"label": label}).replace("%", "%%")


class PreferencesForm(StyledFormMixin, forms.Form):
    """For every declared rule: in the notification centre or not, and by email at once, in the daily digest
    or not at all."""

    def __init__(self, *args, initial_values: dict[str, tuple[bool, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_values = initial_values or {}
        self.rules: list[Rule] = rules()
        for rule in self.rules:
            in_app, email = initial_values.get(rule.key, (True, EmailChoice.NOW))
            in_app_label = _("%(rule)s — in the notification centre") % {"rule": rule.label}
            email_label = _("%(rule)s — email") % {"rule": rule.label}
            self.fields[f"in_app__{rule.key}"] = forms.BooleanField(label=in_app_label, required=False,
                                                                     initial=in_app)
            self.fields[f"email__{rule.key}"] = forms.ChoiceField(
                label=email_label, choices=EmailChoice.choices, initial=email,
                error_messages={"invalid_choice": _choice_message(email_label)})
        self._style()

    def rows(self):
        """(rule, its in-app field, its email field) in the rules' order, for the template's table."""
        return [(rule, self[f"in_app__{rule.key}"], self[f"email__{rule.key}"]) for rule in self.rules]

    def clean(self):
        cleaned = super().clean()
        known = {rule.key for rule in self.rules}
        unknown = sorted({name.split("__", 1)[1] for name in self.data
                          if name.startswith(PREFIXES) and name.split("__", 1)[1] not in known})
        if unknown:
            raise forms.ValidationError(_("There is no reminder of the kind “%(kind)s”.") % {
                "kind": unknown[0][:60]})
        return cleaned

    def to_data(self) -> dict:
        return {rule.key: {"in_app": self.cleaned_data[f"in_app__{rule.key}"],
                           "email": self.cleaned_data[f"email__{rule.key}"]} for rule in self.rules}


DAYS_LABEL = gettext_lazy("Days")
STREET_LABEL = gettext_lazy("To the street after (days)")
DISTRICT_LABEL = gettext_lazy("To the district after (days)")


def _days_field(label, *, required: bool, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=1, max_value=MAX_DAYS, help_text=help_text,
        error_messages={"invalid": (_("%(label)s: enter a whole number of days.") % {"label": label}
                                    ).replace("%", "%%")},
        widget=forms.NumberInput(attrs={"class": "form-control wuse-w-8rem"}))


class RuleSettingForm(StyledFormMixin, forms.Form):
    """One rule's switch and delays for the installation or a district."""

    enabled = forms.BooleanField(label=gettext_lazy("Rule on"), required=False)

    def __init__(self, *args, rule: Rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.fields["days"] = _days_field(DAYS_LABEL, required=True, help_text=rule.days_help)
        if rule.escalate[0] is not None:
            self.fields["escalate_street"] = _days_field(
                STREET_LABEL, required=False, help_text=_("Days after the due date; empty: never."))
        if rule.escalate[1] is not None:
            self.fields["escalate_district"] = _days_field(
                DISTRICT_LABEL, required=False, help_text=_("Days after the due date; empty: never."))
        self._style()

    def values(self) -> dict:
        return {"enabled": self.cleaned_data["enabled"], "days": self.cleaned_data["days"],
                "escalate_street": self.cleaned_data.get("escalate_street"),
                "escalate_district": self.cleaned_data.get("escalate_district")}
