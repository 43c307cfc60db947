"""Export of the projects list to xlsx: the list's rows with their money and linked needs, audited.

One query for the rows however many: what was spent and how many needs are linked come as grouped
subqueries on each row, not one query per project.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import Project, ProjectNeed
from projects.workflow import PROJECT_PROCESS
from wuse.audit.services import audit_record
from wuse.spreadsheets import Sheet, money

from ..models import Expense
from ..selectors import ZERO
from .common import SPENT, ExportTooLarge, ProjectExport, filename, label

MAX_ROWS = 10_000  # per export; a district's projects of many years fit, the whole city does not
LINKED_NEEDS = gettext_lazy("Linked needs")


def _headers() -> list[str]:
    return [label(Project, "code"), label(Project, "title"), label(Project, "region"), _("Division code"),
            label(Project, "year"), label(Project, "status"), label(Project, "vehicle"), label(Project, "focus_area"),
            label(Project, "linkage_mode"), label(Project, "undertaker"), label(Project, "period_start"),
            label(Project, "period_end"), label(Project, "total_budget"), str(SPENT), str(LINKED_NEEDS),
            label(Project, "created_at")]


def _per_project(model, aggregate, output, **condition):
    """``aggregate`` over the rows of ``model`` belonging to the outer project (a correlated subquery)."""
    rows = (model.objects.filter(project=OuterRef("pk"), **condition).order_by().values("project")
            .annotate(value=aggregate).values("value")[:1])
    return Coalesce(Subquery(rows), output)


def with_figures(projects):
    """The projects with ``spent`` (all expenses) and ``needs_linked`` (links not returned to the needs list)."""
    return projects.annotate(
        spent=_per_project(Expense, Sum("amount"), ZERO),
        needs_linked=_per_project(ProjectNeed, Count("id"), Value(0, output_field=IntegerField()), released=False))


def export_projects(*, user, projects, scope_name: str = "") -> ProjectExport:
    """The rows of ``projects`` (the list's filtered and scoped queryset), newest first, as one sheet.

    Holds no residents' data. Refused above ``MAX_ROWS`` (nothing audited then); audited with the count.
    """
    rows = list(with_figures(projects.order_by("-created_at", "-id"))[: MAX_ROWS + 1])
    if len(rows) > MAX_ROWS:
        raise ExportTooLarge(_("The filters select more than %(limit)s projects; narrow them (for example by year, "
                               "status or unit) and export again.") % {"limit": MAX_ROWS})
    audit_record(action="project.export", target=None, user=user, detail={"rows": len(rows)})
    title = _("Service projects")
    sheet = Sheet(name=title, headers=_headers(), rows=[_row(p) for p in rows])
    return ProjectExport(sheets=[sheet], filename=filename(title, scope_name), count=len(rows))


def _row(p: Project) -> list:
    return [
        p.code, p.title, p.region.name, p.region.code, p.year, str(PROJECT_PROCESS.label(p.status)),
        p.get_vehicle_display(), p.get_focus_area_display(), p.get_linkage_mode_display(),
        p.undertaker.name if p.undertaker_id else "", p.period_start, p.period_end,
        money(p.total_budget), money(p.spent), p.needs_linked, timezone.localtime(p.created_at),
    ]
