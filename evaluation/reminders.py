"""The evaluation step's reminder rules (``wuse.notify``): an evaluator's part assigned and not submitted.

The item is the assignment; the one told is its evaluator (``user=``), whatever their role — a third party, the
street's officer, the undertaker's member. It counts from the assignment, or from the day the evaluation was last
sent back or reopened (which asks every evaluator to submit again). Escalated to the district that set the
evaluation up (the street is an evaluator here, not a supervisor).
"""

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule
from wuse.workflow.models import TransitionLog

from .workflow import SCORING_STATES

GROUP = _("Project evaluation")
OPENED_AGAIN = ("send_back", "reopen")


def waiting_assignments():
    from .models import Assignment

    opened_again = (TransitionLog.objects.filter(
        content_type__app_label="evaluation", content_type__model="evaluation",
        object_id=Cast(OuterRef("evaluation_id"), CharField()), transition__in=OPENED_AGAIN)
        .order_by("-at", "-id").values("at")[:1])
    return Assignment.objects.filter(submitted_at__isnull=True, evaluation__status__in=SCORING_STATES).annotate(
        waiting_since=Greatest("assigned_at", Coalesce(Subquery(opened_again), "assigned_at")))


def register() -> None:
    register_rule(Rule(
        key="evaluation.assignment_pending", group=GROUP, order=30, label=_("Evaluation not submitted"),
        help=_("An evaluator assigned to an evaluation who has not submitted their scores."),
        pending=waiting_assignments, anchor="waiting_since", days=14, days_help=_("days after the assignment"),
        escalate=(None, 7), unit="evaluation__region", user="user", title="evaluation__project__title",
        link=("evaluation:detail", "evaluation_id"),
    ))
