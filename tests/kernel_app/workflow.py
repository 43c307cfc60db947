"""The ticket's process: 草稿 → 已提交 → 社区审批 / 街道审批 (above the threshold) → 已批准 / 已退回.

Every kernel feature appears once: a guard (items before submitting), a check of the data (the approved
amount within the request), a route (large requests go to the street), effects (the approved amount and a
note), refusals with their own message, a reason, a confirmation and an after-commit effect.
"""

from decimal import Decimal

from wuse.workflow.process import Process, Route, State, Transition
from wuse.workflow.services import assign

DRAFT, SUBMITTED, STREET_REVIEW, APPROVED, RETURNED = "draft", "submitted", "street_review", "approved", "returned"
THRESHOLD = Decimal("10000")
COMMITTED: list[int] = []  # pks the after-commit effect saw (tests read it)


def has_items(step):
    return None if step.obj.items.exists() else "Add an item first."


def within_request(step):
    if step.data["approved_amount"] > step.obj.amount:
        return "More than was asked for."
    return None


def note_who(step):
    step.set(note=f"approved by {step.user.username}")


def remember(pk):
    COMMITTED.append(pk)


TICKET_PROCESS = Process(
    key="ticket",
    initial=DRAFT,
    states=(State(DRAFT, "Draft"), State(SUBMITTED, "Submitted", tone="info"),
            State(STREET_REVIEW, "With the street", tone="info"), State(APPROVED, "Approved", tone="success"),
            State(RETURNED, "Returned", tone="warning")),
    transitions=(
        Transition("submit", "Submit", (DRAFT, RETURNED), SUBMITTED, "ticket.submit", guards=(has_items,),
                   routes=(Route(when=lambda step: step.obj.amount > THRESHOLD, target=STREET_REVIEW),),
                   confirm="Submit now?"),
        Transition("approve", "Approve", (SUBMITTED, STREET_REVIEW), APPROVED, "ticket.approve",
                   requires=("approved_amount",), checks=(within_request,),
                   effects=(assign("approved_amount"), note_who), on_commit=(remember,),
                   refusals={APPROVED: "Already %(state)s."}, manual=False),
        Transition("return", "Return", (SUBMITTED, STREET_REVIEW), RETURNED, "ticket.return",
                   reason_required=True, reason_missing="Say why it goes back.", style="danger"),
    ),
)
