"""Delivery rules as data: when delivery records may be written, and the budget adjustment's process
(submitted → approved / rejected by the street)."""

from django.utils.translation import gettext_lazy as _

from projects.workflow import IN_PROGRESS, PROJECT_PROCESS, UNDERTAKEN, record_decision
from wuse.workflow.process import Process, State, Transition

from .errors import DeliveryError

# Activities, expenses, reports and milestones are recorded while the project is delivered.
DELIVERING = (UNDERTAKEN, IN_PROGRESS)


def delivery_refusal(project):
    """Why nothing can be recorded on ``project`` now, or None."""
    if project.status in DELIVERING:
        return None
    return _("The project is “%(state)s”: activities, expenses, reports and milestones are recorded only while "
             "it is undertaken or in progress.") % {"state": PROJECT_PROCESS.label(project.status)}


# --- the budget adjustment (预算调整): submitted → approved / rejected by the street ---------------------------

ADJ_SUBMITTED, ADJ_APPROVED, ADJ_REJECTED = "submitted", "approved", "rejected"


def _still_delivering(step):
    return delivery_refusal(step.obj.project)


def _lock_adjustment(adjustment):
    """The budget line first, then the adjustment: the order the expense services lock in."""
    type(adjustment.line)._default_manager.select_for_update().get(pk=adjustment.line_id)
    return (type(adjustment)._default_manager.select_for_update(of=("self",)).select_related("project")
            .get(pk=adjustment.pk))


ADJUSTMENT_PROCESS = Process(
    key="budget_adjustment",
    initial=ADJ_SUBMITTED,
    error=DeliveryError,
    lock=_lock_adjustment,
    states=(
        State(ADJ_SUBMITTED, _("Awaiting the street"), tone="info"),
        State(ADJ_APPROVED, _("Approved"), tone="success"),
        State(ADJ_REJECTED, _("Turned down"), tone="danger"),
    ),
    transitions=(
        Transition("approve", _("Approve the adjustment"), (ADJ_SUBMITTED,), ADJ_APPROVED,
                   "project.budget_approve", guards=(_still_delivering,), effects=(record_decision,), style="success"),
        Transition("reject", _("Turn the adjustment down"), (ADJ_SUBMITTED,), ADJ_REJECTED,
                   "project.budget_approve", reason_required=True, effects=(record_decision,), style="danger"),
    ),
)
