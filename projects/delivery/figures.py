"""The delivery's figures (declared once; see ``wuse.core.figures``), for the linkage summary
(``wuse.registry.linkage``) and the indicators: projects delivered by linkage mode, activities and the residents
taking part, final reports submitted on time. A street's own project counts at the street, in no community.

**Final reports on time.** A project's final report is due by the end of its period (``period_end``: the home
queue "final reports due" warns from 30 days before); mid-term reports have no due date and are not counted. The
projects of a period are those delivered (as below) whose period ends in it; the whole is those whose end date
has passed or whose final report is in, the part those whose final report was submitted on or before the end date
(local time).

**Records behind a number** (``Figure.records``): the projects list of the unit and the period's year (the plan's
year, see ``projects.figures``), by linkage mode where the figure counts one; the list cannot filter a society
taking part nor a final report's date, so those link to the unit's projects of the year. Activities have no list
of their own (they are on each project's page): no link.
"""

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from projects.choices import LinkageMode, ParticipantKind
from projects.figures import approved, project_records
from projects.models import Participant, Project
from projects.workflow import ACCEPTANCE, ACCEPTED, CLOSED, EVALUATION, IN_PROGRESS, UNDERTAKEN
from wuse.core.figures import Figure, Period, list_url, register_figure

from .models import Activity, Report, ReportKind

# Undertaken by the societies at some point and not stopped: the projects that link them.
DELIVERED = (UNDERTAKEN, IN_PROGRESS, ACCEPTANCE, ACCEPTED, EVALUATION, CLOSED)


def delivered(period: Period):
    return approved(period).filter(status__in=DELIVERED)


def activities(period: Period):
    return Activity.objects.filter(held_on__gte=period.start, held_on__lt=period.end)


def final_reports_due(period: Period):
    """Projects delivered whose period ends in the period and whose end date has passed or final report is in."""
    final = Report.objects.filter(project=OuterRef("pk"), kind=ReportKind.FINAL)
    return Project.objects.filter(status__in=DELIVERED, period_end__gte=period.start, period_end__lt=period.end).filter(
        Q(period_end__lt=timezone.localdate()) | Exists(final))


def final_reports_on_time(period: Period):
    on_time = Report.objects.filter(project=OuterRef("pk"), kind=ReportKind.FINAL).annotate(
        day=TruncDate("submitted_at")).filter(day__lte=OuterRef("period_end"))
    return final_reports_due(period).filter(Exists(on_time))


def _mode_records(mode: str):
    def records(code: str, period: Period) -> str:
        return list_url("projects:list", region=code, year=period.start.year, linkage_mode=mode)
    return records


def _by_mode(order: int, mode: str, label):
    return Figure(f"projects.linkage.{mode}", label,
                  _("Service projects of the unit approved in the period and delivered by the societies with this "
                    "linkage mode (undertaken, in progress or finished; not withdrawn, suspended or terminated)."),
                  _("project(s)"), rows=lambda period: delivered(period).filter(linkage_mode=mode),
                  column="region_id", action="project.view", linkage=order, records=_mode_records(mode))


def _with_society(order: int, kind: str, label):
    return Figure(f"projects.with.{kind}", format_lazy(_("Projects with: {society}"), society=label),
                  _("Service projects of the unit approved in the period and delivered (as above) in which at least "
                    "one party of this society takes part (the plan's participants)."), _("project(s)"),
                  rows=lambda period: delivered(period).filter(
                      Exists(Participant.objects.filter(project=OuterRef("pk"), kind=kind))),
                  column="region_id", action="project.view", linkage=order, records=project_records)


FIGURES = (
    *(_by_mode(10 + n, mode, label) for n, (mode, label) in enumerate(LinkageMode.choices)),
    *(_with_society(20 + n, kind, label) for n, (kind, label) in enumerate(ParticipantKind.choices)),
    Figure("projects.activities", _("Project activities"),
           _("Activities and services of service projects held in the unit in the period."), _("activity(ies)"),
           rows=activities, column="community_id", action="project.view", linkage=30),
    Figure("projects.residents", _("Residents taking part in project activities"),
           _("Residents taking part in the activities of service projects held in the unit in the period, counted "
             "per activity (person-times)."), _("person-time(s)"), rows=activities, column="community_id",
           aggregate=lambda: Sum("residents"), action="project.view", linkage=31),
    Figure("projects.final_reports_due", _("Final reports due"),
           _("Service projects of the unit delivered (undertaken, in progress or finished; not suspended or "
             "terminated) whose period ends in the period, and whose end date has passed or whose final report "
             "is in."), _("project(s)"), rows=final_reports_due, column="region_id", action="project.view",
           records=project_records),
    Figure("projects.final_reports_on_time", _("Final reports submitted on time"),
           _("Service projects of the unit delivered whose period ends in the period and whose final report was "
             "submitted on or before the project's end date."), _("project(s)"), rows=final_reports_on_time,
           column="region_id", action="project.view", records=project_records),
    Figure("projects.final_reports_on_time_share", _("Final reports submitted on time (%)"),
           _("Final reports submitted on or before the project's end date, as a share of the delivered projects "
             "(not suspended or terminated) whose period ends in the period and whose end date has passed or whose "
             "final report is in; mid-term reports have no due date and are not counted."), "%",
           ratio=("projects.final_reports_on_time", "projects.final_reports_due"), action="project.view"),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
