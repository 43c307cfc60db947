"""Reads for the delivery tabs. The project was fetched through ``access.get_for_user`` already; each function
reads one project's records in a fixed number of queries, whatever their number."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from projects.choices import FundingSource
from projects.models import BudgetLine, Project
from projects.workflow import IN_PROGRESS, UNDERTAKEN
from wuse.access import api as access
from wuse.registry.charity.selectors import allocations_of
from wuse.registry.volunteers.models import EntryStatus, ServiceEntry

from .models import Activity, BudgetAdjustment, Expense, Milestone, Report, ReportKind, activity_ref
from .workflow import ADJ_APPROVED

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))


def milestones(project: Project):
    return Milestone.objects.filter(project=project).order_by("due_on", "id")


def activities(project: Project):
    return (Activity.objects.filter(project=project).select_related("community", "recorded_by")
            .prefetch_related("attachments").order_by("-held_on", "-id"))


def volunteer_hours(rows) -> dict[int, Decimal]:
    """Recorded and verified volunteer hours per activity of ``rows`` (one query)."""
    refs = {activity_ref(a.pk): a.pk for a in rows}
    if not refs:
        return {}
    sums = (ServiceEntry.objects.filter(ref__in=list(refs), status__in=(EntryStatus.RECORDED, EntryStatus.VERIFIED))
            .values("ref").annotate(total=Sum("hours"), verified=Sum("hours", filter=Q(status=EntryStatus.VERIFIED))))
    return {refs[row["ref"]]: (row["total"], row["verified"] or Decimal("0")) for row in sums}


def delivery_totals(project: Project) -> dict:
    return Activity.objects.filter(project=project).aggregate(activities=Sum(Value(1)), people=Sum("headcount"),
                                                              residents=Sum("residents"))


def _sum_of(model, **condition):
    return Coalesce(Subquery(model.objects.filter(line=OuterRef("pk"), **condition).order_by()
                             .values("line").annotate(total=Sum("amount")).values("total")[:1]), ZERO)


def budget_lines(project: Project) -> list[BudgetLine]:
    """The plan's lines with ``extra`` (approved adjustments), ``allowance`` and ``spent`` (one query)."""
    lines = list(BudgetLine.objects.filter(project=project)
                 .annotate(extra=_sum_of(BudgetAdjustment, status=ADJ_APPROVED), spent=_sum_of(Expense))
                 .order_by("position", "id"))
    for line in lines:
        line.allowance = line.amount + line.extra
        line.left = line.allowance - line.spent
    return lines


def by_source(lines) -> list[dict]:
    sums: dict[str, dict] = defaultdict(lambda: {"allowance": Decimal("0"), "spent": Decimal("0")})
    for line in lines:
        sums[line.funding_source]["allowance"] += line.allowance
        sums[line.funding_source]["spent"] += line.spent
    return [{"label": label, **sums[code]} for code, label in FundingSource.choices if code in sums]


def expenses(project: Project):
    return Expense.objects.filter(project=project).for_table().order_by("-spent_on", "-id")


def adjustments(project: Project):
    return (BudgetAdjustment.objects.filter(project=project).select_related("line", "requested_by", "decided_by")
            .order_by("-requested_at", "-id"))


def co_funding(user, project: Project):
    """Charitable donations allocated to the project (the registry's allocations), those the user may see."""
    return allocations_of(Project, project.pk, user)


def reports(project: Project):
    return project.reports.select_related("submitted_by").prefetch_related("attachments").order_by("submitted_at")


# --- what waits (the home page's queues and the lists they link to) ------------------------------------------

REPORT_WARNING_DAYS = 30


def delivering_projects(user):
    """The projects being delivered that the user may record on (the planners' units, the undertaker's members)."""
    return access.scoped(user, "project.deliver", Project.objects.filter(status__in=(UNDERTAKEN, IN_PROGRESS)))


def overdue_milestones(user):
    return (Milestone.objects.filter(project__in=delivering_projects(user).values("pk"), done_on=None,
                                     due_on__lt=timezone.localdate())
            .select_related("project", "project__region").order_by("due_on", "id"))


def final_reports_due(user):
    """Projects in progress whose period ends within 30 days (or has ended) without their final report."""
    soon = timezone.localdate() + dt.timedelta(days=REPORT_WARNING_DAYS)
    return (delivering_projects(user).filter(status=IN_PROGRESS, period_end__lte=soon)
            .exclude(Exists(Report.objects.filter(project=OuterRef("pk"), kind=ReportKind.FINAL)))
            .select_related("region").order_by("period_end", "id"))
