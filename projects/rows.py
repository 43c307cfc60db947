"""The projects table's rows, ready to print (worked out once per row in Python; the template only prints)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from wuse.core import numbers
from wuse.core.templatetags.wuse_tags import state_badge

from .workflow import PROJECT_PROCESS

_PLACEHOLDER = 2_147_483_647


@dataclass(frozen=True, slots=True)
class ProjectRow:
    url: str
    code: str
    title: str
    unit: str
    focus_area: str
    vehicle: str
    badge: SafeString
    budget: str
    undertaker: str
    period: str
    created: str


def _period(project) -> str:
    start, end = project.period_start, project.period_end
    return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}" if start and end else ""


def table_rows(projects) -> list[ProjectRow]:
    detail = reverse("projects:detail", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
    zone = timezone.get_current_timezone()
    return [ProjectRow(
        url=detail.format(p.pk), code=p.code, title=p.title, unit=p.region.name,
        focus_area=p.get_focus_area_display(), vehicle=p.get_vehicle_display(), badge=state_badge(PROJECT_PROCESS, p),
        budget=numbers.money(p.total_budget), undertaker=p.undertaker.name if p.undertaker_id else "",
        period=_period(p), created=p.created_at.astimezone(zone).strftime("%Y-%m-%d"),
    ) for p in projects]


@dataclass(frozen=True, slots=True)
class PublicRow:
    code: str
    title: str
    year: int
    status: str
    focus_area: str
    vehicle: str
    linkage_mode: str
    target_group: str
    headcount: str
    objectives: str
    period: str
    budget: str
    undertaker: str


def public_rows(projects) -> list[PublicRow]:
    """What the 公示 page shows of each project: the plan's public facts and the undertaking organization's name."""
    return [PublicRow(
        code=p.code, title=p.title, year=p.year, status=str(PROJECT_PROCESS.label(p.status)),
        focus_area=p.get_focus_area_display(), vehicle=p.get_vehicle_display(),
        linkage_mode=p.get_linkage_mode_display(), target_group=p.target_group,
        headcount=numbers.quantity(p.planned_headcount) if p.planned_headcount else "", objectives=p.objectives,
        period=_period(p), budget=numbers.money(p.total_budget),
        undertaker=p.undertaker.name if p.undertaker_id else "",
    ) for p in projects]
