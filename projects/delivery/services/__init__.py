"""Every delivery write: guard (``project.deliver`` on the project, the project being delivered) → change →
audit, in a transaction. ``records.py`` holds milestones, activities and reports, ``money.py`` expenses and
budget adjustments, ``acceptance.py`` the acceptance checklist."""

from .acceptance import CHECKLIST, acceptance_record
from .files import OWNERS, attachment_add
from .money import ExpenseData, adjustment_request, adjustment_transition, expense_record
from .records import (
    ActivityData,
    activity_record,
    milestone_create,
    milestone_update,
    report_submit,
)

__all__ = [
    "CHECKLIST",
    "OWNERS",
    "ActivityData",
    "ExpenseData",
    "acceptance_record",
    "activity_record",
    "attachment_add",
    "adjustment_request",
    "adjustment_transition",
    "expense_record",
    "milestone_create",
    "milestone_update",
    "report_submit",
]
