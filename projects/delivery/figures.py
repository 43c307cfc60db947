"""The delivery's figures (declared once; see ``wuse.core.figures``), for the linkage summary
(``wuse.registry.linkage``) and the indicators: projects delivered by linkage mode, activities and the residents
taking part. A street's own project counts at the street, in no community."""

from django.db.models import Exists, OuterRef, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from projects.choices import LinkageMode, ParticipantKind
from projects.figures import approved
from projects.models import Participant
from projects.workflow import ACCEPTANCE, ACCEPTED, CLOSED, EVALUATION, IN_PROGRESS, UNDERTAKEN
from wuse.core.figures import Figure, Period, register_figure

from .models import Activity

# Undertaken by the societies at some point and not stopped: the projects that link them.
DELIVERED = (UNDERTAKEN, IN_PROGRESS, ACCEPTANCE, ACCEPTED, EVALUATION, CLOSED)


def delivered(period: Period):
    return approved(period).filter(status__in=DELIVERED)


def activities(period: Period):
    return Activity.objects.filter(held_on__gte=period.start, held_on__lt=period.end)


def _by_mode(order: int, mode: str, label):
    return Figure(f"projects.linkage.{mode}", label,
                  _("Service projects of the unit approved in the period and delivered by the societies with this "
                    "linkage mode (undertaken, in progress or finished; not withdrawn, suspended or terminated)."),
                  _("project(s)"), rows=lambda period: delivered(period).filter(linkage_mode=mode),
                  column="region_id", action="project.view", linkage=order)


def _with_society(order: int, kind: str, label):
    return Figure(f"projects.with.{kind}", format_lazy(_("Projects with: {society}"), society=label),
                  _("Service projects of the unit approved in the period and delivered (as above) in which at least "
                    "one party of this society takes part (the plan's participants)."), _("project(s)"),
                  rows=lambda period: delivered(period).filter(
                      Exists(Participant.objects.filter(project=OuterRef("pk"), kind=kind))),
                  column="region_id", action="project.view", linkage=order)


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
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
