"""The bench's service projects: N projects (default 100,000) over Hangzhou's communities and streets, with what
the list and the detail page read, and their served and in-process rows.

What a project carries (shares for 100,000): 2–6 budget lines (the total budget is their sum), 1–4 planned
activities, 2–3 indicators, 1–3 co-design records (comment rounds and sign-off lists; a draft may have none), up
to 3 need links, and — once undertaken (about 45 %) — its undertaking organization (one of 4 bench organizations
of its district), 3–5 milestones, activities (up to 30) and expenses against its budget lines (up to 20).

- Where: 0.3 % in 上保社区 330106002051 (≈300: deep enough for a few pages; at least 20 at any size), 0.05 % at
  北山街道's own level (at least 5), 12 % at street level elsewhere (streets uniform), the rest over the city's
  communities, sizes log-normal.
- When: over the five years before the needs' anchor (``bench_fill``), volume growing like the needs'; ids grow
  with ``created_at``. Status follows age: recent projects are planned and reviewed, a year-old one is being
  delivered, old ones are closed, withdrawn, rejected or terminated — every state of ``projects/workflow.py``.
- Need links: a live link takes an ``in_project`` need of the project's community (a delivered project: a
  ``closed`` or ``followed_up`` one) created before the project, each need live in one project at most
  (``projectneed_live_once``); a withdrawn, rejected or terminated project's links are released and point at
  ``listed`` needs. A community whose pool is empty gives fewer links.
- The code is the services' ``P-<unit>-<year>-<seq:03d>``, ``seq`` counting per unit and year.

Written with COPY in batches of ``BATCH`` projects (each with its rows), one transaction each; the project and
budget line ids are explicit (line ``8 × project + k``) so that expenses can point at their lines, and the
sequences are moved past them in each batch. ``bench_project_fill`` keeps the seed, the target and the batches
done: an interrupted fill resumes with the same rows, a complete one is used as it is.
"""

import bisect
import datetime as dt
import itertools
import math
import random
import time
from collections import deque

from bench.data import DAY_US, EPOCH, LOCAL_OFFSET_US, SHANGBAO, SPAN_US, STREETS, _pick, _weighted

BATCH = 5_000
LINE_STRIDE = 8  # budget line ids: 8 × project id + position
SHARE_SHANGBAO, MIN_SHANGBAO = 0.003, 20
SHARE_BEISHAN, MIN_BEISHAN = 0.0005, 5
SHARE_STREETS = 0.12
ORGS_PER_DISTRICT = 4
ORG_MARK = "BENCH-ORG"  # filing_number of the bench's organizations

STATUS_BY_AGE = [  # (younger than n days, status weights): every state of projects/workflow.py
    (60, {"draft": 30, "street_review": 20, "district_review": 6, "returned": 8, "approved": 12, "publishing": 10,
          "undertaken": 8, "withdrawn": 3, "rejected": 3}),
    (365, {"draft": 3, "street_review": 2, "district_review": 1, "returned": 2, "approved": 4, "publishing": 6,
           "undertaken": 10, "in_progress": 35, "acceptance": 8, "accepted": 4, "evaluation": 4, "closed": 7,
           "suspended": 4, "withdrawn": 4, "rejected": 4, "terminated": 2}),
    (10**6, {"draft": 2, "returned": 2, "in_progress": 6, "acceptance": 2, "accepted": 4, "evaluation": 5,
             "closed": 55, "suspended": 2, "withdrawn": 8, "rejected": 8, "terminated": 6}),
]
APPROVED = {"approved", "publishing", "undertaken", "in_progress", "acceptance", "accepted", "evaluation", "closed",
            "suspended", "terminated"}
DELIVERY = {"undertaken", "in_progress", "acceptance", "accepted", "evaluation", "closed"}
DONE = {"accepted", "evaluation", "closed"}
ENDED = {"withdrawn", "rejected", "terminated"}
VERSION = {"draft": 3, "street_review": 4, "district_review": 5, "returned": 5, "approved": 6, "publishing": 7,
           "undertaken": 8, "in_progress": 9, "acceptance": 12, "accepted": 13, "evaluation": 14, "closed": 15,
           "suspended": 10, "withdrawn": 4, "rejected": 5, "terminated": 10}

THEMES = {  # focus area → (weight, titles)
    "elderly_children": (35, ["老人助餐服务", "独居老人探访关爱", "四点半课堂", "托育驿站", "银龄互助", "适老化改造"]),
    "disabled_hardship": (15, ["残疾人康复陪伴", "困难家庭帮扶", "助残出行服务", "困境儿童关爱"]),
    "property_trilateral": (20, ["物居业三方议事", "加装电梯协商", "停车秩序共治", "楼道微更新"]),
    "renewal": (15, ["老旧小区微改造", "口袋公园共建", "雨污分流共治", "社区客厅营造"]),
    "other": (15, ["垃圾分类督导", "邻里节", "平安巡防", "文化睦邻"]),
}
VEHICLES = {"direct": 40, "venture": 20, "co_build": 15, "micro": 20, "open_call": 5}
LINKAGE = {"sw_orgs": 40, "sw_volunteers": 35, "sw_residents": 25}
BUDGET_KINDS = ["personnel", "activities", "materials", "management", "other"]
SOURCES = {"public": 55, "venture": 15, "charity": 12, "co_build": 10, "self": 8}
GROUPS = ["辖区老年人", "困境儿童及家庭", "残疾人", "全体居民", "新就业群体", "独居老人"]
PLACES = ["社区文化家园", "居民议事厅", "邻里中心", "社区食堂", "党群服务中心", "小区广场"]
MILESTONES = ["需求调研完成", "志愿者招募培训", "首场活动开展", "中期评估", "服务覆盖过半", "总结提炼"]
PAYEES = ["杭州某某社工服务中心", "某某餐饮服务公司", "某某文化用品店", "某某印务公司", "志愿者交通补贴"]
INDICATORS = [("output", "服务人次", "人次"), ("output", "开展活动场次", "场"), ("outcome", "居民满意度", "%"),
              ("outcome", "参与居民人数", "人")]

PROJECT_COLUMNS = (
    "id", "created_at", "updated_at", "version", "code", "seq", "year", "title", "status", "vehicle", "focus_area",
    "background", "target_group", "planned_headcount", "objectives", "linkage_mode", "risk_plan", "period_start",
    "period_end", "total_budget", "undertaken_at", "approved_at", "return_reason", "reject_reason", "suspended_from",
    "suspend_reason", "terminate_reason", "funds_to_recover", "approved_by_id", "copied_from_id", "created_by_id",
    "region_id", "undertaker_id")
TABLES = {  # table → columns of its COPY
    "projects_project": PROJECT_COLUMNS,
    "projects_budgetline": ("id", "kind", "funding_source", "amount", "note", "position", "project_id"),
    "projects_plannedactivity": ("title", "starts_on", "ends_on", "place", "description", "position", "project_id"),
    "projects_indicator": ("kind", "name", "target_value", "unit", "position", "project_id"),
    "projects_codesignrecord": ("kind", "held_on", "headcount", "summary", "recorded_at", "recorded_by_id",
                                "project_id"),
    "projects_projectneed": ("released", "linked_at", "linked_by_id", "need_id", "project_id"),
    "delivery_milestone": ("title", "due_on", "progress", "done_on", "updated_at", "created_by_id", "project_id"),
    "delivery_activity": ("held_on", "place", "content", "headcount", "residents", "names", "recorded_at",
                          "community_id", "project_id", "recorded_by_id"),
    "delivery_expense": ("amount", "spent_on", "payee", "note", "recorded_at", "line_id", "project_id",
                         "recorded_by_id"),
}
N = r"\N"


# --- the plan -------------------------------------------------------------------------------------------------

def _units(cur) -> tuple[list[str], list[str], dict[str, list[str]]]:
    cur.execute("SELECT code, level FROM regions_region WHERE level IN ('community', 'street') ORDER BY code")
    rows = cur.fetchall()
    communities = [code for code, level in rows if level == "community"]
    streets = [code for code, level in rows if level == "street"]
    of_street: dict[str, list[str]] = {}
    for code in communities:
        of_street.setdefault(code[:9], []).append(code)
    return communities, streets, of_street


def _pools(cur) -> tuple[dict, dict, dict]:
    """The needs a project may link, per community, oldest first: (moment µs, id)."""
    cur.execute("SELECT id, community_id, status, (extract(epoch FROM created_at) * 1000000)::bigint FROM needs_need "
                "WHERE status IN ('in_project', 'closed', 'followed_up', 'listed') ORDER BY id")
    live, done, listed = {}, {}, {}
    for pk, community, status, moment in cur.fetchall():
        pool = live if status == "in_project" else listed if status == "listed" else done
        pool.setdefault(community, []).append((moment, pk))
    return ({k: deque(v) for k, v in live.items()}, {k: deque(v) for k, v in done.items()}, listed)


def plan(n: int, seed: int, anchor_us: int, cur) -> list[tuple]:
    """Each project's (moment µs, unit, seq, status, [(need id, released)]), in time order."""
    rng = random.Random(f"{seed}:projects:plan")
    communities, streets, of_street = _units(cur)
    beishan = STREETS["newest"][0] + "000"
    background = [c for c in communities if c != SHANGBAO]
    cum = list(itertools.accumulate(rng.lognormvariate(0, 0.6) for _ in background))
    share_shangbao = max(SHARE_SHANGBAO, MIN_SHANGBAO / max(n, 1))
    share_beishan = share_shangbao + max(SHARE_BEISHAN, MIN_BEISHAN / max(n, 1))
    other_streets = [s for s in streets if s != beishan and s[:9] in of_street]
    is_community = set(communities)
    drawn = []
    for _ in range(n):
        u = rng.random()
        if u < share_shangbao:
            unit = SHANGBAO
        elif u < share_beishan:
            unit = beishan
        elif u < share_beishan + SHARE_STREETS:
            unit = rng.choice(other_streets)
        else:
            unit = background[bisect.bisect_right(cum, rng.random() * cum[-1])]
        age = SPAN_US * (2 - math.sqrt(1 + 3 * rng.random()))  # volume growing as the needs'
        local = anchor_us + LOCAL_OFFSET_US - int(age)
        moment = local - local % DAY_US + int((8.5 + 9 * rng.random()) * 3_600_000_000) - LOCAL_OFFSET_US
        drawn.append((min(moment, anchor_us - 1), unit))
    drawn.sort()
    status_tables = [(limit, _weighted(weights)) for limit, weights in STATUS_BY_AGE]
    live, done, listed = _pools(cur)
    seqs: dict[tuple[str, int], int] = {}
    out = []
    for moment, unit in drawn:
        age_days = (anchor_us - moment) / DAY_US
        status = _pick(rng, next(t for limit, t in status_tables if age_days < limit))
        year = (EPOCH + dt.timedelta(microseconds=moment + LOCAL_OFFSET_US)).year
        seqs[unit, year] = seq = seqs.get((unit, year), 0) + 1
        links = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            community = unit if unit in is_community else rng.choice(of_street[unit[:9]])
            if status in ENDED:
                pool = listed.get(community)
                if pool:
                    links.append((rng.choice(pool)[1], True))
                continue
            pool = (done if status in DONE else live).get(community)
            if pool and pool[0][0] < moment:
                links.append((pool.popleft()[1], False))
        out.append((moment, unit, seq, status, links))
    return out


# --- the rows -------------------------------------------------------------------------------------------------

def _iso(moment_us: int) -> str:
    return (EPOCH + dt.timedelta(microseconds=moment_us)).isoformat()


def _day(moment_us: int) -> dt.date:
    return (EPOCH + dt.timedelta(microseconds=moment_us + LOCAL_OFFSET_US)).date()


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` (whole hundreds of yuan, in cents) in ``parts`` positive shares of whole hundreds."""
    hundreds = total // 10_000
    cuts = sorted(rng.sample(range(1, hundreds), parts - 1)) if hundreds > parts else list(range(1, parts))
    return [(b - a) * 10_000 for a, b in zip([0, *cuts], [*cuts, hundreds], strict=True)]


def _rows(first_id: int, planned: list[tuple], rng: random.Random, *, author_id: int, anchor_us: int, names: dict,
          orgs: dict, of_street: dict) -> dict[str, list[str]]:
    """The COPY lines of one batch, per table."""
    theme_table = _weighted({k: w for k, (w, _t) in THEMES.items()})
    vehicle_table, linkage_table, source_table = _weighted(VEHICLES), _weighted(LINKAGE), _weighted(SOURCES)
    out: dict[str, list[str]] = {table: [] for table in TABLES}
    anchor_day = _day(anchor_us)
    author = str(author_id)
    for offset, (moment, unit, seq, status, links) in enumerate(planned):
        pk = first_id + offset
        created = _day(moment)
        age_days = (anchor_us - moment) // DAY_US
        year = created.year
        focus = _pick(rng, theme_table)
        theme = rng.choice(THEMES[focus][1])
        name = names[unit]
        title = f"{name}{theme}项目"[:100]
        start = created + dt.timedelta(days=rng.randint(20, 90))
        end = start + dt.timedelta(days=rng.choice((180, 270, 365)))
        dated = status != "draft" or rng.random() < 0.7
        parts = rng.randint(2, 6)
        total = int(rng.lognormvariate(math.log(50_000), 0.7)) // 100 * 10_000 + parts * 10_000  # cents
        amounts = _split(rng, total, parts)
        updated = moment + int(rng.random() * min(age_days, 200) * DAY_US)
        approved_at = moment + int(rng.uniform(10, 40) * DAY_US) if status in APPROVED else None
        delivered = status in DELIVERY or (status in ("suspended", "terminated") and rng.random() < 0.6)
        undertaker = rng.choice(orgs[unit[:6]]) if delivered else None
        suspended_from = ("in_progress" if delivered else "publishing") if status == "suspended" else ""
        out["projects_project"].append("\t".join((
            str(pk), _iso(moment), _iso(max(updated, approved_at or 0)), str(VERSION[status]),
            f"P-{unit}-{year}-{seq:03d}", str(seq), str(year), title, status, _pick(rng, vehicle_table), focus,
            f"{name}居民反映{theme}方面的需求较多，经走访调研，拟开展本项目。", rng.choice(GROUPS),
            str(rng.randint(30, 2000)), f"一年内服务不少于{rng.randint(10, 60) * 10}人次，居民满意度达到90%以上。",
            _pick(rng, linkage_table), "活动前做好安全预案，恶劣天气顺延。" if rng.random() < 0.8 else "",
            start.isoformat() if dated else N, end.isoformat() if dated else N, _money(total),
            _iso(approved_at + int(rng.uniform(10, 40) * DAY_US)) if undertaker else N,
            _iso(approved_at) if approved_at else N,
            "请补充预算明细" if status == "returned" else "",
            "与已有项目重复" if status == "rejected" else "", suspended_from,
            "承接机构人员变动，暂停实施" if status == "suspended" else "",
            "居民需求发生变化，终止项目" if status == "terminated" else "",
            _money(rng.randint(0, total // 10_000) * 100) if status == "terminated" and delivered else "0.00",
            author if approved_at else N, N, author, unit, str(undertaker) if undertaker else N,
        )))
        line_ids = []
        for position, amount in enumerate(amounts):
            line_ids.append((pk * LINE_STRIDE + position, amount))
            out["projects_budgetline"].append("\t".join((
                str(line_ids[-1][0]), BUDGET_KINDS[position % len(BUDGET_KINDS)], _pick(rng, source_table),
                _money(amount), f"{theme}{BUDGET_KINDS[position % len(BUDGET_KINDS)]}", str(position), str(pk))))
        for position in range(rng.randint(1, 4)):
            day = start + dt.timedelta(days=30 * position + rng.randint(0, 20))
            out["projects_plannedactivity"].append("\t".join((
                f"{theme}活动{position + 1}", day.isoformat(), day.isoformat(), rng.choice(PLACES),
                f"开展{theme}主题活动", str(position), str(pk))))
        for position, (kind, label, measure) in enumerate(rng.sample(INDICATORS, rng.randint(2, 3))):
            out["projects_indicator"].append("\t".join((
                kind, label, str(rng.choice((90, 100, 200, 500, 12, 24))), measure, str(position), str(pk))))
        records = rng.randint(0 if status == "draft" else 1, 3)
        for k in range(records):
            held = created - dt.timedelta(days=rng.randint(0, 20) + 7 * k)
            kind = "sign_off" if k == records - 1 and status != "draft" else "comments"
            out["projects_codesignrecord"].append("\t".join((
                kind, held.isoformat(), str(rng.randint(8, 120)) if kind == "sign_off" or rng.random() < 0.5 else N,
                "居民提出增加活动频次，方案已调整。", _iso(moment), author, str(pk))))
        for need, released in links:
            out["projects_projectneed"].append("\t".join(("t" if released else "f", _iso(moment), author, str(need),
                                                          str(pk))))
        if not delivered:
            continue
        ends = min(end, anchor_day - dt.timedelta(days=1))
        span = max((ends - start).days, 1)
        finished = status in DONE
        for k in range(rng.randint(3, 5)):
            due = start + dt.timedelta(days=span * (k + 1) // 5)
            complete = finished or due < anchor_day - dt.timedelta(days=rng.randint(0, 30))
            due = min(due, ends) if complete else due
            progress = 100 if complete else rng.choice((0, 20, 50, 80))
            out["delivery_milestone"].append("\t".join((
                MILESTONES[k], due.isoformat(), str(progress), due.isoformat() if complete else N,
                _iso(moment), author, str(pk))))
        held_days = sorted(rng.randint(0, span) for _ in range(min(30, 2 + span // 15)))
        for day in held_days:
            held = start + dt.timedelta(days=day)
            if held >= anchor_day:
                continue
            community = unit if unit in of_street.get(unit[:9], ()) else rng.choice(of_street[unit[:9]])
            headcount = rng.randint(8, 120)
            out["delivery_activity"].append("\t".join((
                held.isoformat(), rng.choice(PLACES), f"{theme}：第{day // 7 + 1}周活动", str(headcount),
                str(rng.randint(0, headcount)), "", _iso((held - EPOCH.date()).days * DAY_US + 10 * 3_600_000_000),
                community, str(pk), author)))
        share = rng.uniform(0.7, 0.98) if finished else rng.uniform(0.1, 0.6)
        count = rng.randint(2, 20)
        spent_on_line = dict.fromkeys(line_ids, 0)
        for _ in range(count):
            line, amount = rng.choice(line_ids)
            spent = int(amount * share * 2 / count * rng.random()) or 100
            day = start + dt.timedelta(days=rng.randint(0, span))
            if day >= anchor_day or spent_on_line[line, amount] + spent > amount:  # never beyond the line
                continue
            spent_on_line[line, amount] += spent
            out["delivery_expense"].append("\t".join((
                _money(spent), day.isoformat(), rng.choice(PAYEES), "", _iso((day - EPOCH.date()).days * DAY_US),
                str(line), str(pk), author)))
    return out


# --- the fill -------------------------------------------------------------------------------------------------

def _state(cur):
    cur.execute("""CREATE TABLE IF NOT EXISTS bench_project_fill (
                       id integer PRIMARY KEY CHECK (id = 1), seed bigint NOT NULL, target bigint NOT NULL,
                       batches_done integer NOT NULL, rows_done bigint NOT NULL)""")
    cur.execute("SELECT seed, target, batches_done, rows_done FROM bench_project_fill WHERE id = 1")
    return cur.fetchone()


def _organizations(cur, author_id: int) -> dict[str, list[int]]:
    """The bench's undertaking organizations: ``ORGS_PER_DISTRICT`` per district (made once), by district code."""
    from wuse.registry.organizations.models import Organization, OrgKind

    cur.execute("SELECT code, name FROM regions_region WHERE level = 'district' ORDER BY code")
    districts = cur.fetchall()
    if not Organization.objects.filter(filing_number__startswith=ORG_MARK).exists():
        Organization.objects.bulk_create([
            Organization(name=f"{name}{label}", kind=OrgKind.SOCIAL_WORK_AGENCY if k % 2 else OrgKind.SERVICE_ORG,
                         region_id=code, filing_number=f"{ORG_MARK}-{code}-{k}", created_by_id=author_id)
            for code, name in districts
            for k, label in enumerate(("阳光社工服务中心", "邻里公益服务社", "乐龄养老服务中心", "同心社会工作事务所")[
                :ORGS_PER_DISTRICT])])
    found: dict[str, list[int]] = {}
    for pk, region in (Organization.objects.filter(filing_number__startswith=ORG_MARK).order_by("filing_number")
                       .values_list("id", "region_id")):
        found.setdefault(region[:6], []).append(pk)
    return found


def fill(target: int, *, seed: int, author_id: int, out=print) -> dict:
    """Fill the projects to ``target`` of the plan of (``seed``, ``target``), resuming an interrupted fill;
    ``{"target", "seed", "seconds", "written"}``."""
    from django.db import connection, transaction

    with connection.cursor() as cur:
        cur.execute("SELECT anchor FROM bench_fill WHERE id = 1")
        anchor = cur.fetchone()[0]
        state = _state(cur)
        cur.execute("SELECT count(*) FROM projects_project")
        have = cur.fetchone()[0]
        if state is not None and have < state[3]:
            if have:
                raise SystemExit(f"bench_project_fill says {state[3]:,} projects were written, the table holds "
                                 f"{have:,}: run with --fresh")
            cur.execute("DELETE FROM bench_project_fill")
            state = None
        if state is None:
            if have:
                raise SystemExit(f"projects_project holds {have:,} projects the bench did not write: run with --fresh")
            cur.execute("INSERT INTO bench_project_fill VALUES (1, %s, %s, 0, 0)", [seed, target])
            state = (seed, target, 0, 0)
    old_seed, old_target, done, rows_done = state
    if rows_done >= old_target:
        if (old_seed, old_target) != (seed, target):
            out(f"the bench database holds the complete fill of {old_target:,} projects (seed {old_seed}); asked for "
                f"{target:,} (seed {seed}): using it as it is (--fresh refills)")
        return {"target": old_target, "seed": old_seed, "seconds": 0.0, "written": 0}
    if (old_seed, old_target) != (seed, target):
        raise SystemExit(f"an interrupted fill of {old_target:,} projects (seed {old_seed}) is in the database; "
                         f"finish it with --projects {old_target} --seed {old_seed}, or run with --fresh")
    start = time.perf_counter()
    anchor_us = (anchor - EPOCH) // dt.timedelta(microseconds=1)
    with connection.cursor() as cur:
        orgs = _organizations(cur, author_id)
        _c, _s, of_street = _units(cur)
        cur.execute("SELECT code, name FROM regions_region WHERE level IN ('community', 'street')")
        names = dict(cur.fetchall())
        planned = plan(target, seed, anchor_us, cur)
    out(f"filling projects {rows_done:,} → {target:,} (seed {seed}; plan {time.perf_counter() - start:.1f} s)")
    batches = math.ceil(target / BATCH)
    written = dict.fromkeys(TABLES, 0)
    last_print = time.perf_counter()
    for batch in range(done, batches):
        chunk = planned[batch * BATCH:(batch + 1) * BATCH]
        rows = _rows(batch * BATCH + 1, chunk, random.Random(f"{seed}:projects:batch:{batch}"), author_id=author_id,
                     anchor_us=anchor_us, names=names, orgs=orgs, of_street=of_street)
        with transaction.atomic(), connection.cursor() as cur:
            copy_rows(cur, TABLES, rows, written)
            for table in ("projects_project", "projects_budgetline"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))")
            cur.execute("UPDATE bench_project_fill SET batches_done = %s, rows_done = rows_done + %s WHERE id = 1",
                        [batch + 1, len(chunk)])
        rows_done += len(chunk)
        if time.perf_counter() - last_print > 30 or batch + 1 == batches:
            out(f"  {rows_done:,} projects, {time.perf_counter() - start:.0f} s")
            last_print = time.perf_counter()
    vacuumed = vacuum_analyze(TABLES)
    seconds = time.perf_counter() - start
    out(f"filled projects to {target:,} in {seconds:.1f} s (of which VACUUM ANALYZE "
        f"{vacuumed:.1f} s); this run wrote "
        + ", ".join(f"{n:,} {t.split('_', 1)[1]}" for t, n in written.items()))
    return {"target": target, "seed": seed, "seconds": seconds, "written": target - state[3]}


def summary(out=print) -> None:
    """How many projects each bench user's unit holds, and in which states."""
    from django.db import connection

    from bench.served import pad

    rows = [("上保社区 " + SHANGBAO, SHANGBAO, SHANGBAO), ("北山街道 330106002", "330106002000", "330106002999"),
            ("西湖区 330106", "330106000000", "330106999999"), ("杭州市 (all)", "000000000000", "999999999999")]
    out("\n" + pad("projects in", 30) + pad("projects", 10, right=True) + pad("delivering", 12, right=True)
        + pad("closed", 9, right=True) + pad("activities", 12, right=True))
    with connection.cursor() as cur:
        for label, low, high in rows:
            cur.execute("SELECT count(*), count(*) FILTER (WHERE status IN ('undertaken', 'in_progress')), "
                        "count(*) FILTER (WHERE status = 'closed') FROM projects_project "
                        "WHERE region_id BETWEEN %s AND %s", [low, high])
            n, delivering, closed = cur.fetchone()
            cur.execute("SELECT count(*) FROM delivery_activity a JOIN projects_project p ON p.id = a.project_id "
                        "WHERE p.region_id BETWEEN %s AND %s", [low, high])
            activities = cur.fetchone()[0]
            out(pad(label, 30) + "".join(pad(f"{v:,}", w, right=True)
                                         for v, w in ((n, 10), (delivering, 12), (closed, 9), (activities, 12))))


def copy_rows(cur, tables: dict[str, tuple], rows: dict[str, list[str]], written: dict[str, int]) -> None:
    """COPY one batch's rows (tab-separated lines) into each table, counting them in ``written``."""
    for table, columns in tables.items():
        if rows[table]:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write("\n".join(rows[table]) + "\n")
        written[table] += len(rows[table])


def vacuum_analyze(tables) -> float:
    """``VACUUM (ANALYZE)`` each table after a fill; returns the seconds it took."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return time.perf_counter() - started
