"""The project figures a template's sub-indicators draw on, computed from the projects step's records, never
typed: people served against planned, activities held against planned, budget executed (per line and in total),
milestones done on time, verified volunteer hours, and the residents' satisfaction survey score (once its sample
reaches the minimum). A fixed number of queries per project, whatever the number of records."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from projects.delivery.models import Activity, Milestone
from projects.delivery.selectors import budget_lines
from projects.models import PlannedActivity, Project
from wuse.core import numbers
from wuse.registry.volunteers.models import EntryStatus, ServiceEntry

from . import scoring
from .choices import FigureCode
from .services.satisfaction import SatisfactionResults, project_results

ZERO, HUNDRED = Decimal("0"), Decimal("100")


def _count(queryset, **aggregate):
    """A correlated subquery: one number per project, 0 when there is nothing."""
    name, expression = next(iter(aggregate.items()))
    return Coalesce(Subquery(queryset.order_by().values("project").annotate(**{name: expression})
                             .values(name)[:1]), Value(0), output_field=IntegerField())


@dataclass(frozen=True)
class ProjectFigures:
    planned_headcount: int | None
    served: int  # person-times: the activities' head-counts added up
    planned_activities: int
    activities_held: int
    milestones: int
    milestones_on_time: int  # done on or before their due date
    volunteer_hours: Decimal  # verified service entries of the project's activities
    budget: Decimal  # the lines' amounts with their approved adjustments
    spent: Decimal
    lines: list = field(default_factory=list)  # each BudgetLine with ``allowance``, ``spent``, ``left``
    satisfaction: SatisfactionResults | None = None  # the project's survey (None: no survey)

    def pair(self, code: str) -> tuple[Decimal | None, Decimal | None]:
        """(achieved, planned) for a figure code; planned is None where there is no plan to compare."""
        pairs = {
            FigureCode.HEADCOUNT: (self.served, self.planned_headcount),
            FigureCode.ACTIVITIES: (self.activities_held, self.planned_activities),
            FigureCode.BUDGET: (self.spent, self.budget),
            FigureCode.MILESTONES: (self.milestones_on_time, self.milestones),
            FigureCode.VOLUNTEER_HOURS: (self.volunteer_hours, None),
            # The satisfaction score in % of 100, only once the sample reaches the minimum (``note`` says why not).
            FigureCode.SATISFACTION: (self.satisfaction.score if self.satisfaction else None, HUNDRED),
        }
        achieved, planned = pairs.get(code, (None, None))
        return (None if achieved is None else Decimal(achieved)), (None if planned is None else Decimal(planned))

    def suggested(self, indicator) -> Decimal | None:
        """The points the output bands give a sub-indicator drawing on a figure (None: scored by hand)."""
        if not indicator.figure:
            return None
        achieved, planned = self.pair(indicator.figure)
        if indicator.figure == FigureCode.SATISFACTION:  # in proportion: the maximum × score ÷ 100
            return None if achieved is None else min(scoring.round1(indicator.max_score * achieved / HUNDRED),
                                                     indicator.max_score)
        return scoring.banded_points(indicator.max_score, achieved, planned)

    def suggestion(self, indicator) -> str:
        """The suggested points in words, saying how they were reached ("" when there are none)."""
        points = self.suggested(indicator)
        if points is None:
            return ""
        if indicator.figure == FigureCode.SATISFACTION:
            return _("in proportion to the survey score: %(points)s points") % {"points": numbers.quantity(points)}
        return _("by the output bands: %(points)s points") % {"points": numbers.quantity(points)}

    def note(self, code: str) -> str:
        """Why a figure is not available ("" when it is): so far only the satisfaction survey's."""
        if code != FigureCode.SATISFACTION:
            return ""
        if self.satisfaction is None:
            return _("No satisfaction survey has been opened for this project.")
        return "" if self.satisfaction.counts else self.satisfaction.state


def project_figures(project: Project) -> ProjectFigures:
    activities = Activity.objects.filter(project=OuterRef("pk"))
    milestones = Milestone.objects.filter(project=OuterRef("pk"))
    row = Project.objects.filter(pk=project.pk).annotate(
        n_planned=_count(PlannedActivity.objects.filter(project=OuterRef("pk")), n=Count("pk")),
        n_held=_count(activities, n=Count("pk")),
        n_served=_count(activities, n=Sum("headcount")),
        n_milestones=_count(milestones, n=Count("pk")),
        n_on_time=_count(milestones.filter(done_on__isnull=False, done_on__lte=F("due_on")), n=Count("pk")),
    ).values("planned_headcount", "n_planned", "n_held", "n_served", "n_milestones", "n_on_time").get()
    refs = Activity.objects.filter(project=project).annotate(
        ref=Concat(Value("delivery.activity:"), Cast("pk", CharField()), output_field=CharField())).values("ref")
    hours = ServiceEntry.objects.filter(Q(ref__in=refs), status=EntryStatus.VERIFIED).aggregate(
        total=Sum("hours"))["total"] or ZERO
    lines = budget_lines(project)
    satisfaction = project_results(project)
    return ProjectFigures(
        planned_headcount=row["planned_headcount"], served=row["n_served"], planned_activities=row["n_planned"],
        activities_held=row["n_held"], milestones=row["n_milestones"], milestones_on_time=row["n_on_time"],
        volunteer_hours=hours, budget=sum((line.allowance for line in lines), ZERO),
        spent=sum((line.spent for line in lines), ZERO), lines=lines, satisfaction=satisfaction)
