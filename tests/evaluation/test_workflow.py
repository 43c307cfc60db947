"""The evaluation's states on the kernel: every transition from every state for every principal (generated from
the process and the policy table), reopen and send back need a reason, reopening clears the result, and a
refusal leaves nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from evaluation import services
from evaluation.errors import EvaluationError
from evaluation.models import Evaluation
from evaluation.workflow import EVALUATION_PROCESS
from wuse.audit.models import AuditEntry
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import transition_apply

from .support import score_and_submit, set_up

pytestmark = pytest.mark.django_db

# Who holds each action on the evaluation of a C111 project with ``evaluator`` (third party) and ``officer``
# (street) assigned and ``member`` in the undertaking organization.
HOLDERS = {
    "evaluation.score": {"officer", "evaluator", "member", "evaluator_member"},
    "evaluation.close": {"reviewer"},
    "evaluation.reopen": {"reviewer"},
}
PRINCIPALS = ("reviewer", "reviewer_other", "officer", "officer_other", "staff", "city", "member", "evaluator",
              "evaluator_member", "evaluator_other")


class Rollback(Exception):
    pass


@pytest.fixture
def scored(people, project):
    evaluation, parts, who = set_up(people, project)
    score_and_submit(who, parts, {"third_party": "0.9", "street": "0.85"})
    return Evaluation.objects.get(pk=evaluation.pk)


def _outcome(process, evaluation, name, user) -> str:
    try:
        with transaction.atomic():
            transition_apply(process=process, obj=evaluation, name=name, user=user, reason="理由")
            raise Rollback
    except Rollback:
        return "ok"
    except PermissionDenied:
        return "denied"
    except EvaluationError:
        return "refused"


def test_every_transition_from_every_state_for_every_principal(people, scored):
    wrong, cases = [], 0
    for state, _label in EVALUATION_PROCESS.choices:
        Evaluation.objects.filter(pk=scored.pk).update(status=state, final_score=50, grade="fail")
        for transition in EVALUATION_PROCESS.transitions:
            for name in PRINCIPALS:
                want = "refused" if state not in transition.sources else (
                    "ok" if name in HOLDERS[transition.action] else "denied")
                got = _outcome(EVALUATION_PROCESS, Evaluation.objects.get(pk=scored.pk), transition.name,
                               people[name])
                cases += 1
                if got != want:
                    wrong.append((state, transition.name, name, want, got))
    assert not wrong, wrong
    assert cases == 4 * len(EVALUATION_PROCESS.transitions) * len(PRINCIPALS)


def test_only_close_send_back_and_reopen_are_offered_on_a_page(people, scored):
    with pytest.raises(EvaluationError):
        services.evaluation_transition(user=people["reviewer"], evaluation=scored, name="start")
    with pytest.raises(EvaluationError):
        services.evaluation_transition(user=people["reviewer"], evaluation=scored, name="submit")


def test_reopen_needs_a_reason_and_clears_the_result(people, scored):
    reviewer = people["reviewer"]
    closed = services.evaluation_transition(user=reviewer, evaluation=scored, name="close")
    assert closed.final_score is not None
    assert Evaluation.objects.get(pk=scored.pk).project.status == "closed"
    for reason in ("", "   "):
        with pytest.raises(EvaluationError, match="Say why"):
            services.evaluation_transition(user=reviewer, evaluation=closed, name="reopen", reason=reason)
    assert Evaluation.objects.get(pk=scored.pk).status == "closed"
    assert AuditEntry.objects.filter(action="evaluation.reopen", outcome="denied").count() == 2
    reopened = services.evaluation_transition(user=reviewer, evaluation=closed, name="reopen",
                                              reason="第三方评分录入有误")
    assert (reopened.status, reopened.final_score, reopened.grade) == ("in_progress", None, "")
    assert reopened.reopen_reason == "第三方评分录入有误"
    assert not reopened.assignments.filter(submitted_at__isnull=False).exists()  # everyone may correct and submit
    log = TransitionLog.objects.filter(process="evaluation", object_id=str(scored.pk)).order_by("id")
    assert [row.transition for row in log][-2:] == ["close", "reopen"]
    assert log.last().reason == "第三方评分录入有误"


def test_closing_again_after_a_reopening_keeps_the_project_closed(people, project):
    evaluation, parts, who = set_up(people, project)
    score_and_submit(who, parts, {"third_party": "0.9", "street": "0.85"})
    reviewer = people["reviewer"]
    services.evaluation_transition(user=reviewer, evaluation=evaluation, name="close")
    services.evaluation_transition(user=reviewer, evaluation=evaluation, name="reopen", reason="复核")
    score_and_submit(who, {k: a.__class__.objects.get(pk=a.pk) for k, a in parts.items()},
                     {"third_party": "0.5", "street": "0.5"})
    closed = services.evaluation_transition(user=reviewer, evaluation=evaluation, name="close")
    assert closed.grade == "fail" and Evaluation.objects.get(pk=closed.pk).project.status == "closed"


def test_send_back_needs_a_reason(people, scored):
    with pytest.raises(EvaluationError):
        services.evaluation_transition(user=people["reviewer"], evaluation=scored, name="send_back")
    sent = services.evaluation_transition(user=people["reviewer"], evaluation=scored, name="send_back",
                                          reason="街道评分说明不足")
    assert sent.status == "in_progress"


def test_a_final_evaluation_of_a_project_no_longer_awaiting_evaluation_cannot_close(people, scored):
    from projects.models import Project

    Project.objects.filter(pk=scored.project_id).update(status="in_progress")
    with pytest.raises(EvaluationError, match="not awaiting evaluation"):
        services.evaluation_transition(user=people["reviewer"], evaluation=scored, name="close")
    assert Evaluation.objects.get(pk=scored.pk).status == "submitted"
