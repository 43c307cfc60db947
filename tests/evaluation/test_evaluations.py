"""Evaluations: who may be assigned (the evaluator's conflict of interest), the third party's object grant given
and removed, scores refused out of range or with two decimals (nothing partial), the declaration before scoring,
scores hidden from the other evaluators until the close, the close computing the final score and closing a final
evaluation's project, the computed project figures in a constant number of queries."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import get_perms

from evaluation import selectors, services
from evaluation.access import EVALUATOR_PERM
from evaluation.errors import EvaluationError
from evaluation.figures import project_figures
from evaluation.models import Evaluation, Score
from projects.models import Project
from wuse.access import api as access

from .support import all_scores, indicators, score_and_submit, set_up

pytestmark = pytest.mark.django_db


def test_an_evaluator_of_the_undertaking_organization_is_refused(people, project):
    evaluation = services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    with pytest.raises(EvaluationError, match="Conflict of interest"):
        services.assignment_add(user=people["reviewer"], evaluation=evaluation, kind="third_party",
                                assignee=people["evaluator_member"])
    assert not evaluation.assignments.exists()
    assert "evaluate_evaluation" not in get_perms(people["evaluator_member"], evaluation)


@pytest.mark.parametrize(("kind", "assignee"), [
    ("third_party", "officer"), ("third_party", "member"), ("street", "officer_other"), ("street", "evaluator"),
    ("self", "evaluator"), ("self", "officer"), ("nobody", "evaluator"),
])
def test_only_eligible_people_are_assigned(people, project, kind, assignee):
    evaluation = services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    with pytest.raises(EvaluationError):
        services.assignment_add(user=people["reviewer"], evaluation=evaluation, kind=kind, assignee=people[assignee])


def test_only_the_district_sets_up_and_assigns(people, project):
    for name in ("officer", "staff", "reviewer_other", "evaluator", "member", "city"):
        with pytest.raises(PermissionDenied):
            services.evaluation_create(user=people[name], project=project, stage="final")
    evaluation = services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    with pytest.raises(EvaluationError, match="already"):
        services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    with pytest.raises(EvaluationError):  # a mid-term evaluation of a project awaiting its final one
        services.evaluation_create(user=people["reviewer"], project=project, stage="midterm")
    with pytest.raises(PermissionDenied):
        services.assignment_add(user=people["officer"], evaluation=evaluation, kind="street",
                                assignee=people["officer"])


def test_the_assignment_grants_the_evaluation_and_the_project_and_unassigning_takes_them_back(people, project):
    evaluator = people["evaluator"]
    assert not selectors.evaluations(evaluator).exists()
    evaluation, parts, _who = set_up(people, project, kinds=("third_party",))
    assert get_perms(evaluator, evaluation) == ["evaluate_evaluation"]
    assert list(selectors.evaluations(evaluator)) == [evaluation]
    assert access.can(evaluator, "evaluation.score", evaluation)
    assert access.can(evaluator, "project.view", project)
    assert list(access.scoped(evaluator, "project.view", Project.objects.all())) == [project]
    assert not access.can(people["evaluator_other"], "evaluation.view", evaluation)
    assert not access.can(people["evaluator_other"], "project.view", project)
    services.assignment_remove(user=people["reviewer"], assignment=parts["third_party"])
    access.forget(evaluator)
    assert get_perms(evaluator, evaluation) == []
    assert not selectors.evaluations(evaluator).exists()
    assert not access.can(evaluator, "project.view", project)
    assert EVALUATOR_PERM.endswith("evaluate_evaluation")


def test_scores_out_of_range_or_with_two_decimals_are_refused_and_nothing_is_saved(people, project):
    evaluation, parts, who = set_up(people, project)
    first, second = indicators(evaluation)[:2]
    for bad in ("2.25", str(first.max_score + Decimal("0.1")), "-1", "abc"):
        with pytest.raises(ValidationError) as refused:
            services.scores_save(user=who["third_party"], assignment=parts["third_party"],
                                 values={second.pk: "1", first.pk: bad})
        assert f"score_{first.pk}" in refused.value.message_dict
    assert not Score.objects.exists()
    evaluation.refresh_from_db()
    assert evaluation.status == "assigned"
    services.scores_save(user=who["third_party"], assignment=parts["third_party"], values={first.pk: "2.50"})
    assert Score.objects.get().value == Decimal("2.5")
    evaluation.refresh_from_db()
    assert evaluation.status == "in_progress"  # the first score saved starts the evaluation


def test_only_the_assignee_scores_and_only_after_declaring(people, project):
    evaluation, parts, who = set_up(people, project, kinds=("third_party",))
    values = all_scores(evaluation)
    for intruder in ("evaluator_other", "officer", "reviewer", "member"):
        with pytest.raises(PermissionDenied):
            services.scores_save(user=people[intruder], assignment=parts["third_party"], values=values)
    services.assignment_add(user=people["reviewer"], evaluation=evaluation, kind="street", assignee=people["officer"])
    street = evaluation.assignments.get(kind="street")
    with pytest.raises(EvaluationError, match="conflict of interest"):
        services.scores_save(user=people["officer"], assignment=street, values=values)
    self_part = services.assignment_add(user=people["reviewer"], evaluation=evaluation, kind="self",
                                        assignee=people["member"])
    services.scores_save(user=people["member"], assignment=self_part, values=values)  # no declaration asked
    with pytest.raises(EvaluationError, match="Score every"):
        services.assignment_submit(user=who["third_party"], assignment=parts["third_party"])


def test_scores_are_hidden_from_the_other_evaluators_until_the_close(people, project):
    evaluation, parts, who = set_up(people, project, kinds=("third_party", "street", "self"))
    score_and_submit(who, parts, {"third_party": "0.9", "street": "0.8"})
    services.scores_save(user=who["self"], assignment=parts["self"], values=all_scores(evaluation, "1"))

    def kinds(name):
        return set(selectors.scorecard(people[name], Evaluation.objects.get(pk=evaluation.pk)))

    assert kinds("evaluator") == {"third_party"}
    assert kinds("officer") == {"street"}
    assert kinds("member") == {"self"}  # the undertaker sees its self-assessment
    assert kinds("evaluator_member") == {"self"}
    assert kinds("reviewer") == set()  # not yet submitted as a whole
    assert {s.assignment.kind for s in selectors.visible_scores(people["evaluator"], evaluation)} == {"third_party"}
    services.assignment_submit(user=who["self"], assignment=parts["self"])
    assert Evaluation.objects.get(pk=evaluation.pk).status == "submitted"
    assert kinds("reviewer") == {"third_party", "street", "self"}  # the district reviews before closing
    assert kinds("evaluator") == {"third_party"}
    services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")
    for name in ("evaluator", "officer", "member", "reviewer", "city"):
        assert kinds(name) == {"third_party", "street", "self"}, name
    assert kinds("evaluator_other") == set()


def test_closing_a_final_evaluation_closes_the_project_with_its_grade(people, project):
    evaluation, parts, who = set_up(people, project)
    with pytest.raises(EvaluationError):  # nothing submitted yet
        services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")
    score_and_submit(who, parts, {"third_party": "0.9", "street": "0.8"})
    evaluation = services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")
    # 0.6 × 90.0 + 0.4 × 80.0 (every sub-indicator at 90 % and 80 %, one decimal each: 89.9… and 80.0)
    cards = selectors.scorecard(people["reviewer"], evaluation)
    expected = ((Decimal("60") * cards["third_party"].total + Decimal("40") * cards["street"].total) / 100)
    assert evaluation.final_score == expected.quantize(Decimal("0.1"))
    assert evaluation.grade == ("good" if evaluation.final_score >= 80 else "pass")
    assert evaluation.closed_by == people["reviewer"] and evaluation.closed_at
    project.refresh_from_db()
    assert project.status == "closed"


def test_a_midterm_evaluation_does_not_close_the_project(people, project):
    from evaluation.models import Assignment

    evaluation, parts, who = set_up(people, project)
    Evaluation.objects.filter(pk=evaluation.pk).update(stage="midterm")
    score_and_submit(who, {k: Assignment.objects.get(pk=a.pk) for k, a in parts.items()},
                     {"third_party": "1", "street": "1"})
    evaluation = services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")
    assert (evaluation.final_score, evaluation.grade) == (Decimal("100.0"), "excellent")
    project.refresh_from_db()
    assert project.status == "evaluation"


def test_project_figures_are_computed_in_a_constant_number_of_queries(people, project):
    from projects.delivery.models import Activity, Milestone

    def measured():
        with CaptureQueriesContext(connection) as queries:
            figures = project_figures(Project.objects.get(pk=project.pk))
        return figures, len(queries) - 1

    figures, few = measured()
    assert (figures.activities_held, figures.served, figures.milestones) == (0, 0, 0)
    assert figures.planned_headcount == 40 and figures.planned_activities == 1 and figures.budget == Decimal("12000")
    for n in range(6):
        Activity.objects.create(project=project, community_id=project.region_id, held_on="2026-05-01", place="室",
                                content=f"活动{n}", headcount=6, residents=5, recorded_by=people["staff"])
        Milestone.objects.create(project=project, title=f"m{n}", due_on="2026-06-01", progress=100,
                                 done_on="2026-05-31" if n % 2 else "2026-06-02", created_by=people["staff"])
    figures, many = measured()
    assert many == few <= 4
    assert (figures.activities_held, figures.served, figures.milestones, figures.milestones_on_time) == (6, 36, 6, 3)
    assert figures.pair("headcount") == (Decimal("36"), Decimal("40"))
    headcount = next(i for i in indicators_of_template(project) if i.figure == "headcount")
    assert figures.suggested(headcount) == headcount.max_score * Decimal("0.8")  # 36 / 40 = 90 %
    assert figures.suggestion(headcount).startswith("by the output bands: ")


def indicators_of_template(project):
    from evaluation.models import SubIndicator

    return SubIndicator.objects.filter(dimension__version=services.template_for(project))
