"""Form pieces every step shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils.text import capfirst
from django.utils.translation import gettext as _


class StyledFormMixin:
    """Bootstrap classes on every widget, and error messages that name their field ("标题最多 100 字",
    "Title: at most 100 characters") instead of Django's stock ones (worded only for a bound form: only it
    can show them); call ``self._style()`` at the end of ``__init__``."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue  # a list of native boxes in Django's own markup (a form-control would draw bars)
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
        if self.is_bound:  # an unbound form shows no error: a list's filter form skips the messages' wording
            name_field_errors(self)


class NamedErrorsMixin:
    """Error messages that name their field, for a form that styles its widgets itself (put it first in the
    bases: ``class TeamForm(NamedErrorsMixin, forms.Form)``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_field_errors(self)


_STOCK_REQUIRED = forms.Field.default_error_messages["required"]
_CHOOSE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput)


def _literal(message: str) -> str:
    """Django formats a field's message with the error's params (``message % params``): keep a label's
    own ``%`` literal."""
    return message.replace("%", "%%")


def name_field_errors(form) -> None:
    """Give each field of ``form`` messages that name it, for a missing value, a text too long or too short
    and a number out of range. Messages a form declares itself are kept; call it in ``__init__`` (the
    messages are in the request's language). ``StyledFormMixin._style`` calls it; a form without the mixin
    may too."""
    for name, field in form.fields.items():
        label = capfirst(str(field.label or pretty_name(name)))
        messages = field.error_messages
        if str(messages.get("required", "")) == str(_STOCK_REQUIRED):
            if isinstance(field.widget, _CHOOSE_WIDGETS):
                messages["required"] = _literal(_("%(label)s: please choose one.") % {"label": label})
            else:
                messages["required"] = _literal(_("%(label)s: this field is required.") % {"label": label})
        limits = {
            "max_length": (getattr(field, "max_length", None), _("%(label)s: at most %(limit)s characters.")),
            "min_length": (getattr(field, "min_length", None), _("%(label)s: at least %(limit)s characters.")),
            "max_value": (getattr(field, "max_value", None), _("%(label)s: at most %(limit)s.")),
            "min_value": (getattr(field, "min_value", None), _("%(label)s: at least %(limit)s.")),
        }
        for code, (limit, message) in limits.items():
            if limit is not None and code not in messages and not callable(limit):
                messages[code] = _literal(message % {"label": label, "limit": limit})


def add_errors(form, exc: Exception) -> None:
    """Show a service's refusal on the form.

    A ``ValidationError`` with a dict goes on the fields it names (above the form for names the form
    does not have); any other ``ValidationError`` or a ``DomainError`` goes above the form.
    """
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    elif isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(exc))
