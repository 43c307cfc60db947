"""Form pieces every step shares."""

from django import forms
from django.core.exceptions import ValidationError


class StyledFormMixin:
    """Bootstrap classes on every widget; call ``self._style()`` at the end of ``__init__``."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


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
