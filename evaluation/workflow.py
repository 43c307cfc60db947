"""The evaluation's states as data: 已分派 → 评估中 → 已提交 → 已结束, sent back with a reason while submitted,
reopened with a reason once closed.

The evaluators' own steps fire the automatic transitions: the first score saved starts the evaluation; the last
evaluator's submission submits it. The district closes it: the final score and grade are computed from the
template's rule, and closing a **final** (末期) evaluation moves the project from 待评估 to 已结项 through the
projects step's own service (``projects.services.project_close``). This module imports no model of its own app
(``models`` imports it for the choices): effects reach the rows through the object.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.workflow import CLOSED as PROJECT_CLOSED
from projects.workflow import EVALUATION as PROJECT_AWAITS_EVALUATION
from wuse.workflow.process import Process, State, Transition

from .choices import EvaluatorKind, Grade
from .errors import EvaluationError
from .results import EvaluationResult, result_of

ASSIGNED, IN_PROGRESS, SUBMITTED, CLOSED = "assigned", "in_progress", "submitted", "closed"
MIDTERM, FINAL = "midterm", "final"
# The assignments' scores may change in these states (each until its evaluator submits).
SCORING_STATES = (ASSIGNED, IN_PROGRESS)


# --- guards ---------------------------------------------------------------------------------------------------


def everyone_submitted(step):
    pending = [a for a in step.obj.assignments.all() if a.submitted_at is None]
    if pending or not step.obj.assignments.exists():
        return _("Every evaluator submits their scores first.")
    return None


def counted_kinds_submitted(step):
    rule = step.obj.template.rule()
    kinds = {a.kind for a in step.obj.assignments.all() if a.submitted_at is not None}
    missing = [kind for kind, weight in rule.items() if weight > 0 and kind not in kinds]
    if missing:
        return _("The final score counts an evaluation not submitted: %(kinds)s.") % {
            "kinds": "、".join(str(EvaluatorKind(kind).label) for kind in missing)}
    return None


def project_awaits_evaluation(step):
    """A final evaluation closes the project: it must be waiting for its evaluation (or be closed already, when
    the evaluation is closed again after a reopening)."""
    project = step.obj.project
    if step.obj.stage == FINAL and project.status not in (PROJECT_AWAITS_EVALUATION, PROJECT_CLOSED):
        return _("The project is “%(state)s”, not awaiting evaluation: it cannot be closed with this evaluation.") % {
            "state": project.status_label}
    return None


# --- effects --------------------------------------------------------------------------------------------------


def _closed(step) -> None:
    result: EvaluationResult = result_of(step.obj)
    step.set(final_score=result.final_score, grade=result.grade, closed_at=timezone.now(), closed_by=step.user)
    project = step.obj.project
    if step.obj.stage == FINAL and project.status == PROJECT_AWAITS_EVALUATION:
        from projects.services import project_close

        project_close(user=step.user, project=project, reason=_("Final evaluation closed: %(score)s, %(grade)s") % {
            "score": result.final_score, "grade": Grade(result.grade).label})


def _open_again(step) -> None:
    """Reopened or sent back: the result is cleared and every evaluator may correct and submit again."""
    step.obj.assignments.update(submitted_at=None)
    step.set(final_score=None, grade="", closed_at=None, closed_by=None, reopen_reason=step.reason[:1000])


EVALUATION_PROCESS = Process(
    key="evaluation",
    initial=ASSIGNED,
    error=EvaluationError,
    states=(
        State(ASSIGNED, _("Assigned"), tone="neutral"),
        State(IN_PROGRESS, _("Being scored"), tone="progress"),
        State(SUBMITTED, _("Scores submitted"), tone="info"),
        State(CLOSED, _("Evaluation closed"), tone="success"),
    ),
    transitions=(
        Transition("start", _("Start scoring"), (ASSIGNED,), IN_PROGRESS, "evaluation.score", manual=False),
        Transition("submit", _("Submit the evaluation"), (IN_PROGRESS,), SUBMITTED, "evaluation.score",
                   guards=(everyone_submitted,), manual=False),
        Transition("send_back", _("Send back for corrections"), (SUBMITTED,), IN_PROGRESS, "evaluation.close",
                   reason_required=True, reason_label=_("What to correct"), effects=(_open_again,),
                   style="warning"),
        Transition("close", _("Close the evaluation"), (SUBMITTED,), CLOSED, "evaluation.close",
                   guards=(counted_kinds_submitted, project_awaits_evaluation), effects=(_closed,),
                   style="success", refusals={CLOSED: _("This evaluation is already closed.")}),
        Transition("reopen", _("Reopen the evaluation"), (CLOSED,), IN_PROGRESS, "evaluation.reopen",
                   reason_required=True, reason_missing=_("Say why the evaluation is reopened."),
                   effects=(_open_again,), style="danger"),
    ),
)
