"""Bad input on every delivery form: each field × a hostile corpus (and hypothesis text) → a saved record or a
message on the page (400), never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import C111

from ..support import fire
from ..test_hostile_input import HOSTILE
from .support import delivering, yesterday

OK = (200, 302, 400, 403, 409)

FORMS = {
    "milestones/": {"title": "启动", "due_on": "2026-06-30", "progress": "10"},
    "activities/": {"held_on": None, "place": "活动室", "content": "助餐", "headcount": "20", "residents": "12",
                    "names": "", "volunteers": "", "starts": "", "ends": ""},
    "expenses/": {"line": None, "amount": "1.00", "spent_on": None, "payee": "商户", "note": ""},
    "adjustments/": {"line": None, "amount": "1.00", "reason": "理由"},
    "reports/": {"kind": "midterm", "text": "进展"},
}


def _data(project, url):
    data = dict(FORMS[url])
    for key in ("held_on", "spent_on"):
        if key in data:
            data[key] = yesterday().isoformat()
    if "line" in data:
        data["line"] = str(project.budget_lines.first().pk)
    return data


def _check(response, label):
    assert response.status_code in OK, (label, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(FORMS))
def test_each_field_of_each_delivery_form_with_each_hostile_value(people, client, url):
    project = delivering(people, C111)
    client.force_login(people["staff"])
    for field in FORMS[url]:
        for value in HOSTILE:
            _check(client.post(f"/projects/{project.pk}/{url}", {**_data(project, url), field: value}),
                   (url, field, value[:20]))
    html = client.get(f"/projects/{project.pk}/?tab=activities").content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.django_db
def test_the_progress_adjustment_decision_and_acceptance_forms_with_hostile_values(people, client):
    staff = people["staff"]
    project = delivering(people, C111)
    client.force_login(staff)
    client.post(f"/projects/{project.pk}/milestones/", FORMS["milestones/"])
    milestone = project.milestones.get()
    client.post(f"/projects/{project.pk}/adjustments/", _data(project, "adjustments/"))
    adjustment = project.budget_adjustments.get()
    client.force_login(people["officer"])
    for value in HOSTILE:
        for field in ("progress", "done_on"):
            _check(client.post(f"/projects/{project.pk}/milestones/{milestone.pk}/", {"progress": "50", field: value}),
                   ("progress", field, value[:20]))
        _check(client.post(f"/projects/{project.pk}/adjustments/{adjustment.pk}/do/reject/", {"reason": value}),
               ("reject", value[:20]))
    _check(client.post(f"/projects/{project.pk}/adjustments/{adjustment.pk}/do/nonsense/"), "unknown")
    accepting = fire(staff, delivering(people, C111, title="验收"), "submit_acceptance")
    client.force_login(staff)
    for value in HOSTILE:
        _check(client.post(f"/projects/{accepting.pk}/acceptance/", {"comments": value, "item_money": value,
                                                                     "accept": value}), ("acceptance", value[:20]))


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.dictionaries(st.sampled_from(["line", "amount", "spent_on", "payee", "note"]),
                            st.text(max_size=40), max_size=5))
def test_hypothesis_text_on_the_expense_form(people, client, data):
    from projects.models import Project

    project = Project.objects.filter(title="假设").first() or delivering(people, C111, title="假设")
    client.force_login(people["member"])
    _check(client.post(f"/projects/{project.pk}/expenses/", {**_data(project, "expenses/"), **data}), data)
