"""The steps' reminder rules with frozen time: for each, an item not yet due, one due (the right unit, the right
people told), one no longer pending; the escalation of the project review and of the rectification; the heads-ups
that stop once their date has passed; and every rule's query (pending + the anchor window) on this database.

Run on SQLite by default and on PostgreSQL with DATABASE_URL (the annotations — a state's entry time from the
timeline, a street's code from a community's, a constant anchor — must hold on both)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.helpers import C111, D1, S11
from tests.notify.steps_support import (
    approved,
    awaiting_evaluation,
    chain,
    delivering_project,
    everyone,
    final_report,
    list_fire,
    milestone,
    needs_list,
    on,
    order,
    rolled_up,
    submitted_project,
    sweep_on,
    told,
)
from wuse.notify.config import Config
from wuse.notify.models import Reminder
from wuse.notify.rules import RULES
from wuse.notify.sweep import SweepResult, reminders_of

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 3, 2)
STEP_RULES = ("needs.list_unpublished", "needs.list_review", "projects.street_review", "projects.district_review",
              "projects.milestone_due", "projects.milestone_overdue", "projects.final_report_due",
              "projects.final_report_overdue", "projects.acceptance_pending", "evaluation.assignment_pending",
              "evaluation.rectification_overdue", "assessment.approval_due", "ledger.order_unfulfilled")


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@pytest.fixture
def who(tree):
    return everyone(tree)


def test_every_rule_is_registered_with_an_action_its_role_holds_or_a_user():
    from wuse.access.policy import grants

    for key in STEP_RULES:
        rule = RULES[key]
        assert rule.label and rule.help and rule.days_help and str(rule.group), key
        assert rule.user or grants(rule.action), key


# --- needs lists ----------------------------------------------------------------------------------------------

def test_a_needs_list_still_a_draft_two_weeks_into_its_period_is_reminded_to_the_community(who):
    with on(MONDAY - days(20)):
        draft = needs_list(who["staff"], MONDAY)
    sweep_on(MONDAY + days(13))
    assert chain("needs.list_unpublished") == []
    sweep_on(MONDAY + days(14))
    assert chain("needs.list_unpublished") == [(0, C111, str(draft.pk), MONDAY + days(14))]
    assert told("needs.list_unpublished") == {("staff", 0)}
    sweep_on(MONDAY + days(21))
    assert [row[:2] for row in chain("needs.list_unpublished")] == [(0, C111), (1, S11)]


def test_a_needs_list_submitted_or_published_once_is_not_reminded_as_unpublished(who):
    with on(MONDAY - days(20)):
        submitted = list_fire(who["staff"], needs_list(who["staff"], MONDAY, with_need=True), "submit")
        revised = needs_list(who["staff"], MONDAY, label="2026年第三季度", with_need=True)
        revised = list_fire(who["staff"], revised, "submit")
        revised = list_fire(who["officer"], revised, "approve")
        list_fire(who["staff"], revised, "revise")  # a draft again, its first version still published
    sweep_on(MONDAY + days(14))
    assert chain("needs.list_unpublished") == []
    assert submitted.status == "in_review"


def test_a_submitted_needs_list_waits_for_the_streets_review_from_its_last_submission(who):
    with on(MONDAY):
        waiting = list_fire(who["staff"], needs_list(who["staff"], MONDAY, with_need=True), "submit")
    with on(MONDAY + days(2)):
        list_fire(who["officer"], waiting, "return", reason="补充说明")
    with on(MONDAY + days(3)):
        waiting = list_fire(who["staff"], waiting, "submit")
    sweep_on(MONDAY + days(7))  # five days after the first submission: it was returned since
    assert chain("needs.list_review") == []
    sweep_on(MONDAY + days(8))
    assert chain("needs.list_review") == [(0, S11, str(waiting.pk), MONDAY + days(8))]
    assert told("needs.list_review") == {("officer", 0)}
    with on(MONDAY + days(9)):
        list_fire(who["officer"], waiting, "approve")
    sweep_on(MONDAY + days(20))
    assert len(chain("needs.list_review")) == 1


# --- projects: the reviews and the acceptance -----------------------------------------------------------------

def test_a_project_waiting_for_the_street_is_told_to_its_street_then_escalated_to_the_district(who):
    with on(MONDAY):
        project = submitted_project(who)
    sweep_on(MONDAY + days(4))
    assert chain("projects.street_review") == []
    due = MONDAY + days(5)
    sweep_on(due)
    assert chain("projects.street_review") == [(0, S11, str(project.pk), due)]
    assert told("projects.street_review") == {("officer", 0)}
    sweep_on(due + days(4))
    assert len(chain("projects.street_review")) == 1  # the street's item goes on to the district only
    sweep_on(due + days(5))
    assert [row[:2] for row in chain("projects.street_review")] == [(0, S11), (1, D1)]
    assert told("projects.street_review") == {("officer", 0), ("reviewer", 1)}


def test_a_project_reviewed_by_the_street_is_no_longer_reminded(who):
    from tests.projects.support import fire

    with on(MONDAY):
        project = submitted_project(who)
    with on(MONDAY + days(3)):
        fire(who["officer"], project, "approve_street")
    sweep_on(MONDAY + days(5))
    sweep_on(MONDAY + days(12))
    assert chain("projects.street_review") == []
    assert chain("projects.district_review") == []  # below the threshold: approved outright


def test_a_project_above_the_threshold_waits_for_the_district_from_the_streets_approval(who):
    from projects.models import ReviewThreshold
    from tests.projects.support import fire

    ReviewThreshold.objects.create(district_id=D1, amount=Decimal("5000"))
    with on(MONDAY):
        project = submitted_project(who)
        decided = submitted_project(who, title="助浴服务")
    with on(MONDAY + days(4)):
        project = fire(who["officer"], project, "approve_street")
        decided = fire(who["officer"], decided, "approve_street")
    assert project.status == decided.status == "district_review"
    with on(MONDAY + days(10)):
        fire(who["reviewer"], decided, "approve_district")
    sweep_on(MONDAY + days(10))
    assert chain("projects.district_review") == []
    sweep_on(MONDAY + days(11))
    assert chain("projects.district_review") == [(0, D1, str(project.pk), MONDAY + days(11))]
    assert told("projects.district_review") == {("reviewer", 0)}
    sweep_on(MONDAY + days(30))
    assert len(chain("projects.district_review")) == 1  # the district is the top: no escalation
    assert chain("projects.street_review") == []  # it left the street's review before it was due there


def test_a_project_waiting_for_acceptance_is_told_to_its_community(who):
    from tests.projects.support import checklist_done, fire

    with on(MONDAY):
        project = delivering_project(who)
        fire(who["staff"], project, "submit_acceptance")
        other = fire(who["staff"], delivering_project(who, title="助浴服务"), "submit_acceptance")
    sweep_on(MONDAY + days(6))
    assert chain("projects.acceptance_pending") == []
    with on(MONDAY + days(6)):
        checklist_done(other, who["staff"])
        fire(who["staff"], other, "accept")
    sweep_on(MONDAY + days(7))
    assert chain("projects.acceptance_pending") == [(0, C111, str(project.pk), MONDAY + days(7))]
    assert told("projects.acceptance_pending") == {("staff", 0)}


# --- the delivery: milestones and the final report ------------------------------------------------------------

def test_a_milestone_heads_up_comes_days_before_its_date_and_never_after_it(who):
    with on(MONDAY):
        project = delivering_project(who)
    date = MONDAY + days(20)
    ahead = milestone(project, who["staff"], date)
    done = milestone(project, who["staff"], date, title="完成的")
    done.progress, done.done_on = 100, MONDAY
    done.save()
    passed = milestone(project, who["staff"], MONDAY + days(10), title="错过的")  # no sweep until after its date
    sweep_on(date - days(4))
    assert chain("projects.milestone_due") == []
    sweep_on(date - days(3))
    assert chain("projects.milestone_due") == [(0, C111, str(ahead.pk), date - days(3))]
    assert told("projects.milestone_due") == {("staff", 0)}
    # Sweeps missed: a heads-up still comes while its date is ahead (with the due date it had)…
    caught_up = milestone(project, who["staff"], MONDAY + days(25), title="补上的")
    sweep_on(MONDAY + days(24))
    assert (0, C111, str(caught_up.pk), MONDAY + days(22)) in chain("projects.milestone_due")
    # …and none once it has passed (the overdue rule takes it).
    sweep_on(MONDAY + days(40))
    assert {row[2] for row in chain("projects.milestone_due")} == {str(ahead.pk), str(caught_up.pk)}
    assert str(passed.pk) in {row[2] for row in chain("projects.milestone_overdue")}


def test_a_milestone_overdue_is_reminded_the_day_after_and_escalates_until_it_is_done(who):
    with on(MONDAY):
        project = delivering_project(who)
    date = MONDAY + days(10)
    overdue = milestone(project, who["staff"], date)
    sweep_on(date)
    assert chain("projects.milestone_overdue") == []
    sweep_on(date + days(1))
    assert chain("projects.milestone_overdue") == [(0, C111, str(overdue.pk), date + days(1))]
    sweep_on(date + days(4))
    assert [row[:2] for row in chain("projects.milestone_overdue")] == [(0, C111), (1, S11)]
    overdue.progress, overdue.done_on = 100, date + days(5)
    overdue.save()
    sweep_on(date + days(20))
    assert [row[:2] for row in chain("projects.milestone_overdue")] == [(0, C111), (1, S11)]


def test_the_final_report_heads_up_comes_before_the_period_ends_unless_the_report_is_in(who):
    end = dt.date(2026, 6, 30)
    with on(MONDAY):
        project = delivering_project(who, period_end=end)
        reported = delivering_project(who, title="助浴服务", period_end=end)
    final_report(reported, who["staff"])
    sweep_on(end - days(15))
    assert chain("projects.final_report_due") == []
    sweep_on(end - days(14))
    assert chain("projects.final_report_due") == [(0, C111, str(project.pk), end - days(14))]
    assert told("projects.final_report_due") == {("staff", 0)}
    sweep_on(end + days(1))
    assert len(chain("projects.final_report_due")) == 1


def test_the_final_report_overdue_after_the_period_ended_while_the_project_is_in_progress(who):
    from tests.projects.support import fire

    end = dt.date(2026, 6, 30)
    with on(MONDAY):
        project = delivering_project(who, period_end=end)
        submitted = delivering_project(who, title="助浴服务", period_end=end)
        fire(who["staff"], submitted, "submit_acceptance")
    sweep_on(end + days(6))
    assert chain("projects.final_report_overdue") == []
    sweep_on(end + days(7))
    assert chain("projects.final_report_overdue") == [(0, C111, str(project.pk), end + days(7))]
    final_report(project, who["staff"])
    sweep_on(end + days(20))
    assert len(chain("projects.final_report_overdue")) == 1


# --- evaluation and rectification -----------------------------------------------------------------------------

def test_an_evaluator_who_has_not_submitted_is_told_then_the_district(who):
    from evaluation import services
    from tests.evaluation.support import all_scores

    with on(MONDAY):
        project = awaiting_evaluation(who)
        evaluation = services.evaluation_create(user=who["reviewer"], project=project, stage="final")
        third = services.assignment_add(user=who["reviewer"], evaluation=evaluation, kind="third_party",
                                        assignee=who["evaluator"])
        street = services.assignment_add(user=who["reviewer"], evaluation=evaluation, kind="street",
                                         assignee=who["officer"])
    with on(MONDAY + days(5)):
        services.assignment_declare(user=who["officer"], assignment=street)
        services.scores_save(user=who["officer"], assignment=street, values=all_scores(evaluation, "0.9"))
        services.assignment_submit(user=who["officer"], assignment=street)
    sweep_on(MONDAY + days(13))
    assert chain("evaluation.assignment_pending") == []
    due = MONDAY + days(14)
    sweep_on(due)
    assert chain("evaluation.assignment_pending") == [(0, C111, str(third.pk), due)]
    assert told("evaluation.assignment_pending") == {("evaluator", 0)}
    sweep_on(due + days(7))
    # level 2: the district (the street's level is skipped, not renumbered)
    assert [row[:2] for row in chain("evaluation.assignment_pending")] == [(0, C111), (2, D1)]
    assert told("evaluation.assignment_pending") == {("evaluator", 0), ("reviewer", 2)}


def test_an_evaluation_sent_back_counts_again_from_the_day_it_was_sent_back(who):
    from evaluation import services
    from evaluation.models import Evaluation
    from tests.evaluation.support import all_scores

    with on(MONDAY):
        project = awaiting_evaluation(who)
        evaluation = services.evaluation_create(user=who["reviewer"], project=project, stage="final")
        part = services.assignment_add(user=who["reviewer"], evaluation=evaluation, kind="street",
                                       assignee=who["officer"])
        services.assignment_declare(user=who["officer"], assignment=part)
        services.scores_save(user=who["officer"], assignment=part, values=all_scores(evaluation, "0.9"))
        services.assignment_submit(user=who["officer"], assignment=part)
    sweep_on(MONDAY + days(14))
    assert chain("evaluation.assignment_pending") == []  # submitted
    with on(MONDAY + days(20)):
        services.evaluation_transition(user=who["reviewer"], evaluation=Evaluation.objects.get(pk=evaluation.pk),
                                       name="send_back", reason="补充佐证")
    sweep_on(MONDAY + days(33))
    assert chain("evaluation.assignment_pending") == []
    sweep_on(MONDAY + days(34))
    assert chain("evaluation.assignment_pending") == [(0, C111, str(part.pk), MONDAY + days(34))]
    assert told("evaluation.assignment_pending") == {("officer", 0)}


def _rectification(who, deadline):
    from evaluation import services as evaluation_services
    from evaluation.rectification import services
    from tests.evaluation.rectification_support import submitted_evaluation

    evaluation = submitted_evaluation(who, awaiting_evaluation(who))
    evaluation = evaluation_services.evaluation_transition(user=who["reviewer"], evaluation=evaluation, name="close")
    return services.rectification_create(user=who["officer"], evaluation=evaluation, finding="台账不完整",
                                         action="补齐签到记录", deadline=deadline, owner_user=who["member"])


def test_a_rectification_past_its_deadline_reaches_its_owner_then_the_street_then_the_district(who):
    deadline = MONDAY + days(30)
    with on(MONDAY):
        rectification = _rectification(who, deadline)
    sweep_on(deadline)
    assert chain("evaluation.rectification_overdue") == []
    due = deadline + days(1)
    sweep_on(due)
    assert chain("evaluation.rectification_overdue") == [(0, C111, str(rectification.pk), due)]
    assert told("evaluation.rectification_overdue") == {("member", 0)}
    sweep_on(due + days(2))
    assert len(chain("evaluation.rectification_overdue")) == 1
    sweep_on(due + days(3))
    sweep_on(due + days(7))
    assert [row[:2] for row in chain("evaluation.rectification_overdue")] == [(0, C111), (1, S11), (2, D1)]
    assert told("evaluation.rectification_overdue") == {("member", 0), ("officer", 1), ("reviewer", 2)}


def test_a_rectification_submitted_is_no_longer_overdue(who):
    from evaluation.rectification import services

    deadline = MONDAY + days(30)
    with on(MONDAY):
        rectification = _rectification(who, deadline)
    with on(deadline):
        services.rectification_submit(user=who["member"], rectification=rectification, done="已补齐",
                                      evidence_note="台账在社区办公室可查")
    sweep_on(deadline + days(10))
    assert chain("evaluation.rectification_overdue") == []


# --- the annual assessment ------------------------------------------------------------------------------------

C112 = "410101001002"


def test_last_years_figures_ready_for_approval_are_reminded_to_the_parent_after_january(who):
    year = 2026
    rolled_up(year - 1, [C111, C112, S11])
    rolled_up(year - 2, [C111])  # an older year is not asked for
    approved(year - 1, C112, who["officer"])
    feb = dt.date(year, 2, 1)
    sweep_on(feb - days(1))
    assert chain("assessment.approval_due") == []
    sweep_on(feb)
    # C111 waits for its street; S11 is not ready (C111 below it is still open); C112 is approved.
    assert chain("assessment.approval_due") == [(0, S11, C111, feb)]
    assert told("assessment.approval_due") == {("officer", 0)}
    assert Reminder.objects.get(rule="assessment.approval_due").url == f"/assessment/{S11}/?year={feb.year - 1}"
    sweep_on(feb + days(7))
    assert [row[:2] for row in chain("assessment.approval_due")] == [(0, S11), (1, D1)]
    approved(year - 1, C111, who["officer"])
    sweep_on(feb + days(10))
    # Now S11 is ready: its district is told at once (due, like every unit, 31 days after 1 January).
    assert (0, D1, S11, feb) in chain("assessment.approval_due")
    assert ("reviewer", 0) in told("assessment.approval_due")
    approved(year - 1, S11, who["reviewer"])
    before = len(chain("assessment.approval_due"))
    sweep_on(feb + days(20))
    assert len(chain("assessment.approval_due")) == before


# --- the ledger -----------------------------------------------------------------------------------------------

def test_a_redemption_not_handed_over_reaches_the_shops_community_then_its_street_only(who):
    from wuse.ledger import services as ledger

    with on(MONDAY):
        waiting = order(who["staff"])
        handed = order(who["staff"], name="李大爷", item="洗衣液")
    with on(MONDAY + days(2)):
        ledger.redemption_fulfil(handed, user=who["staff"])
    sweep_on(MONDAY + days(6))
    assert chain("ledger.order_unfulfilled") == []
    due = MONDAY + days(7)
    sweep_on(due)
    assert chain("ledger.order_unfulfilled") == [(0, C111, str(waiting.pk), due)]
    assert told("ledger.order_unfulfilled") == {("staff", 0)}
    assert Reminder.objects.get(rule="ledger.order_unfulfilled").url == "/ledger/orders/"
    sweep_on(due + days(7))
    sweep_on(due + days(30))
    assert [row[:2] for row in chain("ledger.order_unfulfilled")] == [(0, C111), (1, S11)]  # never the district


# --- every rule's query, on this database ---------------------------------------------------------------------

def test_every_rules_query_runs_with_its_anchor_window_and_reads_its_fields(who):
    """Each rule's pending() with the anchor window and the columns the sweep reads, over items of every kind."""
    with on(MONDAY):
        submitted_project(who)
        project = delivering_project(who, title="助浴服务")
        milestone(project, who["staff"], MONDAY + days(2))
        needs_list(who["staff"], MONDAY)
        order(who["staff"])
    rolled_up(2025, [C111])
    config, result, produced = Config.load(), SweepResult(), set()
    for key in STEP_RULES:
        for day in (MONDAY, MONDAY + days(1), MONDAY + days(40), dt.date(2026, 2, 1)):
            with on(day):
                produced |= {r.rule for r in reminders_of(RULES[key], config, day, result)}
    assert not result.skipped
    assert {"needs.list_unpublished", "projects.street_review", "projects.milestone_due", "projects.milestone_overdue",
            "ledger.order_unfulfilled", "assessment.approval_due"} <= produced
