"""The projects step's figures (declared once; see ``wuse.core.figures``). A street's own project counts at the
street, in no community.

The projects of a period are those approved in it (``approved_at``); how far they have come since is read from
their state: *completed* once delivery has finished (submitted for acceptance, 待验收, or later), *accepted* once the
acceptance (验收) is passed. The needs step's figures count needs; the share of them turned into projects is
declared here, because ``needs`` does not know the projects step.

**Records behind a number** (``Figure.records``): the projects list of the unit (``?region=``) of the period's
year (``?year=``: the project's plan year, which the list filters; the figure counts by approval date, so a
project approved in another year than its plan's shows in the other year's list) and, for "completed" and
"accepted", all its states (the list filters one state at a time). Needs turned into projects: the needs list of
the unit registered in the period (the list cannot filter "linked to a project").
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from needs.figures import registered as needs_registered
from wuse.core.figures import Figure, Period, list_url, period_dates, register_figure

from .models import Project, ProjectNeed
from .workflow import ACCEPTANCE, ACCEPTED, CLOSED, EVALUATION

# Delivery finished: submitted for acceptance, accepted, awaiting evaluation, closed.
COMPLETED = (ACCEPTANCE, ACCEPTED, EVALUATION, CLOSED)
# The acceptance passed: accepted, awaiting evaluation, closed.
ACCEPTED_STATES = (ACCEPTED, EVALUATION, CLOSED)


def approved(period: Period):
    return Project.objects.filter(approved_at__gte=period.start_at, approved_at__lt=period.end_at)


def needs_converted(period: Period):
    """Needs of the period (as ``needs.collected`` counts them) still linked to a project: the link was not given
    back (a project withdrawn, not approved or terminated before delivery returns its needs to the list)."""
    return needs_registered(period).filter(Exists(ProjectNeed.objects.filter(need=OuterRef("pk"), released=False)))


def project_records(code: str, period: Period) -> str:
    """The projects list of the unit and of the period's year."""
    return list_url("projects:list", region=code, year=period.start.year)


def need_records(code: str, period: Period) -> str:
    return list_url("needs:list", region=code, **period_dates(period))


FIGURES = (
    Figure("projects.approved", _("Projects approved"),
           _("Service projects of the unit approved in the period (by the street, or by the district above its "
             "threshold)."), _("project(s)"), rows=approved, column="region_id", action="project.view",
           records=project_records),
    Figure("projects.completed", _("Projects completed"),
           _("Service projects of the unit approved in the period whose delivery has since finished: submitted "
             "for acceptance (待验收) or later — accepted, awaiting evaluation or closed."), _("project(s)"),
           rows=lambda period: approved(period).filter(status__in=COMPLETED), column="region_id",
           action="project.view", records=project_records),
    Figure("projects.accepted", _("Projects accepted"),
           _("Service projects of the unit approved in the period that have since been accepted (验收)."),
           _("project(s)"), rows=lambda period: approved(period).filter(status__in=ACCEPTED_STATES),
           column="region_id", action="project.view", records=project_records),
    Figure("needs.converted", _("Needs turned into projects"),
           _("Needs registered in the period (merged duplicates not counted) that are linked to a service project "
             "which has not given them back to the needs list."), _("need(s)"), rows=needs_converted,
           column="community_id", action="need.view", records=need_records),
    Figure("needs.converted_share", _("Needs turned into projects (%)"),
           _("Needs registered in the period and linked to a service project that has not given them back, as a "
             "share of the needs collected in the period (merged duplicates not counted)."), "%",
           ratio=("needs.converted", "needs.collected"), action="need.view"),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
