"""The satisfaction survey's forms: the residents' questionnaire (radio buttons 1–5, a short free text) and the
staff's minimum sample size. The services check every value again."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wuse.core.forms import StyledFormMixin, name_field_errors

from .models.satisfaction import ITEMS, MAX_COMMENT, MINIMUM_BOUNDS, SCALE, SCALE_LABELS
from .services.satisfaction import clean_comment


class OneValueRadio(forms.RadioSelect):
    """Radio buttons that keep a repeated field whole (``content=1&content=5``), so the choice check refuses it
    instead of silently taking the last value."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else None
        if values is not None and len(values) > 1:
            return values
        return data.get(name)


class SatisfactionForm(forms.Form):
    """One field per item (``ITEMS``), in order, and the free text."""

    comment = forms.CharField(label=_("Anything else you would like to tell us?"), required=False,
                              max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        comment.help_text = gettext("Optional, at most %(max)s characters. Please do not write names, phone numbers "
                                    "or ID numbers.") % {"max": MAX_COMMENT}
        for item in ITEMS:
            labels = SCALE_LABELS[item.scale]
            self.fields[item.field] = forms.TypedChoiceField(
                label=item.question, required=item.required, coerce=int, empty_value=None,
                choices=[(str(value), labels[value - SCALE[0]]) for value in range(SCALE[0], SCALE[1] + 1)]
                + ([] if item.required else [("", _("Does not apply"))]),
                widget=OneValueRadio(attrs={"class": "btn-check"}), help_text=item.hint,
                error_messages={"required": _("Please choose an answer from 1 to 5."),
                                "invalid_choice": _("Choose one of the answers 1 to 5.")})
        self.fields["comment"] = comment
        name_field_errors(self)

    def items(self) -> list[tuple]:
        """(item, bound field, the labels of 1 and 5) for the template, in order."""
        return [(item, self[item.field], SCALE_LABELS[item.scale][0], SCALE_LABELS[item.scale][-1])
                for item in ITEMS]

    def clean_comment(self) -> str:
        return clean_comment(self.cleaned_data.get("comment", ""))

    def answers(self) -> dict:
        return {item.field: self.cleaned_data.get(item.field) for item in ITEMS}


class MinimumForm(StyledFormMixin, forms.Form):
    min_responses = forms.IntegerField(
        label=_("minimum number of responses"), min_value=MINIMUM_BOUNDS[0], max_value=MINIMUM_BOUNDS[1],
        help_text=_("The satisfaction score counts in the evaluation once this many residents have answered."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
