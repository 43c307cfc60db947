"""Form widgets drawn in Python, for the forms every list page shows (its filters).

Django draws a widget through templates: a select includes one template per option and another for each
option's attributes — a list's filter form with its status, category and channel choices costs more than
the twenty rows under it. ``render_in_python(form)`` gives a form's text inputs, selects and checkboxes
subclasses that build the same HTML in Python (escaped the same way, without the template engine); other
widgets are left to Django. A list's filter form calls it at the end of ``__init__``.
"""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """As ``django.forms.utils.flatatt`` (True: a bare attribute; False/None: left out; the rest escaped)."""
    drawn = []
    for name, value in attrs.items():
        if value is True:
            drawn.append(f" {name}")
        elif value is not False and value is not None:
            drawn.append(f' {name}="{_escaped(value)}"')
    return "".join(drawn)


def _input_html(context) -> str:
    widget = context["widget"]
    attrs = dict(widget["attrs"])
    attrs["type"] = widget["type"]
    attrs["name"] = widget["name"]
    if widget["value"] is not None:
        attrs["value"] = widget["value"]
    return f"<input{_attrs(attrs)}>"


class TextInput(forms.TextInput):
    def _render(self, template_name, context, renderer=None):
        return mark_safe(_input_html(context))  # noqa: S308 (every value escaped: _attrs)


class DateInput(forms.DateInput):
    def _render(self, template_name, context, renderer=None):
        return mark_safe(_input_html(context))  # noqa: S308


class NumberInput(forms.NumberInput):
    def _render(self, template_name, context, renderer=None):
        return mark_safe(_input_html(context))  # noqa: S308


class CheckboxInput(forms.CheckboxInput):
    def _render(self, template_name, context, renderer=None):
        return mark_safe(_input_html(context))  # noqa: S308


def _escaped(value) -> str:
    """As ``conditional_escape`` (safe text kept, the rest escaped), without its lazy-aware wrapper: an option's
    label is worded first (``str``), so the stdlib's ``html.escape`` — the same five characters — suffices."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        """The options straight from the choices (no option dictionaries); grouped choices go the long way."""
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        options, chosen = [], False
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            selected = not chosen and text in values
            chosen |= selected
            options.append(f'<option value="{_escaped(text)}"{" selected" if selected else ""}>'
                           f"{_escaped(label)}</option>")
        final = {**self.build_attrs(self.attrs, attrs), "name": name}
        return mark_safe(f"<select{_attrs(final)}>{''.join(options)}</select>")  # noqa: S308 (escaped)

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        attrs = {**widget["attrs"], "name": widget["name"]}
        options = []
        for group_name, group_choices, _index in widget["optgroups"]:
            rows = format_html_join("", "<option{}>{}</option>", (
                (flatatt({"value": option["value"], **option["attrs"]}), option["label"])
                for option in group_choices))
            options.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, rows) if group_name
                           else rows)
        return format_html("<select{}>{}</select>", flatatt(attrs), mark_safe("".join(options)))  # noqa: S308


FAST = {forms.TextInput: TextInput, forms.DateInput: DateInput, forms.NumberInput: NumberInput,
        forms.CheckboxInput: CheckboxInput, forms.Select: Select}


def render_in_python(form) -> None:
    """Swap each of ``form``'s widgets of exactly the classes above for its Python-drawn twin."""
    for field in form.fields.values():
        fast = FAST.get(type(field.widget))
        if fast is not None:
            field.widget.__class__ = fast
