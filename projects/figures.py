"""The projects step's figures (declared once; see ``wuse.core.figures``). A street's own project counts at the
street, in no community."""

from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, register_figure

from .models import Project
from .workflow import ACCEPTED, CLOSED, EVALUATION


def approved(period: Period):
    return Project.objects.filter(approved_at__gte=period.start_at, approved_at__lt=period.end_at)


FIGURES = (
    Figure("projects.approved", _("Projects approved"),
           _("Service projects of the unit approved in the period (by the street, or by the district above its "
             "threshold)."), _("project(s)"), rows=approved, column="region_id", action="project.view"),
    Figure("projects.completed", _("Projects accepted"),
           _("Service projects of the unit approved in the period that have since been accepted (验收)."),
           _("project(s)"), rows=lambda period: approved(period).filter(status__in=(ACCEPTED, EVALUATION, CLOSED)),
           column="region_id", action="project.view"),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
