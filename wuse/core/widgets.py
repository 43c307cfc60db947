"""Form widgets drawn in Python, for the forms every list page shows (its filters).

Django draws a widget through templates: a select includes one template per option and another for each
option's attributes — a list's filter form with its status, category and channel choices costs more than
the twenty rows under it. ``render_in_python(form)`` gives a form's text inputs, selects and checkboxes
subclasses that build the same HTML with ``format_html`` (escaped the same way); other widgets are left to
Django. A list's filter form calls it at the end of ``__init__``.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def _input_html(context) -> str:
    widget = context["widget"]
    attrs = dict(widget["attrs"])
    attrs["type"] = widget["type"]
    attrs["name"] = widget["name"]
    if widget["value"] is not None:
        attrs["value"] = widget["value"]
    return format_html("<input{}>", flatatt(attrs))  # True: a bare attribute; False/None: left out


class TextInput(forms.TextInput):
    def _render(self, template_name, context, renderer=None):
        return mark_safe(_input_html(context))  # noqa: S308 (format_html escaped every value)


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
    return str(conditional_escape("" if value is None else value))


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
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))  # noqa: S308

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
