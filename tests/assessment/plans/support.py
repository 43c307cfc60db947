"""Builders of the plans' tests: plan lines, snapshot rows and plans written through the services."""

from decimal import Decimal

from django.utils import timezone

from assessment.models import KpiSnapshot, RollupRun, RunStatus, Trigger
from assessment.plans import services
from assessment.plans.models import Plan, PlanStatus
from wuse.regions.models import Region

YEAR = timezone.localdate().year
ALL = ("district", "street", "community")


def kpi(code: str, weight=50, full=10, zero=0, levels=ALL, **extra) -> dict:
    row = {"kind": "kpi", "code": code}
    for level in levels:
        row.update({f"weight_{level}": weight, f"full_{level}": full, f"zero_{level}": zero})
    row.update(extra)
    return row


def manual(name: str = "台账完整性", weight=50, levels=ALL, **extra) -> dict:
    row = {"kind": "manual", "name": name, "description": "台账齐全、规范"}
    row.update({f"weight_{level}": weight for level in levels})
    row.update(extra)
    return row


def city_rows() -> list[dict]:
    return [kpi("needs.collected"), manual()]


def district_rows() -> list[dict]:
    return [kpi("needs.collected", levels=ALL[1:]), manual(levels=ALL[1:])]


def make_plan(user, code: str, year: int = YEAR, rows=None, publish: bool = True) -> Plan:
    region = Region.objects.get(code=code)
    rows = rows if rows is not None else (city_rows() if region.level == "city" else district_rows())
    plan = services.plan_save(user=user, region=region, year=year, rows=rows)
    if publish:
        plan = services.plan_publish(user=user, plan=plan)
    return plan


def published(plan: Plan) -> bool:
    return Plan.objects.get(pk=plan.pk).status == PlanStatus.PUBLISHED


def snapshot(year: int, values: dict[tuple[str, str], object]) -> None:
    """Snapshot rows {(unit code, figure code): value}; a share is given as (part, whole)."""
    run = RollupRun.objects.create(year=year, trigger=Trigger.DEMO, status=RunStatus.DONE)
    levels = dict(Region.objects.filter(code__in={code for code, _f in values}).values_list("code", "level"))
    rows = []
    for (code, figure), value in values.items():
        if isinstance(value, tuple):
            part, whole = value
            share = (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001")) if whole else None
            rows.append(KpiSnapshot(year=year, region_id=code, level=levels[code], code=figure, value=share,
                                    part=part, whole=whole, run=run))
        else:
            rows.append(KpiSnapshot(year=year, region_id=code, level=levels[code], code=figure,
                                    value=None if value is None else Decimal(str(value)), run=run))
    KpiSnapshot.objects.bulk_create(rows)
