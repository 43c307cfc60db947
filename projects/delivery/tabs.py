"""The delivery's tabs of the project page, registered over the planning step's placeholders (same keys):
实施 (milestones, activities and their volunteer hours), 资金 (budget against spending per line and per funding
source, co-funding from charity, expenses, adjustments), 报告 (mid-term and final reports, acceptance)."""

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.tabs import register_tab
from projects.workflow import ACCEPTANCE
from wuse.access import api as access
from wuse.core.pagination import paginate
from wuse.regions.levels import Level
from wuse.regions.models import Region

from . import selectors
from .forms import AcceptanceForm, ActivityForm, AdjustmentForm, ExpenseForm, MilestoneForm, ReportForm
from .models import Acceptance, AttachmentKind
from .services import CHECKLIST
from .workflow import delivery_refusal


def _may_record(request, project) -> bool:
    return delivery_refusal(project) is None and access.can(request.user, "project.deliver", project)


def communities(project):
    """The communities a street's project's activity may take place in (None for a community's project)."""
    if project.region.level == Level.COMMUNITY:
        return None
    low, high = project.linkable_units()
    return Region.objects.filter(level=Level.COMMUNITY, code__gte=low, code__lte=high).order_by("code")


def hours_note(user, project) -> str:
    """Why the user is not offered the volunteers' hours on an activity (only a unit's staff record service
    entries), or "" when they are."""
    if access.can(user, "service_entry.create", project.region):
        return ""
    return gettext("Volunteer hours are recorded by the staff of %(unit)s: record the activity without them and ask "
                   "the community to add them.") % {"unit": project.region.name}


def delivery_context(request, project) -> dict:
    page = paginate(request, selectors.activities(project))
    hours = selectors.volunteer_hours(page.object_list)
    for activity in page.object_list:
        activity.hours, activity.verified_hours = hours.get(activity.pk, (None, None))
    recording = _may_record(request, project)
    return {
        "milestones": selectors.milestones(project), "page": page, "totals": selectors.delivery_totals(project),
        "recording": recording, "refusal": delivery_refusal(project),
        "milestone_form": MilestoneForm() if recording else None,
        "activity_form": ActivityForm(user=request.user, communities=communities(project),
                                      hours_note=hours_note(request.user, project)) if recording else None,
        "street_project": project.region.level != Level.COMMUNITY,
        "activity_file_kinds": [(k, AttachmentKind(k).label) for k in (AttachmentKind.PHOTO, AttachmentKind.SIGN_IN)],
    }


def money_context(request, project) -> dict:
    lines = selectors.budget_lines(project)
    recording = _may_record(request, project)
    totals = {key: sum((getattr(line, key) for line in lines), Decimal("0"))
              for key in ("amount", "extra", "allowance", "spent", "left")}
    allocations = list(selectors.co_funding(request.user, project))
    return {
        "budget": lines, "by_source": selectors.by_source(lines), "totals": totals,
        "allocations": allocations, "co_funding": sum((a.amount for a in allocations), Decimal("0")),
        "page": paginate(request, selectors.expenses(project)), "adjustments": selectors.adjustments(project),
        "recording": recording, "refusal": delivery_refusal(project),
        "can_decide": access.can(request.user, "project.budget_approve", project),
        "expense_form": ExpenseForm(lines=project.budget_lines.all()) if recording else None,
        "adjustment_form": AdjustmentForm(lines=project.budget_lines.all()) if recording else None,
    }


def reports_context(request, project) -> dict:
    recording = _may_record(request, project)
    accepting = project.status == ACCEPTANCE and access.can(request.user, "project.accept", project)
    acceptance = Acceptance.objects.filter(project=project).select_related("recorded_by").first()
    checked = [(label, (acceptance.items if acceptance else {}).get(code, False)) for code, label in CHECKLIST]
    initial = {f"item_{code}": value for (code, _label), (_l, value) in zip(CHECKLIST, checked, strict=True)}
    return {
        "reports": selectors.reports(project), "recording": recording, "refusal": delivery_refusal(project),
        "report_form": ReportForm() if recording else None,
        "acceptance": acceptance, "checked": checked,
        "acceptance_form": AcceptanceForm(initial={**initial, "comments": acceptance.comments if acceptance else ""})
        if accepting else None,
    }


def register() -> None:
    register_tab(key="activities", label=_("Delivery"), order=50, template="projects/delivery/tab_delivery.html",
                 context=delivery_context)
    register_tab(key="money", label=_("Money"), order=60, template="projects/delivery/tab_money.html",
                 context=money_context)
    register_tab(key="documents", label=_("Reports"), order=70, template="projects/delivery/tab_reports.html",
                 context=reports_context)

