"""The project's lifecycle table: every transition × every state × every principal, generated from the process and
the policy table; the co-design gate; the budget-threshold routing; the needs' return to the list; suspend and
resume; the undertaker; the change request."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from needs.models import Need
from projects import services
from projects.access import UNDERTAKER_ACTIONS
from projects.errors import ProjectError
from projects.models import Project, ReviewThreshold
from projects.workflow import CHANGE_PROCESS, PROJECT_PROCESS
from tests.helpers import C111, C112, CITY, D1, S11, make_user
from tests.test_access_matrix import expected, placement
from wuse.access.policy import POLICY
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import transition_apply, transition_options

from .support import checklist_done, co_design, fire, listed_need, new_project, organization, plan, ready_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """Refusals matched by their English wording (the page test below checks the Chinese one)."""
    with translation.override("en"):
        yield

# (name, role, unit); "member" is a member of the project's undertaker, "stranger" of another organization.
PRINCIPALS = [
    ("staff", Role.COMMUNITY_STAFF, C111), ("staff_sibling", Role.COMMUNITY_STAFF, C112),
    ("officer", Role.STREET_OFFICER, S11), ("officer_far", Role.STREET_OFFICER, "410102001000"),
    ("reviewer", Role.DISTRICT_REVIEWER, D1), ("reviewer_far", Role.DISTRICT_REVIEWER, "410102000000"),
    ("city", Role.CITY_ADMIN, CITY), ("member", Role.ORG_MEMBER, D1), ("stranger", Role.ORG_MEMBER, D1),
    ("evaluator", Role.EVALUATOR, CITY),
]


def _holds(name: str, role, unit: str, action: str) -> bool:
    by_table = expected(action, role, placement(unit, Region.objects.get(code=unit).prefix, C111))
    return by_table or (name == "member" and action in UNDERTAKER_ACTIONS)


@pytest.fixture
def table_world(tree):
    users = {name: make_user(name, role, unit) for name, role, unit in PRINCIPALS}
    project = ready_project(users["staff"], C111)
    undertaker = organization("乐龄社工", D1, member=users["member"], credit_suffix=1)
    organization("别的机构", D1, member=users["stranger"], credit_suffix=2)
    Project.objects.filter(pk=project.pk).update(undertaker=undertaker)
    checklist_done(project, users["staff"])  # "accept" holds only with the checklist (tested below)
    return users, Project.objects.get(pk=project.pk), undertaker


def test_every_transition_from_every_state_for_every_principal(table_world):
    users, project, undertaker = table_world
    data = {"organization": undertaker, "funds_to_recover": Decimal("0")}
    wrong, cases = [], 0
    for state, _label in PROJECT_PROCESS.choices:
        Project.objects.filter(pk=project.pk).update(status=state, suspended_from="in_progress")
        for transition in PROJECT_PROCESS.transitions:
            for name, role, unit in PRINCIPALS:
                user = users[name]
                want = ("ok" if _holds(name, role, unit, transition.action) else "denied") \
                    if state in transition.sources else "wrong_state"
                with transaction.atomic():
                    try:
                        obj = Project.objects.get(pk=project.pk)
                        transition_apply(process=PROJECT_PROCESS, obj=obj, name=transition.name, user=user,
                                         reason="理由", data=data)
                        got = "ok"
                    except ProjectError:
                        got = "wrong_state"
                    except PermissionDenied:
                        got = "denied"
                    transaction.set_rollback(True)
                cases += 1
                if got != want:
                    wrong.append((state, transition.name, name, want, got))
    assert wrong == []
    assert cases == len(PROJECT_PROCESS.states) * len(PROJECT_PROCESS.transitions) * len(PRINCIPALS)


def test_the_pages_offer_exactly_the_manual_transitions_the_table_allows(table_world):
    users, project, _undertaker = table_world
    for state, _label in PROJECT_PROCESS.choices:
        Project.objects.filter(pk=project.pk).update(status=state)
        obj = Project.objects.get(pk=project.pk)
        for name, role, unit in PRINCIPALS:
            offered = {o.name for o in transition_options(PROJECT_PROCESS, obj, users[name])}
            want = {t.name for t in PROJECT_PROCESS.transitions_from(state)
                    if t.manual and _holds(name, role, unit, t.action)}
            assert offered == want, (state, name)


def test_accepting_needs_the_whole_acceptance_checklist(people):
    staff = people["staff"]
    project = ready_project(staff, C111)
    Project.objects.filter(pk=project.pk).update(status="acceptance")
    for checklist in (None, False):
        if checklist is not None:
            checklist_done(project, staff, complete=checklist)
        option = {o.name: o for o in transition_options(PROJECT_PROCESS, Project.objects.get(pk=project.pk), staff)}
        assert not option["accept"].allowed and "checklist" in option["accept"].reason
        with pytest.raises(ProjectError, match="checklist"):
            services.project_transition(user=staff, project=Project.objects.get(pk=project.pk), name="accept")
    checklist_done(project, staff)
    accepted = services.project_transition(user=staff, project=Project.objects.get(pk=project.pk), name="accept")
    assert accepted.status == "accepted"


def test_close_is_fired_by_the_evaluation_step_not_from_a_page(table_world):
    users, project, _undertaker = table_world
    Project.objects.filter(pk=project.pk).update(status="evaluation")
    with pytest.raises(ProjectError):
        services.project_transition(user=users["officer"], project=project, name="close")
    closed = services.project_close(user=users["officer"], project=project, reason="评估完成")
    assert closed.status == "closed"


def test_submitting_without_co_design_is_refused_and_the_page_says_why(people, client):
    staff = people["staff"]
    project = new_project(staff, C111, needs=[listed_need(staff, C111)])
    options = {o.name: o for o in transition_options(PROJECT_PROCESS, project, staff)}
    assert not options["submit"].allowed and "co-design" in options["submit"].reason.lower()
    with pytest.raises(ProjectError, match="co-design"):
        fire(staff, project, "submit")
    assert AuditEntry.objects.filter(action="project.submit", outcome="denied").exists()
    client.force_login(staff)
    page = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="blocked-submit"' in page and 'data-testid="action-submit"' not in page
    assert "请至少记录一次居民参与设计" in page
    co_design(staff, project)
    assert fire(staff, project, "submit").status == "street_review"


def test_submitting_needs_a_need_a_period_and_budget_lines_that_add_up(people):
    staff = people["staff"]
    project = new_project(staff, C111)
    co_design(staff, project)
    with pytest.raises(ProjectError, match="need"):
        fire(staff, project, "submit")
    services.project_link_need(user=staff, project=project, need=listed_need(staff, C111))
    Project.objects.filter(pk=project.pk).update(total_budget=Decimal("99.99"))  # a write outside the services
    with pytest.raises(ProjectError, match="add up"):
        fire(staff, project, "submit")


@pytest.mark.parametrize(("total", "threshold", "routed_to"), [
    ("12000.00", None, "approved"), ("100000.00", None, "approved"), ("100000.01", None, "district_review"),
    ("60000.00", "50000", "district_review"), ("50000.00", "50000", "approved"),
])
def test_the_street_approval_goes_to_the_district_above_its_threshold(people, total, threshold, routed_to):
    staff, officer, reviewer = people["staff"], people["officer"], people["reviewer"]
    if threshold:
        services.threshold_set(user=reviewer, district=Region.objects.get(code=D1), amount=Decimal(threshold))
    project = ready_project(staff, C111, total=total, lines=(("personnel", "public", total),))
    project = fire(staff, project, "submit")
    project = fire(officer, project, "approve_street")
    assert project.status == routed_to
    if routed_to == "district_review":
        assert not project.versions.exists()  # frozen only when finally approved
        with pytest.raises(PermissionDenied):
            fire(officer, project, "approve_district")
        project = fire(reviewer, project, "approve_district")
        assert project.status == "approved"
    assert project.versions.get().number == 1 and project.approved_by in (officer, reviewer)


@override_settings(WUSE_PROJECT_REVIEW_THRESHOLD="1000")
def test_the_default_threshold_comes_from_the_settings(people):
    project = ready_project(people["staff"], C111)
    assert not ReviewThreshold.objects.exists()
    assert fire(people["officer"], fire(people["staff"], project, "submit"), "approve_street").status == \
        "district_review"


@pytest.mark.parametrize("path", [["withdraw"], ["submit", "reject_street"], ["submit", "withdraw"],
                                  ["submit", "approve_street", "terminate"],
                                  ["submit", "approve_street", "publish", "suspend", "terminate"]])
def test_needs_return_to_the_list_when_the_project_ends_before_delivery(people, path):
    staff, officer = people["staff"], people["officer"]
    project = ready_project(staff, C111)
    need = Need.objects.get(pk=project.need_links.get().need_id)
    assert need.status == "in_project"
    for name in path:
        actor = staff if name in ("submit", "withdraw", "publish") else officer
        project = fire(actor, project, name)
    need.refresh_from_db()
    assert need.status == "listed"
    assert project.need_links.get().released
    steps = list(TransitionLog.objects.timeline(need).values_list("transition", flat=True))
    assert steps[-2:] == ["to_project", "from_project"]
    # The need may now go into another project.
    other = new_project(staff, C111, needs=[need])
    assert other.need_links.count() == 1


def test_needs_stay_in_the_project_when_it_is_terminated_during_delivery(people):
    staff, officer = people["staff"], people["officer"]
    project = ready_project(staff, C111)
    org = organization("机构", D1)
    project = fire(officer, fire(staff, project, "submit"), "approve_street")
    project = fire(staff, project, "publish")
    project = services.project_undertake(user=staff, project=project, organization=org)
    project = fire(staff, project, "start")
    project = services.project_terminate(user=officer, project=project, reason="机构违约",
                                         funds_to_recover=Decimal("1500.50"))
    assert project.funds_to_recover == Decimal("1500.50") and project.terminate_reason == "机构违约"
    assert Need.objects.get(pk=project.need_links.get().need_id).status == "in_project"


def test_a_district_reviewer_rejecting_returns_the_needs(people):
    staff, officer, reviewer = people["staff"], people["officer"], people["reviewer"]
    project = ready_project(staff, C111, total="150000.00", lines=(("personnel", "public", "150000.00"),))
    project = fire(reviewer, fire(officer, fire(staff, project, "submit"), "approve_street"), "reject_district")
    assert project.status == "rejected" and project.reject_reason == "理由"
    assert Need.objects.get(pk=project.need_links.get().need_id).status == "listed"


def test_returned_projects_keep_their_needs_and_can_be_resubmitted(people):
    staff, officer = people["staff"], people["officer"]
    project = fire(officer, fire(staff, ready_project(staff, C111), "submit"), "return_street")
    assert project.status == "returned" and project.return_reason == "理由"
    assert Need.objects.get(pk=project.need_links.get().need_id).status == "in_project"
    assert fire(staff, project, "submit").status == "street_review"


@pytest.mark.parametrize("suspended_from", ["publishing", "undertaken", "in_progress"])
def test_resume_goes_back_to_where_the_project_was_suspended(people, suspended_from):
    staff, officer = people["staff"], people["officer"]
    project = ready_project(staff, C111)
    Project.objects.filter(pk=project.pk).update(status=suspended_from)
    project = fire(officer, project, "suspend")
    assert (project.status, project.suspended_from) == ("suspended", suspended_from)
    project = fire(officer, project, "resume")
    assert (project.status, project.suspended_from) == (suspended_from, "")


def test_the_undertaker_must_be_active_and_visible(people):
    staff = people["staff"]
    project = ready_project(staff, C111)
    Project.objects.filter(pk=project.pk).update(status="publishing")
    far = organization("外区机构", "410102000000", credit_suffix=7)
    with pytest.raises(Exception, match="organization"):
        services.project_undertake(user=staff, project=project, organization=far)
    inactive = organization("停业机构", D1, credit_suffix=8)
    inactive.status = "suspended"
    inactive.save()
    with pytest.raises(ProjectError, match="not active"):
        services.project_undertake(user=staff, project=project, organization=inactive)


# --- the change request -------------------------------------------------------------------------------


def _approved(people):
    staff, officer = people["staff"], people["officer"]
    return fire(officer, fire(staff, ready_project(staff, C111), "submit"), "approve_street")


def _changed_plan():
    return plan(total="15000.00", lines=(("personnel", "public", "8000.00"), ("activities", "charity", "7000.00")),
                title="老年助餐服务（扩大）")


def test_an_approved_plan_is_frozen_and_changes_by_request(people):
    staff, officer = people["staff"], people["officer"]
    project = _approved(people)
    with pytest.raises(ProjectError, match="frozen"):
        services.project_update(user=staff, project=project, version=project.version, plan=_changed_plan())
    change = services.change_request_create(user=staff, project=project, plan=_changed_plan(), reason="服务人数增加")
    with pytest.raises(ProjectError, match="already waiting"):
        services.change_request_create(user=staff, project=project, plan=_changed_plan(), reason="再来一次")
    with pytest.raises(PermissionDenied):
        services.change_request_transition(user=staff, change=change, name="approve")
    services.change_request_transition(user=officer, change=change, name="approve", reason="同意")
    project.refresh_from_db()
    assert (project.title, project.total_budget, project.lines_total()) == (
        "老年助餐服务（扩大）", Decimal("15000.00"), Decimal("15000.00"))
    v1, v2 = project.versions.order_by("number")
    assert v1.snapshot["fields"]["title"] == "老年助餐服务" and v2.snapshot["fields"]["title"] == "老年助餐服务（扩大）"
    assert v2.change_request == change


def test_a_rejected_change_leaves_the_plan_and_needs_a_reason(people):
    staff, officer = people["staff"], people["officer"]
    project = _approved(people)
    change = services.change_request_create(user=staff, project=project, plan=_changed_plan(), reason="增加经费")
    with pytest.raises(ProjectError):
        services.change_request_transition(user=officer, change=change, name="reject")
    change = services.change_request_transition(user=officer, change=change, name="reject", reason="经费不足")
    project.refresh_from_db()
    assert change.status == "rejected" and project.title == "老年助餐服务" and project.versions.count() == 1


def test_change_requests_are_refused_before_approval_and_when_nothing_changes(people):
    staff = people["staff"]
    draft = ready_project(staff, C111)
    with pytest.raises(ProjectError):
        services.change_request_create(user=staff, project=draft, plan=_changed_plan(), reason="x")
    project = _approved(people)
    with pytest.raises(Exception, match="same"):
        services.change_request_create(user=staff, project=project, plan=services.PlanData.of(project), reason="x")


def test_the_change_process_table_for_every_principal(table_world):
    users, project, _undertaker = table_world
    Project.objects.filter(pk=project.pk).update(status="approved")
    change = services.change_request_create(user=users["staff"], project=Project.objects.get(pk=project.pk),
                                            plan=_changed_plan(), reason="调整")
    for transition in CHANGE_PROCESS.transitions:
        for name, role, unit in PRINCIPALS:
            want = _holds(name, role, unit, transition.action)
            with transaction.atomic():
                try:
                    transition_apply(process=CHANGE_PROCESS, obj=change, name=transition.name, user=users[name],
                                     reason="理由")
                    got = True
                except PermissionDenied:
                    got = False
                transaction.set_rollback(True)
            assert got == want, (transition.name, name)
    assert POLICY["project.change_approve"] == {Role.STREET_OFFICER: POLICY["project.review_street"][
        Role.STREET_OFFICER]}


def test_copy_as_next_years_draft(people):
    staff = people["staff"]
    project = _approved(people)
    draft = services.project_copy_next_year(user=staff, project=project)
    assert (draft.status, draft.year, draft.copied_from) == ("draft", project.year + 1, project)
    assert draft.code.endswith(f"-{project.year + 1}-001")
    assert draft.period_start == dt.date(project.year + 1, 3, 1) and draft.total_budget == project.total_budget
    assert draft.lines_total() == project.lines_total() and not draft.need_links.exists()
    assert not draft.codesign_records.exists()
