"""Expenses against the plan's budget lines, and budget adjustments (预算调整) approved by the street.

Over-spending is refused: an expense may take its line's spent up to the line's amount plus the approved
adjustments, never beyond. The line's row is locked (``select_for_update``) before the sum is read, so two
expenses recorded at the same moment are checked one after the other and cannot both pass; approving an
adjustment locks the same row first (``ADJUSTMENT_PROCESS.lock``)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import BudgetLine, Project
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.numbers import money
from wuse.workflow.services import transition_apply

from ..errors import DeliveryError
from ..files import attach, precheck
from ..models import AttachmentKind, BudgetAdjustment, Expense, line_allowance, line_spent
from ..workflow import ADJ_SUBMITTED, ADJUSTMENT_PROCESS
from .guards import check_delivering, locked_delivering, text

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")
EARLIEST = dt.date(2000, 1, 1)


def money_error(amount) -> str | None:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return _("Enter an amount in yuan, such as 1200.50.")
    if amount <= 0:
        return _("An amount must be more than zero.")
    if amount != amount.quantize(CENT):
        return _("An amount has at most two decimals (fen).")
    if amount > MAX_AMOUNT:
        return _("The amount is too large.")
    return None


def _line_of(project: Project, line: BudgetLine | None) -> BudgetLine:
    """The line locked, if it is one of the project's."""
    if line is None or line.project_id != project.pk:
        raise ValidationError({"line": _("Choose one of this project's budget lines.")})
    return BudgetLine.objects.select_for_update().get(pk=line.pk)


@dataclass(frozen=True)
class ExpenseData:
    line: BudgetLine
    amount: Decimal
    spent_on: dt.date
    payee: str
    note: str = ""


@transaction.atomic
def expense_record(*, user, project: Project, data: ExpenseData, voucher=None) -> Expense:
    problem = money_error(data.amount)
    if problem:
        raise ValidationError({"amount": problem})
    if data.spent_on < EARLIEST or data.spent_on > dt.date.today():
        raise ValidationError({"spent_on": _("An expense is recorded once paid: the date cannot be in the future.")})
    precheck([(AttachmentKind.VOUCHER, voucher, "voucher")])
    current = Project.objects.select_related("region").get(pk=project.pk)
    check_delivering(user, current)
    line = _line_of(current, data.line)  # locked: the sums below cannot change under us
    allowance, spent = line_allowance(line), line_spent(line)
    if spent + data.amount > allowance:
        raise DeliveryError(_(
            "Over budget: the line “%(line)s” allows %(allowance)s yuan, %(spent)s yuan are already spent, so at "
            "most %(left)s yuan can still be recorded, not %(amount)s. Ask the street to approve a budget "
            "adjustment first.") % {"line": line, "allowance": money(allowance), "spent": money(spent),
                                    "left": money(max(allowance - spent, Decimal("0"))),
                                    "amount": money(data.amount)})
    expense = Expense.objects.create(project=current, line=line, amount=data.amount, spent_on=data.spent_on,
                                     payee=text(data.payee, "payee", limit=100),
                                     note=text(data.note, "note", limit=200, required=False), recorded_by=user)
    files = []
    if voucher is not None:
        try:
            files.append(attach(user=user, project=current, kind=AttachmentKind.VOUCHER, upload=voucher,
                                expense=expense).pk)
        except ValidationError as exc:
            raise ValidationError({"voucher": exc.messages}) from None
    audit_record(action="project.expense_record", target=current, user=user, changed_fields=["expenses"],
                 detail={"expense": expense.pk, "line": line.pk, "files": files})
    return expense


@transaction.atomic
def adjustment_request(*, user, project: Project, line: BudgetLine, amount: Decimal, reason: str
                       ) -> BudgetAdjustment:
    """Ask the street for more money on one line (while the project is delivered)."""
    problem = money_error(amount)
    if problem:
        raise ValidationError({"amount": problem})
    reason = text(reason, "reason", limit=1000)
    locked = locked_delivering(user, project)
    line = _line_of(locked, line)
    if line.adjustments.filter(status=ADJ_SUBMITTED).exists():
        raise DeliveryError(_("An adjustment of this line is already waiting for the street."))
    adjustment = BudgetAdjustment.objects.create(project=locked, region_id=locked.region_id, line=line,
                                                 amount=amount, reason=reason, requested_by=user)
    audit_record(action="project.budget_adjust", target=locked, user=user, changed_fields=["budget_adjustments"],
                 detail={"adjustment": adjustment.pk, "line": line.pk})
    return adjustment


def adjustment_transition(*, user, adjustment: BudgetAdjustment, name: str, reason: str = "") -> BudgetAdjustment:
    """The street approves or turns down an adjustment (never the person who asked for it)."""
    if adjustment.requested_by_id == user.pk and access.can(user, "project.budget_approve", adjustment):
        raise PermissionDenied(_("Someone other than the person who asked decides an adjustment."))
    return transition_apply(process=ADJUSTMENT_PROCESS, obj=adjustment, name=name, user=user, reason=reason,
                            manual_only=True)
