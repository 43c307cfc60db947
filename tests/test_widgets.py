"""The Python-drawn widgets of list filter forms give the same HTML as Django's templates, escaping included."""

import datetime as dt

import pytest
from django import forms
from django.test.html import parse_html

from wuse.core.widgets import render_in_python

HOSTILE = '"><script>alert(1)</script>'


class Filters(forms.Form):
    q = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "form-control", "placeholder": HOSTILE}))
    status = forms.ChoiceField(required=False, choices=[("", "全部"), ("a", "甲 <b>"), (HOSTILE, "x")])
    grouped = forms.ChoiceField(required=False, choices=[("", "-"), ("组一", [("1", "一"), ("2", "二")])])
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(required=False)
    overdue = forms.BooleanField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)  # not swapped: drawn by Django


@pytest.mark.parametrize("data", [
    None,
    {"q": HOSTILE, "status": HOSTILE, "grouped": "2", "day": "2026-12-02", "count": "7", "overdue": "on"},
    {"q": "电梯", "status": "a", "day": "not a date", "count": "x"},
])
def test_python_drawn_widgets_match_djangos_templates(data):
    django_form, fast_form = Filters(data), Filters(data, initial={"day": dt.date(2026, 1, 1)})
    django_form.initial = fast_form.initial
    render_in_python(fast_form)
    assert type(fast_form.fields["status"].widget) is not forms.Select
    assert type(fast_form.fields["notes"].widget) is forms.Textarea
    for name in Filters.base_fields:
        assert parse_html(str(fast_form[name])) == parse_html(str(django_form[name])), name
    assert "<script>" not in str(fast_form)


@pytest.mark.django_db
def test_a_model_choice_select_drawn_in_python_matches_djangos():
    from needs.categories import ensure_default_categories
    from needs.models import NeedCategory

    ensure_default_categories()

    class ByCategory(forms.Form):
        category = forms.ModelChoiceField(NeedCategory.objects.all(), required=False)

    for data in (None, {"category": "safety"}, {"category": HOSTILE}):
        django_form, fast_form = ByCategory(data), ByCategory(data)
        render_in_python(fast_form)
        fast = str(fast_form["category"])
        assert parse_html(fast) == parse_html(str(django_form["category"]))
        assert ('value="safety" selected' in fast) == (data == {"category": "safety"})
