"""The delivery's sheets of a project's record: budget lines against spending, milestones, activities with
their volunteer hours, expenses, budget adjustments, reports and the acceptance check. Each reads through the
delivery tabs' own selectors (one query each, whatever the number of records)."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from projects.models import BudgetLine, Project
from wuse.privacy import mask_names
from wuse.spreadsheets import Sheet, money

from .. import selectors
from ..models import Acceptance, Activity, BudgetAdjustment, Expense, Milestone, Report
from ..services import CHECKLIST
from ..workflow import ADJUSTMENT_PROCESS
from .common import SPENT, label, local, pairs, person, plural, yes_no

APPROVED_EXTRA = gettext_lazy("Approved extra (yuan)")
ALLOWANCE = gettext_lazy("May be spent (yuan)")
LEFT = gettext_lazy("Left (yuan)")
HOURS = gettext_lazy("Volunteer hours")
VERIFIED = gettext_lazy("Verified volunteer hours")


def _line(line: BudgetLine) -> str:
    return " · ".join(part for part in (line.get_kind_display(), line.note) if part)


def budget_sheet(project: Project) -> Sheet:
    headers = [label(BudgetLine, "kind"), label(BudgetLine, "funding_source"), label(BudgetLine, "note"),
               label(BudgetLine, "amount"), str(APPROVED_EXTRA), str(ALLOWANCE), str(SPENT), str(LEFT)]
    return Sheet(name=plural(BudgetLine), headers=headers, rows=[[
        line.get_kind_display(), line.get_funding_source_display(), line.note, money(line.amount), money(line.extra),
        money(line.allowance), money(line.spent), money(line.left)] for line in selectors.budget_lines(project)])


def record_sheets(project: Project) -> list[Sheet]:
    return [_milestones(project), _activities(project), _expenses(project), _adjustments(project),
            _reports(project), _acceptance(project)]


def _milestones(project: Project) -> Sheet:
    fields = ("title", "due_on", "progress", "done_on")
    return Sheet(name=plural(Milestone), headers=[label(Milestone, f) for f in fields],
                 rows=[[m.title, m.due_on, m.progress, m.done_on] for m in selectors.milestones(project)])


def _activities(project: Project) -> Sheet:
    rows = list(selectors.activities(project))
    hours = selectors.volunteer_hours(rows)
    fields = ("held_on", "community", "place", "content", "headcount", "residents", "names")
    headers = [*(label(Activity, f) for f in fields), str(HOURS), str(VERIFIED), label(Activity, "recorded_by"),
               label(Activity, "recorded_at")]
    return Sheet(name=plural(Activity), headers=headers, rows=[[
        a.held_on, a.community.name, a.place, a.content, a.headcount, a.residents, mask_names(a.names),
        *hours.get(a.pk, (None, None)), person(a.recorded_by), local(a.recorded_at)] for a in rows])


def _expenses(project: Project) -> Sheet:
    fields = ("spent_on", "line", "payee", "amount", "note", "recorded_by", "recorded_at")
    return Sheet(name=plural(Expense), headers=[label(Expense, f) for f in fields], rows=[[
        e.spent_on, _line(e.line), e.payee, money(e.amount), e.note, person(e.recorded_by), local(e.recorded_at)]
        for e in selectors.expenses(project)])


def _adjustments(project: Project) -> Sheet:
    fields = ("requested_at", "line", "amount", "reason", "status", "requested_by", "decided_by", "decided_at",
              "decision_reason")
    return Sheet(name=plural(BudgetAdjustment), headers=[label(BudgetAdjustment, f) for f in fields], rows=[[
        local(a.requested_at), _line(a.line), money(a.amount), a.reason, str(ADJUSTMENT_PROCESS.label(a.status)),
        person(a.requested_by), person(a.decided_by), local(a.decided_at), a.decision_reason]
        for a in selectors.adjustments(project)])


def _reports(project: Project) -> Sheet:
    fields = ("kind", "submitted_at", "submitted_by", "text")
    return Sheet(name=plural(Report), headers=[label(Report, f) for f in fields], rows=[[
        r.get_kind_display(), local(r.submitted_at), person(r.submitted_by), r.text]
        for r in selectors.reports(project)])


def _acceptance(project: Project) -> Sheet:
    acceptance = Acceptance.objects.filter(project=project).select_related("recorded_by").first()
    items = acceptance.items if acceptance else {}
    rows = [(text, yes_no(bool(items.get(code)))) for code, text in CHECKLIST]
    if acceptance:
        rows += [(label(Acceptance, "comments"), acceptance.comments),
                 (label(Acceptance, "recorded_by"), person(acceptance.recorded_by)),
                 (label(Acceptance, "recorded_at"), local(acceptance.recorded_at))]
    return pairs(capfirst(str(Acceptance._meta.verbose_name)), rows)
