"""Junk posted to the preferences and rule-setting forms: a message on the field, nothing saved (not even in
part), never a server error."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.helpers import CITY, D1
from wuse.notify.models import Preference, RuleSetting
from wuse.notify.rules import rules
from wuse.notify.services import save_preferences, save_setting

pytestmark = pytest.mark.django_db
RULE = "needs.untriaged"
LONG = "长" * 20_000


@pytest.fixture
def who(staff_and_admins):
    return staff_and_admins


def valid_preferences() -> dict:
    data = {}
    for rule in rules():
        data[f"in_app__{rule.key}"] = "on"
        data[f"email__{rule.key}"] = "now"
    return data


def post_preferences(client, user, **changes):
    client.force_login(user)
    data = valid_preferences()
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return client.post(reverse("notify:preferences"), data)


@pytest.mark.parametrize("changes", [
    {f"email__{RULE}": "sms"},  # not an offered choice
    {f"email__{RULE}": LONG},
    {f"email__{RULE}": ""},
    {f"email__{RULE}": None},  # missing
    {f"email__{RULE}": "NOW"},
    {"email__no.such.rule": "now"},  # a kind nobody declared
    {"in_app__" + "x" * 500: "on"},
    {"email__needs.untriaged\x00": "now"},
])
def test_junk_preferences_get_a_message_and_nothing_is_saved(client, who, changes):
    response = post_preferences(client, who["staff"], **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    field = next(iter(changes)) if next(iter(changes)) in form.fields else "__all__"
    assert form.errors[field], form.errors
    assert all(len(message) < 300 for messages in form.errors.values() for message in messages)
    assert not Preference.objects.exists()


def test_an_unknown_kind_beside_valid_rows_saves_none_of_them(client, who):
    response = post_preferences(client, who["staff"], **{"email__bogus": "digest", f"email__{RULE}": "digest"})
    assert response.status_code == 200 and not Preference.objects.exists()
    assert "bogus" in response.content.decode()


def test_a_long_unknown_kind_is_cut_in_the_message(client, who):
    response = post_preferences(client, who["staff"], **{"email__" + "k" * 800: "now"})
    message = response.context["form"].non_field_errors()[0]
    assert len(message) < 120


def test_a_field_name_too_long_to_parse_is_a_bad_request_not_an_error(client, who):
    response = post_preferences(client, who["staff"], **{"email__" + "k" * 5000: "now"})
    assert response.status_code == 400  # Django refuses to parse the body; nothing reaches the form
    assert not Preference.objects.exists()


def test_an_empty_post_names_every_missing_choice(client, who):
    client.force_login(who["staff"])
    response = client.post(reverse("notify:preferences"), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {f"email__{rule.key}" for rule in rules()}
    assert not Preference.objects.exists()
    client.force_login(who["city"])
    response = client.post(reverse("notify:rule_edit", args=[RULE]), {})
    assert response.status_code == 200 and response.context["form"].errors["days"]
    assert not RuleSetting.objects.exists()


def test_junk_in_the_checkbox_counts_as_on_and_saves(client, who):
    response = post_preferences(client, who["staff"], **{f"in_app__{RULE}": LONG})
    assert response.status_code == 302
    assert Preference.objects.get(user=who["staff"], kind=RULE).in_app is True


@pytest.mark.parametrize("data", [
    {"no.such": {"in_app": True, "email": "now"}},
    {RULE: {"in_app": "yes", "email": "now"}},
    {RULE: {"in_app": True, "email": "sometimes"}},
    {RULE: {"in_app": True}},
    {RULE: "now"},
    {RULE: {"in_app": True, "email": "now"}, 42: {"in_app": True, "email": "now"}},
])
def test_the_service_checks_everything_before_saving(who, data):
    with pytest.raises(ValidationError):
        save_preferences(who["staff"], data)
    assert not Preference.objects.exists()


# ------------------------------------------------------------------------------------------------ rule settings

def post_setting(client, user, **values):
    client.force_login(user)
    data = {"enabled": "on", "days": "3", "escalate_street": "3", "escalate_district": "7"}
    data.update(values)
    return client.post(reverse("notify:rule_edit", args=[RULE]), {k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(("field", "value"), [
    ("days", "0"), ("days", "-1"), ("days", "abc"), ("days", "366"), ("days", "9" * 5000), ("days", "1.5"),
    ("days", ""), ("days", None), ("days", LONG), ("days", "1e3"),
    ("escalate_street", "0"), ("escalate_street", "-3"), ("escalate_street", "x"), ("escalate_street", "400"),
    ("escalate_district", "0"), ("escalate_district", LONG), ("escalate_district", "9" * 40),
])
@pytest.mark.parametrize("user", ["city", "district"])
def test_bad_days_get_a_field_message_and_nothing_is_saved(client, who, field, value, user):
    response = post_setting(client, who[user], **{field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors.get(field), errors
    assert all(len(message) < 300 for messages in errors.values() for message in messages)
    assert not RuleSetting.objects.exists()


def test_junk_in_the_switch_and_the_unit_does_not_break_the_page(client, who):
    client.force_login(who["city"])
    url = reverse("notify:rule_edit", args=[RULE])
    assert client.post(url, {"enabled": LONG, "days": "2"}).status_code == 302  # a box: on
    assert RuleSetting.objects.get(rule=RULE, region_id=CITY).enabled
    assert client.get(url, {"unit": LONG}).status_code == 403
    assert client.get(reverse("notify:rules"), {"unit": "'; drop table"}).status_code == 200
    assert client.get(reverse("notify:rule_edit", args=["x" * 3000])).status_code == 404


@pytest.mark.parametrize("values", [
    {"enabled": "yes", "days": 3},
    {"enabled": True, "days": 0},
    {"enabled": True, "days": -5},
    {"enabled": True, "days": 366},
    {"enabled": True, "days": "3 days"},
    {"enabled": True, "days": None},
    {"enabled": True, "days": True},
    {"enabled": True, "days": 3, "escalate_street": 0},
    {"enabled": True, "days": 3, "escalate_district": "x" * 10_000},
])
def test_the_service_refuses_junk_values(who, values):
    with pytest.raises(ValidationError):
        save_setting(who["city"], RULE, CITY, **values)
    with pytest.raises(ValidationError):
        save_setting(who["district"], RULE, D1, **values)
    assert not RuleSetting.objects.exists()
