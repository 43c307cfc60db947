"""Demo history: a year and a half of needs and projects across the whole city, so the annual assessment of
``make run`` has a completed previous year and a current year in progress with real numbers in every unit.

The step demos register a handful of records in three communities, all of them today. This loader (demo order
65: after every step's records, before the roll-up at 70) adds, from a fixed seed, for every community of
Hangzhou: the needs registered last year and this year up to yesterday (more in 西湖区 and 余杭区, where the demo
accounts work), each with the state its age makes likely, an answer-by date and — for an answered need — the
first move out of "submitted"/"verified" on its timeline, on time for most; and per street, the projects approved
in those months, further along the older they are, with the needs they took on linked and — once their delivery
has finished — their final report, on time for most. No person is named: the
proposers are anonymous.

Rows are written in bulk (the demo's history, not residents' records: no audit row, no workflow call); the needs
summary is kept by its database triggers as for any insert. Loading twice changes nothing.
"""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from needs.models import Need, NeedCategory
from needs.workflow import NEED_PROCESS
from projects.delivery.models import Report, ReportKind
from projects.models import Project, ProjectNeed
from wuse.regions.models import Region
from wuse.workflow.models import TransitionLog

from .services import insert_rows

SEED = 20251231
MARK = "（演示历史数据）"
DEMO_DISTRICTS = ("330106", "330110")  # 西湖区, 余杭区: the demo accounts' districts
NEEDS_PER_MONTH = {True: 0.45, False: 0.08}  # per community, in a demo district or not
ANSWER_DAYS = 15  # the answer-by date: registration + 15 days
SEQ_FROM = 500  # project numbers of the history start here (the step demos number from 1)
TITLES = {
    "elderly_children": ["老年助餐需求", "儿童暑期托管", "独居老人探访"],
    "disabled_hardship": ["无障碍坡道改造", "困难家庭帮扶"],
    "property_trilateral": ["电梯维修协调", "地下车库漏水", "停车位不足"],
    "community_renewal": ["老旧小区加装电梯", "雨污管网堵塞"],
    "sanitation": ["垃圾分类点异味大", "绿化带无人修剪"],
    "safety": ["电动车楼道充电", "楼道灯损坏"],
}
# (older than n days, {answered state: weight}); an unanswered need stays submitted or verified.
STATES = [(120, {"closed": 30, "followed_up": 20, "resolved": 15, "rejected": 6, "referred": 8, "in_project": 10,
                 "listed": 5, "verified": 3, "submitted": 3}),
          (30, {"listed": 20, "in_project": 18, "resolved": 15, "referred": 8, "rejected": 6, "closed": 8,
                "verified": 13, "submitted": 12}),
          (0, {"verified": 35, "submitted": 35, "listed": 10, "resolved": 10, "rejected": 5, "referred": 5})]
FINISHED = ("acceptance", "accepted", "evaluation", "closed")  # delivery over: the final report is in
PROJECT_STATES = [(200, {"closed": 45, "evaluation": 20, "accepted": 15, "acceptance": 10, "in_progress": 10}),
                  (60, {"in_progress": 50, "acceptance": 20, "accepted": 10, "undertaken": 10, "publishing": 10}),
                  (0, {"approved": 40, "publishing": 30, "undertaken": 20, "in_progress": 10})]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _by_age(table, age: int) -> dict[str, int]:
    return next(weights for older, weights in table if age > older)


def load_history_demo(users) -> None:
    if Need.objects.filter(description=MARK).exists():
        return
    author = users["city_admin"]
    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 1)
    rng = random.Random(SEED)  # noqa: S311 (demo data from a fixed seed, not a secret)
    categories = {c.code: c for c in NeedCategory.objects.filter(code__in=TITLES)}
    communities = list(Region.objects.filter(level="community").order_by("code").values_list("code", flat=True))
    needs = _needs(rng, communities, categories, start, today, author)
    _answers(rng, needs, author)
    streets = list(Region.objects.filter(level="street").order_by("code").values_list("code", flat=True))
    _projects(rng, streets, needs, start, today, author)


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8 + rng.randrange(10), rng.randrange(60))))


def _spans(start: dt.date, today: dt.date) -> list[tuple[dt.date, int]]:
    """(first day, number of days) of last year and of this year up to yesterday."""
    this_year = dt.date(today.year, 1, 1)
    return [(start, (this_year - start).days)] + ([(this_year, (today - this_year).days)] if today > this_year else [])


def _needs(rng, communities, categories, start: dt.date, today: dt.date, author) -> list[Need]:
    rows = []
    for code, (first, days) in ((code, span) for code in communities for span in _spans(start, today)):
        rate = NEEDS_PER_MONTH[code[:6] in DEMO_DISTRICTS] * rng.uniform(0.3, 1.7)
        for _n in range(max(1, round(rate * days / 30))):  # at least one a year in every community
            day = first + dt.timedelta(days=rng.randrange(days))
            category = rng.choice(list(categories))
            status = _pick(rng, _by_age(STATES, (today - day).days))
            created = _moment(day, rng)
            rows.append(Need(community_id=code, title=rng.choice(TITLES[category]), description=MARK,
                             category=categories[category], channel=rng.choice(["offline", "online", "visit"]),
                             urgency="normal", status=status, created_at=created, created_by=author,
                             response_deadline=day + dt.timedelta(days=ANSWER_DAYS), proposer_anonymous=True,
                             referred_to="街道城管科" if status == "referred" else ""))
    return Need.objects.bulk_create(rows, batch_size=2000)


def _answers(rng, needs: list[Need], author) -> None:
    """The first move out of the open states of every answered need: on time for about four in five."""
    kind = ContentType.objects.get_for_model(Need)
    answered = [n for n in needs if n.status not in ("submitted", "verified")]
    logs = []
    for need in answered:
        late = rng.random() < 0.2
        day = need.response_deadline + dt.timedelta(days=rng.randint(1, 20)) if late else (
            need.created_at.date() + dt.timedelta(days=rng.randint(1, ANSWER_DAYS)))
        logs.append(TransitionLog(content_type=kind, object_id=str(need.pk), process=NEED_PROCESS.key,
                                  transition="history", from_state="verified",
                                  to_state="listed" if need.status in ("in_project", "closed") else need.status,
                                  user=author, at=min(_moment(day, rng), timezone.now())))
    _insert_as_given(TransitionLog, logs)


def _projects(rng, streets, needs: list[Need], start: dt.date, today: dt.date, author) -> None:
    waiting: dict[str, list[Need]] = {}
    for need in needs:
        if need.status in ("in_project", "closed", "followed_up"):
            waiting.setdefault(need.community_id[:9], []).append(need)
    days, seqs, projects, links = (today - start).days, {}, [], []
    for street in streets:
        pool = waiting.get(street[:9], [])
        for _n in range(1 + len(pool) // 3):
            day = start + dt.timedelta(days=rng.randrange(days))
            taken, pool = pool[:3], pool[3:]
            unit = taken[0].community_id if taken and rng.random() < 0.7 else street
            seqs[unit, day.year] = seq = seqs.get((unit, day.year), SEQ_FROM) + 1
            approved = _moment(day, rng)
            project = Project(region_id=unit, code=f"P-{unit}-{day.year}-{seq:03d}", seq=seq, year=day.year,
                              title=f"{rng.choice(['邻里互助', '幸福食堂', '一老一小', '美好家园'])}服务项目",
                              status=_pick(rng, _by_age(PROJECT_STATES, (today - day).days)),
                              vehicle=rng.choice(["direct", "venture", "co_build", "micro", "open_call"]),
                              focus_area=rng.choice(["elderly_children", "disabled_hardship", "renewal"]),
                              linkage_mode=rng.choice(["sw_orgs", "sw_volunteers", "sw_residents"]),
                              total_budget=Decimal(rng.randrange(20, 300) * 1000), created_by=author,
                              created_at=approved - dt.timedelta(days=20), approved_at=approved,
                              approved_by=author, period_start=day, period_end=day + dt.timedelta(days=180))
            projects.append(project)
            links.append((project, taken))
    Project.objects.bulk_create(projects, batch_size=1000)
    ProjectNeed.objects.bulk_create([ProjectNeed(project=project, need=need, linked_by=author)
                                     for project, taken in links for need in taken], batch_size=2000)
    _final_reports(rng, projects, today, author)


def _final_reports(rng, projects: list[Project], today: dt.date, author) -> None:
    """The final report of every project whose delivery has finished (待验收 or later): by its end date for most,
    up to three weeks late for about one in seven (a project still being delivered past its end has none yet)."""
    reports = []
    for project in projects:
        if project.status not in FINISHED:
            continue
        late = rng.random() < 0.15
        day = project.period_end + dt.timedelta(days=rng.randint(1, 21) if late else -rng.randint(0, 14))
        reports.append(Report(project=project, kind=ReportKind.FINAL, text=MARK, submitted_by=author,
                              submitted_at=min(_moment(min(day, today), rng), timezone.now())))
    _insert_as_given(Report, reports)


def _insert_as_given(model, objects: list) -> None:
    """Insert ``objects`` with the times they carry. ``bulk_create`` would give an ``auto_now_add`` field (a
    timeline's ``at``, a report's ``submitted_at``) the present moment; this writes every concrete field but the
    key as it stands on the object, each value prepared by its field for this database (SQLite or PostgreSQL)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    insert_rows(model, [f.name for f in fields],
                [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objects])
