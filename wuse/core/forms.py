"""Form pieces every step shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy


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
_CHOOSE = gettext_lazy("%(label)s: please choose one.")
_REQUIRED = gettext_lazy("%(label)s: this field is required.")
_LIMITS = (
    ("max_length", gettext_lazy("%(label)s: at most %(limit)s characters.")),
    ("min_length", gettext_lazy("%(label)s: at least %(limit)s characters.")),
    ("max_value", gettext_lazy("%(label)s: at most %(limit)s.")),
    ("min_value", gettext_lazy("%(label)s: at least %(limit)s.")),
)
_CHOOSE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput)


def _literal(message: str) -> str:
    """Django formats a field's message with the error's params (``message % params``): keep a label's
    own ``%`` literal."""
    return message.replace("%", "%%")


def _word(message, label, limit=None) -> str:
    values = {"label": capfirst(str(label))} if limit is None else {"label": capfirst(str(label)), "limit": limit}
    return _literal(str(message) % values)


# A field's message naming it, worded (translated and formatted) only if it is shown: a lazy string Django
# formats with the error's params like any other (a list's filter form, bound on every request, words none of
# its fields' messages). ``lazy`` builds its proxy class once, here; each message is then one small object.
_worded = lazy(_word, str)


def name_field_errors(form) -> None:
    """Give each field of ``form`` messages that name it, for a missing value, a text too long or too short
    and a number out of range. Messages a form declares itself are kept; the messages are worded in the
    language active when they are shown. ``StyledFormMixin._style`` calls it; a form without the mixin may
    too."""
    for name, field in form.fields.items():
        label = field.label or pretty_name(name)
        messages = field.error_messages
        if messages.get("required") is _STOCK_REQUIRED:
            choose = isinstance(field.widget, _CHOOSE_WIDGETS)
            messages["required"] = _worded(_CHOOSE if choose else _REQUIRED, label)
        for code, message in _LIMITS:
            limit = getattr(field, code, None)
            if limit is not None and code not in messages and not callable(limit):
                messages[code] = _worded(message, label, limit)


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
