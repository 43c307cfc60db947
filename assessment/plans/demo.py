"""Demo plans so the scores pages of ``make run`` show numbers: the city's published plan for last year and this
year (KPIs over needs, projects, volunteers, certified workers, satisfaction and rectifications, plus two manual
indicators), 西湖区's own plan for this year, and last year's manual scores with a small text evidence file for
every district, the streets of 西湖区 and 余杭区 and the communities of 北山街道 and 五常街道.

Runs after the assessment's demo (order 70), which approves last year and part of this year: the plans are
written as they stood before those approvals, straight to the tables after the same validation as the services
(``services.check_indicators``), with an audit row. Count KPIs get their band from the snapshot (full marks at the
level's 80th percentile), so the spread of scores is sensible whatever the demo's volumes. Idempotent: an existing
plan or score is left alone."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessment.models import KpiSnapshot
from wuse.audit.services import audit_record
from wuse.core.files import save_with_file
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .models import LEVELS, Indicator, ManualScore, Plan, PlanStatus
from .services import check_indicators

CITY, XIHU = "330100000000", "330106000000"
SCORED_PARENTS = {"city_admin": [CITY], "xihu_reviewer": [XIHU], "yuhang_reviewer": ["330110000000"],
                  "beishan_officer": ["330106002000"], "wuchang_officer": ["330110005000"]}
SHARES = [("needs.on_time_share", 20, 90, 50), ("needs.converted_share", 10, 30, 0),
          ("community_workers.certified_share", 15, 60, 20)]
COUNTS = [("volunteers.hours", 15), ("projects.completed", 10)]
OTHERS = [("evaluations.satisfaction", 5, 90, 60), ("rectifications.overdue", 5, 0, 5)]
MANUAL = [("台账完整性", "民政部门抽查社区台账：需求台账、项目台账、志愿服务记录齐全规范。", 10),
          ("五社联动机制建设", "联席会议、资源清单和联动流程建立并运行。", 10)]


def _band(year: int, code: str, level: str) -> tuple[Decimal, Decimal]:
    values = sorted(v for v in KpiSnapshot.objects.filter(year=year, code=code, level=level)
                    .values_list("value", flat=True) if v is not None)
    full = values[int(len(values) * 0.8)] if values else Decimal(0)
    return max(full, Decimal(1)).quantize(Decimal(1)), Decimal(0)


def _rows(year: int, levels) -> list[dict]:
    rows = []
    for code, weight, full, zero in SHARES + OTHERS:
        row = {"kind": "kpi", "code": code}
        for level in levels:
            row.update({f"weight_{level}": weight, f"full_{level}": full, f"zero_{level}": zero})
        rows.append(row)
    for code, weight in COUNTS:
        row = {"kind": "kpi", "code": code}
        for level in levels:
            full, zero = _band(year, code, level)
            row.update({f"weight_{level}": weight, f"full_{level}": full, f"zero_{level}": zero})
        rows.append(row)
    for name, description, weight in MANUAL:
        rows.append({"kind": "manual", "name": name, "description": description,
                     **{f"weight_{level}": weight for level in levels}})
    return rows


@transaction.atomic
def _plan(user, region: Region, year: int, rows: list[dict]) -> Plan:
    found = Plan.objects.filter(year=year, region=region).first()
    if found is not None:
        return found
    levels = LEVELS if region.level == Level.CITY else LEVELS[1:]
    cleaned = check_indicators(levels, rows)
    now = timezone.now()
    plan = Plan.objects.create(year=year, region=region, status=PlanStatus.PUBLISHED, created_by=user,
                               created_at=now, updated_at=now, published_at=now)
    Indicator.objects.bulk_create([Indicator(plan=plan, position=n, **{k: v for k, v in line.items() if k != "id"})
                                   for n, line in enumerate(cleaned, start=1)])
    audit_record(action="plan.create", target=plan, user=user, detail={"year": year, "demo": True})
    return plan


def _scores(user, plan: Plan, parents: list[str]) -> None:
    manual = list(plan.indicators.filter(kind="manual"))
    units = Region.objects.filter(parent_id__in=parents).order_by("code")
    done = set(ManualScore.objects.filter(indicator__in=manual).values_list("indicator_id", "region_id"))
    for unit in units:
        for indicator in manual:
            if (indicator.pk, unit.code) in done or not indicator.weight(unit.level):
                continue
            share = Decimal(6 + int(unit.code) % 5) / 10  # 0.6 … 1.0 of the weight, steady across runs
            points = (indicator.weight(unit.level) * share).quantize(Decimal("0.1"))
            text = f"{plan.year}年度 {unit.name} {indicator.name} 检查记录：材料齐全，得分 {points}。\n"
            score = ManualScore(indicator=indicator, region=unit, points=points, note="现场检查，台账抽查 10 份。",
                                content_type="text/plain", size=len(text.encode()), original_name="检查记录.txt",
                                scored_by=user)
            save_with_file(score, ContentFile(text.encode()), name="evidence.txt")


def load_plans_demo(users) -> None:
    city_admin = users.get("city_admin")
    city = Region.objects.filter(code=CITY).first()
    if city is None or city_admin is None:
        return
    this_year = timezone.localdate().year
    last = _plan(city_admin, city, this_year - 1, _rows(this_year - 1, LEVELS))
    _plan(city_admin, city, this_year, _rows(this_year, LEVELS))
    reviewer, xihu = users.get("xihu_reviewer"), Region.objects.filter(code=XIHU).first()
    if reviewer is not None and xihu is not None:
        _plan(reviewer, xihu, this_year, _rows(this_year, LEVELS[1:]))
    for username, parents in SCORED_PARENTS.items():
        if users.get(username) is not None:
            _scores(users[username], last, parents)
