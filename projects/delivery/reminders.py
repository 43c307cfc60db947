"""The delivery's reminder rules (``wuse.notify``), in the projects step's group: a milestone coming up and one
overdue, the final report coming up and one overdue, for the projects being delivered.

The report: the delivery records a mid-term and a final report, and its own board (``selectors.final_reports_due``)
waits for the **final** report of a project in progress from shortly before its period ends. That is the report
reminded here: due on the last day of the project's period (a heads-up some days before), overdue after it while
the project is still in progress (submitting for acceptance ends it). A mid-term report has no date of its own in
the plan, so it is not reminded.
"""

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from projects.workflow import IN_PROGRESS, UNDERTAKEN
from wuse.notify.rules import Rule, register_rule

GROUP = _("Projects")
DELIVERING = (UNDERTAKEN, IN_PROGRESS)


def open_milestones():
    from .models import Milestone

    return Milestone.objects.filter(done_on__isnull=True, project__status__in=DELIVERING).annotate(
        label=Concat("project__title", Value(" · "), "title", output_field=CharField()))


def without_final_report():
    from projects.models import Project

    from .models import Report, ReportKind

    return Project.objects.filter(status=IN_PROGRESS, period_end__isnull=False).exclude(
        Exists(Report.objects.filter(project=OuterRef("pk"), kind=ReportKind.FINAL)))


def register() -> None:
    register_rule(Rule(
        key="projects.milestone_due", group=GROUP, order=22, label=_("Milestone due soon"),
        help=_("A milestone of a project being delivered, not yet done, whose date is coming up."),
        pending=open_milestones, anchor="due_on", before=True, days=3, days_help=_("days before its date"),
        escalate=(None, None), unit="project__region", action="project.deliver", title="label",
        link=("projects:detail", "project_id"),
    ))
    register_rule(Rule(
        key="projects.milestone_overdue", group=GROUP, order=23, label=_("Milestone overdue"),
        help=_("A milestone of a project being delivered, not done by its date."),
        pending=open_milestones, anchor="due_on", days=1, days_help=_("days after its date"),
        unit="project__region", action="project.deliver", title="label", link=("projects:detail", "project_id"),
    ))
    register_rule(Rule(
        key="projects.final_report_due", group=GROUP, order=24, label=_("Final report due soon"),
        help=_("A project in progress without its final report, whose period is ending."),
        pending=without_final_report, anchor="period_end", before=True, days=14,
        days_help=_("days before the project's period ends"), escalate=(None, None),
        unit="region_id", action="project.deliver", title="title", link=("projects:detail", "pk"),
    ))
    register_rule(Rule(
        key="projects.final_report_overdue", group=GROUP, order=24, label=_("Final report overdue"),
        help=_("A project still in progress without its final report after its period ended."),
        pending=without_final_report, anchor="period_end", days=7, days_help=_("days after the project's period ended"),
        unit="region_id", action="project.deliver", title="title", link=("projects:detail", "pk"),
    ))
