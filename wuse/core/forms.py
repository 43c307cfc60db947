"""Form pieces every step shares."""

from django import forms


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
