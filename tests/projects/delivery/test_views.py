"""The delivery tabs and forms: a constant number of queries at 1 and 50 rows, the forms' round trip, a refusal
drawn on the page (never a 500), files served through the project's access."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.delivery.models import Activity, Attachment, BudgetAdjustment, Expense, Milestone, Report
from tests.helpers import C111

from ..support import fire
from .support import PDF, delivering, pdf, png, yesterday

pytestmark = pytest.mark.django_db
TABS = ("activities", "money", "documents")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _grow(project, user, n: int) -> None:
    line = project.budget_lines.get(kind="activities")
    activities = Activity.objects.bulk_create([Activity(
        project=project, community_id=C111, held_on=yesterday(), place="活动室", content=f"活动{i}", headcount=5,
        residents=3, recorded_by=user) for i in range(n)])
    expenses = Expense.objects.bulk_create([Expense(project=project, line=line, amount=Decimal("1.00"),
                                                    spent_on=yesterday(), payee=f"商户{i}", recorded_by=user)
                                            for i in range(n)])
    Milestone.objects.bulk_create([Milestone(project=project, title=f"节点{i}", due_on=dt.date(2026, 6, 1),
                                             created_by=user) for i in range(n)])
    BudgetAdjustment.objects.bulk_create([BudgetAdjustment(project=project, region_id=project.region_id, line=line,
                                                           amount=Decimal("1.00"), reason="r", requested_by=user,
                                                           status="approved") for _ in range(n)])
    Attachment.objects.bulk_create([Attachment(project=project, kind="photo", activity=a, file="x.png",
                                               content_type="image/png", size=1, uploaded_by=user)
                                    for a in activities] + [Attachment(
        project=project, kind="voucher", expense=e, file="x.pdf", content_type="application/pdf", size=1,
        uploaded_by=user) for e in expenses])
    report = Report.objects.create(project=project, kind="midterm", text="中期", submitted_by=user)
    Attachment.objects.bulk_create([Attachment(project=project, kind="report", report=report, file="x.pdf",
                                               content_type="application/pdf", size=1, uploaded_by=user)
                                    for _ in range(min(n, 9))])


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("who", ["staff", "member"])
def test_each_delivery_tab_runs_a_constant_number_of_queries(people, client, tab, who):
    small = delivering(people, C111, title="小")
    large = delivering(people, C111, title="大")
    _grow(small, people["staff"], 1)
    _grow(large, people["staff"], 50)
    client.force_login(people[who])
    client.get(f"/projects/{small.pk}/?tab={tab}")
    assert _queries(client, f"/projects/{small.pk}/?tab={tab}") == _queries(client, f"/projects/{large.pk}/?tab={tab}")


def test_the_tabs_replace_the_placeholders(people, client):
    project = delivering(people, C111)
    client.force_login(people["member"])
    for tab in TABS:
        html = client.get(f"/projects/{project.pk}/?tab={tab}").content.decode()
        assert 'data-testid="placeholder"' not in html
    assert 'data-testid="expense-form"' in client.get(f"/projects/{project.pk}/?tab=money").content.decode()


def test_recording_through_the_forms(people, client):
    project = delivering(people, C111)
    line = project.budget_lines.get(kind="activities")
    client.force_login(people["member"])
    base = f"/projects/{project.pk}/"
    response = client.post(base + "milestones/", {"title": "启动", "due_on": "2026-06-30", "progress": "10"})
    assert response.status_code == 302 and response["Location"].endswith("?tab=activities")
    response = client.post(base + "activities/", {"held_on": yesterday().isoformat(), "place": "活动室",
                                                  "content": "助餐", "headcount": "20", "residents": "12",
                                                  "photos": [png(), png("b.png")], "sign_in": pdf()})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(base + "expenses/", {"line": line.pk, "amount": "300.50", "spent_on": yesterday(),
                                                "payee": "某超市", "voucher": pdf()})
    assert response.status_code == 302
    response = client.post(base + "reports/", {"kind": "midterm", "text": "中期进展", "attachment": pdf()})
    assert response.status_code == 302
    assert Attachment.objects.filter(kind="photo").count() == 2
    money = client.get(base + "?tab=money")
    assert "300.50" in money.content.decode()
    voucher = Attachment.objects.get(kind="voucher")
    served = client.get(f"{base}files/{voucher.pk}/")
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PDF


def test_an_over_spend_is_shown_on_the_money_tab_and_nothing_is_lost(people, client, in_chinese):
    project = delivering(people, C111)
    line = project.budget_lines.get(kind="activities")
    client.force_login(people["member"])
    response = client.post(f"/projects/{project.pk}/expenses/", {"line": line.pk, "amount": "4000.01",
                                                                 "spent_on": yesterday(), "payee": "某超市"})
    assert response.status_code == 400
    form = response.context["expense_form"]
    assert form.non_field_errors() and form["payee"].value() == "某超市"
    assert not Expense.objects.exists()


def test_a_wrong_file_is_a_field_message(people, client):
    project = delivering(people, C111)
    client.force_login(people["member"])
    response = client.post(f"/projects/{project.pk}/reports/", {"kind": "final", "text": "结项",
                                                                 "attachment": pdf(data=b"<html>")})
    assert response.status_code == 400 and response.context["report_form"].errors["attachment"]
    assert not Report.objects.exists()


def test_the_street_decides_an_adjustment_from_the_money_tab(people, client):
    project = delivering(people, C111)
    line = project.budget_lines.get(kind="activities")
    client.force_login(people["member"])
    client.post(f"/projects/{project.pk}/adjustments/", {"line": line.pk, "amount": "100", "reason": "人数增加"})
    adjustment = BudgetAdjustment.objects.get()
    assert client.post(f"/projects/{project.pk}/adjustments/{adjustment.pk}/do/approve/").status_code == 403
    client.force_login(people["officer"])
    assert 'data-testid="adjustment-approve"' in client.get(f"/projects/{project.pk}/?tab=money").content.decode()
    client.post(f"/projects/{project.pk}/adjustments/{adjustment.pk}/do/approve/")
    assert BudgetAdjustment.objects.get().status == "approved"


def test_acceptance_through_the_reports_tab(people, client):
    staff = people["staff"]
    project = fire(staff, delivering(people, C111), "submit_acceptance")
    client.force_login(staff)
    assert 'data-testid="acceptance-form"' in client.get(f"/projects/{project.pk}/?tab=documents").content.decode()
    data = {"item_activities": "on", "item_indicators": "on", "item_money": "on", "item_final_report": "on",
            "item_residents": "on", "comments": "资料齐全", "accept": "on"}
    assert client.post(f"/projects/{project.pk}/acceptance/", data).status_code == 302
    project.refresh_from_db()
    assert project.status == "accepted"


def test_volunteer_hours_refused_by_the_registry_are_a_message_on_the_page(people, client, in_chinese):
    from wuse.regions.models import Region
    from wuse.registry.people.services import PersonData
    from wuse.registry.volunteers.services.volunteers import volunteer_register

    staff = people["staff"]
    project = delivering(people, C111)
    volunteer = volunteer_register(user=staff, data=PersonData(name="李四", region=Region.objects.get(code=C111),
                                                               phone="13900139000"))
    client.force_login(staff)
    data = {"held_on": yesterday().isoformat(), "place": "活动室", "content": "助餐", "headcount": "20",
            "residents": "12", "volunteers": volunteer.number, "starts": "09:00", "ends": "11:00"}
    assert client.post(f"/projects/{project.pk}/activities/", data).status_code == 302
    response = client.post(f"/projects/{project.pk}/activities/", data)  # the same hours again: an overlap
    assert response.status_code == 400 and response.context["activity_form"].non_field_errors()
    assert Activity.objects.filter(project=project).count() == 1
    response = client.post(f"/projects/{project.pk}/activities/", {**data, "volunteers": "V-NOBODY"})
    assert response.status_code == 400 and response.context["activity_form"].errors["volunteers"]


def test_a_voucher_added_later_and_wrong_files_refused(people, client):
    project = delivering(people, C111)
    line = project.budget_lines.get(kind="activities")
    client.force_login(people["member"])
    client.post(f"/projects/{project.pk}/expenses/", {"line": line.pk, "amount": "10.00",
                                                      "spent_on": yesterday().isoformat(), "payee": "商户"})
    expense = Expense.objects.get()
    assert 'data-testid="no-voucher"' in client.get(f"/projects/{project.pk}/?tab=money").content.decode()
    url = f"/projects/{project.pk}/files/add/expense/{expense.pk}/"
    for bad in ({"kind": "voucher", "file": pdf(data=b"<svg/>")}, {"kind": "photo", "file": png()},
                {"kind": "voucher"}, {"kind": "\x00", "file": pdf()}):
        assert client.post(url, bad).status_code == 302
    assert not Attachment.objects.exists()
    assert client.post(f"/projects/{project.pk}/files/add/nothing/{expense.pk}/", {"kind": "voucher"}
                       ).status_code == 404
    assert client.post(f"/projects/{project.pk}/files/add/report/{expense.pk}/",
                       {"kind": "report", "file": pdf()}).status_code == 302  # no such report: refused
    assert not Attachment.objects.exists()
    assert client.post(url, {"kind": "voucher", "file": pdf()}).status_code == 302
    assert Attachment.objects.get().expense_id == expense.pk
    assert 'data-testid="no-voucher"' not in client.get(f"/projects/{project.pk}/?tab=money").content.decode()
    client.force_login(people["outsider_member"])
    assert client.post(url, {"kind": "voucher", "file": pdf()}).status_code == 404
