"""The delivery services: milestones, activities with volunteer hours (through the volunteers' service), expenses
and the over-spend refusal, budget adjustments on their process, reports, files checked by bytes, acceptance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.delivery import services
from projects.delivery.errors import DeliveryError
from projects.delivery.models import Acceptance, Attachment, BudgetAdjustment, Expense, Milestone
from projects.delivery.selectors import budget_lines
from projects.models import Project
from tests.helpers import C111, S11, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.registry.volunteers.models import ServiceEntry

from ..support import YEAR, fire
from .support import PDF, PNG, delivering, pdf, png, yesterday

pytestmark = pytest.mark.django_db


def _line(project, kind="activities"):
    return project.budget_lines.get(kind=kind)


def _expense(user, project, amount, line=None):
    return services.expense_record(user=user, project=project, data=services.ExpenseData(
        line=line or _line(project), amount=Decimal(amount), spent_on=yesterday(), payee="某超市"))


def test_a_milestone_after_the_projects_end_is_refused(people):
    project = delivering(people, C111)
    with pytest.raises(ValidationError) as exc:
        services.milestone_create(user=people["staff"], project=project, title="结项",
                                  due_on=dt.date(YEAR + 1, 1, 1))
    assert "due_on" in exc.value.message_dict
    milestone = services.milestone_create(user=people["member"], project=project, title="中期",
                                          due_on=dt.date(YEAR, 6, 30))
    with pytest.raises(ValidationError):
        services.milestone_update(user=people["member"], milestone=milestone, progress=50, done_on=yesterday())
    services.milestone_update(user=people["member"], milestone=milestone, progress=100, done_on=yesterday())
    assert Milestone.objects.get(pk=milestone.pk).done_on == yesterday()
    assert AuditEntry.objects.filter(action="project.milestone_update").exists()


def test_nothing_is_recorded_before_the_project_is_undertaken_or_after_acceptance(people, in_chinese):
    staff, officer = people["staff"], people["officer"]
    from ..support import ready_project

    draft = ready_project(staff, C111, title="草稿")
    with pytest.raises(DeliveryError, match="已承接或实施中"):
        services.milestone_create(user=staff, project=draft, title="x", due_on=dt.date(YEAR, 5, 1))
    project = delivering(people, C111, title="验收")
    project = fire(staff, project, "submit_acceptance")
    with pytest.raises(DeliveryError):
        _expense(staff, project, "10.00")
    assert officer  # the street too is refused: the state, not the role


def test_an_organization_member_of_another_organization_may_not_record(people):
    project = delivering(people, C111)
    with pytest.raises(PermissionDenied):
        _expense(people["outsider_member"], project, "10.00")
    with pytest.raises(PermissionDenied):
        _expense(people["staff_other"], project, "10.00")


def test_an_expense_over_its_line_is_refused_until_the_street_approves_an_adjustment(people, in_chinese):
    staff, member, officer = people["staff"], people["member"], people["officer"]
    project = delivering(people, C111)  # activities line: 4000.00
    line = _line(project)
    _expense(member, project, "3999.99")
    with pytest.raises(DeliveryError) as exc:
        _expense(member, project, "0.02")
    assert "超出预算" in str(exc.value) and "最多还能记录 0.01 元" in str(exc.value)
    assert Expense.objects.filter(project=project).count() == 1
    adjustment = services.adjustment_request(user=member, project=project, line=line, amount=Decimal("500.00"),
                                             reason="参与人数增加")
    with pytest.raises(DeliveryError):
        _expense(member, project, "0.02")  # not approved yet
    with pytest.raises(PermissionDenied):
        services.adjustment_transition(user=staff, adjustment=adjustment, name="approve")  # not the street
    services.adjustment_transition(user=officer, adjustment=adjustment, name="approve")
    assert BudgetAdjustment.objects.get(pk=adjustment.pk).status == "approved"
    _expense(member, project, "500.01")
    with pytest.raises(DeliveryError):
        _expense(member, project, "0.01")
    row = next(r for r in budget_lines(project) if r.pk == line.pk)
    assert (row.allowance, row.spent, row.left) == (Decimal("4500.00"), Decimal("4500.00"), Decimal("0.00"))


def test_the_requester_never_decides_their_own_adjustment(people):
    officer = people["officer"]
    project = delivering(people, C111)
    adjustment = services.adjustment_request(user=officer, project=project, line=_line(project),
                                             amount=Decimal("1.00"), reason="理由")
    with pytest.raises(PermissionDenied):
        services.adjustment_transition(user=officer, adjustment=adjustment, name="approve")
    other = make_user("officer2", Role.STREET_OFFICER, S11)
    with pytest.raises(DeliveryError):
        services.adjustment_transition(user=other, adjustment=adjustment, name="reject")  # a reason is required
    services.adjustment_transition(user=other, adjustment=adjustment, name="reject", reason="不必要")
    assert BudgetAdjustment.objects.get(pk=adjustment.pk).status == "rejected"


@pytest.mark.parametrize("amount", ["0", "-1.00", "0.001", "1e20", "NaN"])
def test_bad_amounts_are_refused_with_a_field_message(people, amount):
    project = delivering(people, C111)
    with pytest.raises(ValidationError) as exc:
        _expense(people["member"], project, amount)
    assert "amount" in exc.value.message_dict


def test_a_line_of_another_project_is_refused(people):
    project = delivering(people, C111)
    other = delivering(people, C111, title="另一个")
    with pytest.raises(ValidationError) as exc:
        _expense(people["member"], project, "1.00", line=_line(other))
    assert "line" in exc.value.message_dict


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3000"), places=2), min_size=1,
                max_size=6))
def test_spending_never_exceeds_the_line_whatever_the_amounts(people, amounts):
    project = Project.objects.filter(title="算术").first() or delivering(people, C111, title="算术")
    line = _line(project)
    Expense.objects.filter(project=project).delete()
    total = Decimal("0")
    for amount in amounts:
        try:
            _expense(people["member"], project, str(amount))
        except DeliveryError:
            assert total + amount > line.amount
        else:
            total += amount
    assert total <= line.amount
    assert sum(Expense.objects.filter(line=line).values_list("amount", flat=True)) == total


def test_an_activity_with_volunteer_hours_records_service_entries_through_the_registry(people):
    from wuse.regions.models import Region
    from wuse.registry.people.services import PersonData
    from wuse.registry.volunteers.services.volunteers import volunteer_register

    staff = people["staff"]
    project = delivering(people, C111)
    volunteer = volunteer_register(user=staff, data=PersonData(name="张三", region=Region.objects.get(code=C111),
                                                               phone="13800138000"))
    data = services.ActivityData(held_on=yesterday(), place="活动室", content="助餐", headcount=30, residents=25,
                                 volunteers=(volunteer,), starts=dt.time(9), ends=dt.time(11, 30))
    activity = services.activity_record(user=staff, project=project, data=data, photos=[png(), png("b.png")],
                                        sign_in=pdf())
    entry = ServiceEntry.objects.get(ref=activity.ref)
    assert entry.hours == Decimal("2.50") and entry.status == "recorded" and entry.region_id == C111
    assert Attachment.objects.filter(activity=activity).count() == 3
    with pytest.raises(ValidationError) as exc:  # members may not record hours: the community's staff do
        services.activity_record(user=people["member"], project=project, data=data)
    assert "volunteers" in exc.value.message_dict


def _stored(path="projects/delivery") -> list[str]:
    """Every file the storage holds under ``path`` (the tests' in-memory storage, or the disk)."""
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:
        return []
    return sorted([f"{path}/{f}" for f in files] + [n for d in folders for n in _stored(f"{path}/{d}")])


@pytest.mark.parametrize(("kind", "upload"), [
    ("photos", [png(), png(data=b"GIF89a" + b"0" * 20)]), ("photos", [png(data=PDF)]),
    ("sign_in", pdf(data=b"MZ" + b"0" * 30)), ("photos", [png(data=PNG + b"0" * (5 * 1024 * 1024))]),
    ("sign_in", pdf(data=b"")),
])
def test_files_of_a_wrong_type_or_too_large_are_refused_and_nothing_is_saved(people, kind, upload):
    project = delivering(people, C111)
    data = services.ActivityData(held_on=yesterday(), place="活动室", content="助餐", headcount=3)
    before = _stored()
    with pytest.raises(ValidationError) as exc:
        services.activity_record(user=people["member"], project=project, data=data, **{kind: upload})
    assert kind in exc.value.message_dict
    assert not project.delivered_activities.exists() and not Attachment.objects.exists()
    assert _stored() == before  # no file left behind


def test_reports_once_per_kind_with_an_attachment(people):
    project = delivering(people, C111)
    report = services.report_submit(user=people["member"], project=project, kind="midterm", text_="中期进展",
                                    attachment=pdf())
    assert report.attachments.get().content_type == "application/pdf"
    with pytest.raises(ValidationError):
        services.report_submit(user=people["member"], project=project, kind="midterm", text_="又一次")


def test_the_acceptance_checklist_then_accept(people):
    staff = people["staff"]
    project = fire(staff, delivering(people, C111), "submit_acceptance")
    all_items = {code: True for code, _label in services.CHECKLIST}
    with pytest.raises(ValidationError):
        services.acceptance_record(user=staff, project=project, items={**all_items, "money": False}, accept=True)
    with pytest.raises(PermissionDenied):
        services.acceptance_record(user=people["member"], project=project, items=all_items)
    services.acceptance_record(user=staff, project=project, items=all_items, comments="资料齐全", accept=True)
    assert Project.objects.get(pk=project.pk).status == "accepted"
    assert Acceptance.objects.get(project=project).items == all_items


def test_a_change_request_approved_after_spending_keeps_the_expenses_on_their_line(people):
    from projects import services as project_services
    from projects.errors import ProjectError

    from ..support import plan

    project = delivering(people, C111)
    line = _line(project)
    expense = _expense(people["member"], project, "10.00", line=line)
    kept = (line.kind, line.funding_source)
    # The new plan puts a line before it and raises its amount: the line (and what was spent on it) stays.
    rows = [("materials", "self", "500.00"), ("personnel", "public", "9000.00"), ("activities", "charity", "4000.00")]
    change = project_services.change_request_create(user=people["staff"], project=project, reason="调整",
                                                    plan=plan(total="13500.00", lines=rows, title="改"))
    project_services.change_request_transition(user=people["officer"], change=change, name="approve")
    expense.refresh_from_db()
    assert (expense.line.kind, expense.line.funding_source) == kept and expense.line_id == line.pk
    assert [(bl.kind, bl.amount) for bl in project.budget_lines.order_by("position")] == [
        ("materials", Decimal("500.00")), ("personnel", Decimal("9000.00")), ("activities", Decimal("4000.00"))]
    # A plan without a line of that item and source cannot drop what was spent on it.
    change = project_services.change_request_create(
        user=people["staff"], project=project, reason="删去", plan=plan(
            total="4000.00", lines=[("activities", "charity", "4000.00")] if kept[0] != "activities"
            else [("personnel", "public", "4000.00")]))
    with pytest.raises(ProjectError, match="expenses|支出"):
        project_services.change_request_transition(user=people["officer"], change=change, name="approve")
    assert Expense.objects.filter(pk=expense.pk, line=line).exists()


def test_a_street_projects_activity_takes_place_in_one_of_its_communities(people, client):
    from projects import services as project_services
    from wuse.regions.models import Region

    from ..support import co_design, listed_need, new_project, organization

    staff, officer = people["staff"], people["officer"]
    project = new_project(officer, S11, needs=[listed_need(staff, C111, "跨社区")])
    co_design(officer, project)
    project = fire(officer, project, "submit")
    project = fire(make_user("officer_b", Role.STREET_OFFICER, S11), project, "approve_street", "publish")
    project = project_services.project_undertake(user=officer, project=project,
                                                 organization=organization("街道机构", S11, credit_suffix=9))
    project = fire(officer, project, "start")
    data = services.ActivityData(held_on=yesterday(), place="街道", content="活动", headcount=5)
    with pytest.raises(ValidationError) as exc:
        services.activity_record(user=officer, project=project, data=data)
    assert "community" in exc.value.message_dict
    far = services.ActivityData(**{**data.__dict__, "community": Region.objects.get(code="410102001001")})
    with pytest.raises(ValidationError):
        services.activity_record(user=officer, project=project, data=far)
    near = services.ActivityData(**{**data.__dict__, "community": Region.objects.get(code=C111)})
    assert services.activity_record(user=officer, project=project, data=near).community_id == C111
    client.force_login(officer)
    html = client.get(f"/projects/{project.pk}/?tab=activities").content.decode()
    assert 'name="community"' in html and "410101001002" in html and "410102001001" not in html
