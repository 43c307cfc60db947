"""The bench's needs: N rows over Hangzhou's real tree with the hard placements, reproducible from a seed.

Where the needs sit (shares of N; the figures in brackets are for 1,000,000 needs):

- 北山街道 330106002 — **the newest end**: every one of its needs is at most 60 days old. 上保社区
  330106002051 alone holds 2 % (≈20,000, so deep pages exist), its six other communities 0.2 % (≈2,000);
- 灵隐街道 330106012 — **all old**: 0.5 % (≈5,000), all between 4.5 and 5 years old (the system's first half
  year), so a list that walks the whole table by date meets them last;
- 西溪街道 330106004 — **spread evenly**: 0.6 % (≈6,000), uniformly over the five years;
- every other community of the city: the rest, community sizes log-normal, the daily volume growing
  over the five years (twice as many a day at the end as at the start).

Times fall mostly in office hours (Asia/Shanghai). Status follows age (recent needs are submitted or
verified, old ones closed, followed up, resolved…), category, channel and urgency follow fixed weights.

The rows are generated in time order (ids grow with ``created_at``, as in a live system) and written with
COPY into ``needs_need`` (so triggers on the table run), in batches of ``BATCH`` rows, one transaction each.
``bench_fill`` (a table of the bench database, outside Django's models) records the seed, the target, the
anchor (the newest moment, the start of a day in Asia/Shanghai; everything is dated back from it) and the
batches done: an interrupted fill resumes where it stopped and writes exactly the rows it would have written.
"""

import bisect
import datetime as dt
import itertools
import math
import random
import time

DEFAULT_SEED = 20261202
BATCH = 20_000
DAY_US = 86_400_000_000
SPAN_DAYS = 5 * 365 + 1
SPAN_US = SPAN_DAYS * DAY_US
LOCAL_OFFSET_US = 8 * 3600 * 1_000_000  # Asia/Shanghai, no daylight saving
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

SHANGBAO = "330106002051"
STREETS = {  # role in the bench → (street code, name)
    "newest": ("330106002", "北山街道"),
    "old": ("330106012", "灵隐街道"),
    "even": ("330106004", "西溪街道"),
}
SHARE_SHANGBAO = 0.020
SHARE_BEISHAN_OTHERS = 0.002
SHARE_OLD = 0.005
SHARE_EVEN = 0.006
NEWEST_DAYS = 60
OLD_FRACTION = 0.1  # the oldest tenth of the five years: 4.5 to 5 years old

CATEGORIES = {  # code → (weight, answer days, problems)
    "elderly_children": (22, 7, ["老人助餐点排队时间长", "独居老人需要定期探访", "儿童放学后无人看护", "托育名额不足",
                                 "老年食堂菜品单一", "适老化改造申请"]),
    "disabled_hardship": (8, 5, ["无障碍坡道损坏", "困难家庭申请临时救助", "低保户房屋漏水", "残疾人出行需要助行器"]),
    "property_trilateral": (15, 10, ["电梯故障频繁", "物业费收支公示不清", "地下车库漏水", "小区门禁失灵", "停车位不足",
                                     "电梯故障困人"]),
    "community_renewal": (10, 15, ["老旧小区加装电梯", "外墙瓷砖脱落", "雨污管网堵塞", "小区道路坑洼积水"]),
    "culture_sports": (8, 10, ["缺少健身器材", "文化活动室开放时间短", "篮球场夜间照明不足"]),
    "sanitation": (17, 5, ["垃圾分类点异味大", "楼道堆放杂物", "绿化带无人修剪", "河道漂浮垃圾", "垃圾清运不及时"]),
    "safety": (12, 3, ["电动车楼道充电", "消防通道被占用", "楼道灯损坏", "窨井盖缺失", "高空抛物"]),
    "other": (8, 7, ["夜间噪音扰民", "快递柜数量不足", "宠物扰民", "共享单车乱停放"]),
}
CHANNELS = {"offline": 30, "online": 20, "visit": 15, "hotline": 15, "survey": 6, "forum": 5, "roundtable": 5,
            "council": 4}
URGENCY = {"low": 15, "normal": 62, "high": 18, "urgent": 5}
STATUS_BY_AGE = [  # (younger than n days, status weights)
    (30, {"submitted": 35, "verified": 25, "listed": 15, "merged": 4, "referred": 5, "resolved": 8, "rejected": 5,
          "in_project": 3}),
    (180, {"submitted": 4, "verified": 6, "listed": 20, "merged": 5, "referred": 8, "resolved": 15, "rejected": 7,
           "in_project": 20, "closed": 10, "followed_up": 5}),
    (10**6, {"submitted": 1, "verified": 1, "listed": 3, "merged": 5, "referred": 7, "resolved": 15, "rejected": 8,
             "in_project": 5, "closed": 30, "followed_up": 25}),
]
VERSION = {"submitted": 1, "verified": 2, "listed": 3, "merged": 2, "referred": 3, "resolved": 3, "rejected": 2,
           "in_project": 4, "closed": 5, "followed_up": 6}
ESTATES = ["金都花园", "嘉绿苑", "文鼎苑", "翠苑一区", "求是村", "松木场", "西溪花园", "古荡新村", "竞舟小区",
           "益乐新村", "府苑新村", "蒋村花园", "桂花城", "和家园", "新金都城市花园", "紫金港小区"]
GROUPS = ["老年人", "儿童", "残疾人", "全体居民", "租户", "沿街商户", "上班族"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
CALLS = ["阿姨", "大爷", "先生", "女士", "师傅"]
REFERRED = ["街道城管科", "区住建局", "属地派出所", "区民政局", "物业服务企业", "区市场监管局"]
DETAILS = ["已持续一段时间", "多位居民反映", "影响日常出行", "存在安全隐患", "夜间尤为明显", "雨天情况更严重"]
ASKS = ["尽快处理", "协调物业解决", "纳入民生实事", "上门了解情况", "联系相关部门"]

COLUMNS = ("title", "description", "status", "created_at", "updated_at", "version", "community_id", "created_by_id",
           "affected_group", "assignee_id", "channel", "headcount", "location", "merged_into_id", "referred_to",
           "response_deadline", "satisfaction", "support_count", "urgency", "category_id", "proposer_anonymous",
           "proposer_id_index", "proposer_id_number", "proposer_name", "proposer_phone", "proposer_phone_index",
           "sensitive_basis", "sensitive_basis_note", "sensitive_kind", "sensitive_notes", "sensitive_recorded_at",
           "sensitive_recorded_by_id")


def _weighted(weights: dict):
    keys = list(weights)
    cum = list(itertools.accumulate(weights[k] for k in keys))
    return keys, cum


def _pick(rng: random.Random, table) -> str:
    keys, cum = table
    return keys[bisect.bisect_right(cum, rng.random() * cum[-1])]


def street_prefix(role: str) -> str:
    return STREETS[role][0]


def date_range(anchor: dt.datetime) -> tuple[dt.date, dt.date]:
    """The date filter of the bench's rows: from 90 to 31 days before the anchor (both days included)."""
    today = (anchor + dt.timedelta(hours=8)).date()
    return today - dt.timedelta(days=90), today - dt.timedelta(days=31)


def plan(n: int, seed: int, communities: list[str], anchor_us: int) -> list[int]:
    """Where and when each of the ``n`` needs sits: sorted keys ``time_us << 12 | community index``."""
    if len(communities) >= 4096:
        raise ValueError("more than 4,095 communities do not fit the plan's keys")
    rng = random.Random(f"{seed}:plan")
    index = {code: i for i, code in enumerate(communities)}

    def of(street: str) -> list[int]:
        return [i for code, i in index.items() if code.startswith(street)]

    shangbao = index[SHANGBAO]
    beishan = [i for i in of(STREETS["newest"][0]) if i != shangbao]
    old, even = of(STREETS["old"][0]), of(STREETS["even"][0])
    special = {shangbao, *beishan, *old, *even}
    background = [i for i in range(len(communities)) if i not in special]
    cum = list(itertools.accumulate(rng.lognormvariate(0, 0.6) for _ in background))
    total = cum[-1]
    edges = list(itertools.accumulate([SHARE_SHANGBAO, SHARE_BEISHAN_OTHERS, SHARE_OLD, SHARE_EVEN]))
    anchor_local = anchor_us + LOCAL_OFFSET_US
    newest_us = NEWEST_DAYS * DAY_US
    keys = []
    for _ in range(n):
        u = rng.random()
        if u < edges[0]:
            community, age = shangbao, rng.random() * newest_us
        elif u < edges[1]:
            community, age = rng.choice(beishan), rng.random() * newest_us
        elif u < edges[2]:
            community, age = rng.choice(old), SPAN_US * (1 - OLD_FRACTION * rng.random())
        elif u < edges[3]:
            community, age = rng.choice(even), rng.random() * SPAN_US
        else:  # volume growing linearly to twice the first day's: inverse of the CDF (t + t²/2T) / 1.5T
            community = background[bisect.bisect_right(cum, rng.random() * total)]
            age = SPAN_US * (2 - math.sqrt(1 + 3 * rng.random()))
        local = anchor_local - int(age)
        # Office hours mostly: keep the day, draw the time of day.
        of_day = (int((8.5 + 9 * rng.random()) * 3_600_000_000) if rng.random() < 0.85
                  else int(rng.random() * DAY_US))
        moment = local - local % DAY_US + of_day
        if moment > anchor_local:
            moment -= DAY_US
        keys.append((moment - LOCAL_OFFSET_US) << 12 | community)
    keys.sort()
    return keys


def _rows(keys: list[int], rng: random.Random, communities: list[str], author_id: int, anchor_us: int) -> str:
    """The COPY text of one batch (tab-separated, \\N for NULL)."""
    categories = {code: days for code, (_w, days, _p) in CATEGORIES.items()}
    problems = {code: p for code, (_w, _d, p) in CATEGORIES.items()}
    category_table = _weighted({code: w for code, (w, _d, _p) in CATEGORIES.items()})
    channel_table, urgency_table = _weighted(CHANNELS), _weighted(URGENCY)
    status_tables = [(limit, _weighted(weights)) for limit, weights in STATUS_BY_AGE]
    satisfaction_table = _weighted({"5": 50, "4": 35, "3": 10, "2": 4, "1": 1})
    lines = []
    for key in keys:
        moment, community = key >> 12, communities[key & 4095]
        age_days = (anchor_us - moment) / DAY_US
        status = _pick(rng, next(t for limit, t in status_tables if age_days < limit))
        category = _pick(rng, category_table)
        problem = rng.choice(problems[category])
        location = f"{rng.choice(ESTATES)}{rng.randint(1, 36)}幢"
        title = f"{location}{problem}"
        description = (f"居民反映{location}{problem}，{rng.choice(DETAILS)}，希望社区{rng.choice(ASKS)}。"
                       if rng.random() < 0.8 else "")
        created = EPOCH + dt.timedelta(microseconds=moment)
        later = 0 if status == "submitted" else rng.random() * min(age_days, 30)
        updated = created + dt.timedelta(days=later)
        local_day = (created + dt.timedelta(hours=8)).date()
        anonymous = rng.random() < 0.3
        name = "" if anonymous else rng.choice(SURNAMES) + rng.choice(CALLS)
        lines.append("\t".join((
            title, description, status, created.isoformat(), updated.isoformat(), str(VERSION[status]), community,
            str(author_id), rng.choice(GROUPS) if rng.random() < 0.5 else "", r"\N",
            _pick(rng, channel_table), str(rng.randint(1, 200)) if rng.random() < 0.4 else r"\N", location, r"\N",
            rng.choice(REFERRED) if status == "referred" else "",
            (local_day + dt.timedelta(days=categories[category])).isoformat(),
            _pick(rng, satisfaction_table) if status == "followed_up" else r"\N",
            str(min(1 + int(rng.expovariate(0.8)), 60)), _pick(rng, urgency_table), category,
            "t" if anonymous else "f", "", "", name, "", "", "", "", "", "", r"\N", r"\N",
        )))
    return "\n".join(lines) + "\n"


def _state(cur):
    cur.execute("""CREATE TABLE IF NOT EXISTS bench_fill (
                       id integer PRIMARY KEY CHECK (id = 1), seed bigint NOT NULL, target bigint NOT NULL,
                       anchor timestamptz NOT NULL, batches_done integer NOT NULL, rows_done bigint NOT NULL)""")
    cur.execute("SELECT seed, target, anchor, batches_done, rows_done FROM bench_fill WHERE id = 1")
    return cur.fetchone()


def _local(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%d %H:%M}"


def fill_state():
    """(seed, target, anchor, batches done, rows done) of the database's fill, or None."""
    from django.db import connection

    with connection.cursor() as cur:
        return _state(cur)


def fill(target: int, *, seed: int = DEFAULT_SEED, author_id: int, anchor_date: dt.date | None = None,
         out=print) -> dict:
    """Fill ``needs_need`` to ``target`` rows of the plan of (``seed``, ``target``); resumes an interrupted fill.

    The anchor (the newest moment) is the start of ``anchor_date`` (default: today) in Asia/Shanghai; the same
    seed, target and anchor give the same rows, and another anchor the same rows shifted by whole days.

    Returns ``{"anchor", "target", "seed", "seconds", "written"}``.
    """
    from django.db import connection, transaction

    with connection.cursor() as cur:
        state = _state(cur)
        cur.execute("SELECT count(*) FROM needs_need")
        have = cur.fetchone()[0]
        if state is not None and have < state[4]:
            if have:
                raise SystemExit(f"bench_fill says {state[4]:,} needs were written, the table holds {have:,}: "
                                 "run with --fresh")
            cur.execute("DELETE FROM bench_fill")  # the needs were emptied (a flushed test database): start over
            state = None
        if state is None:
            if have:
                raise SystemExit(f"needs_need holds {have:,} needs the bench did not write: run with --fresh")
            if anchor_date is None:  # the start of today in Asia/Shanghai: whole days, all in the past
                cur.execute("SELECT date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'")
            else:
                cur.execute("SELECT %s::date::timestamp AT TIME ZONE 'Asia/Shanghai'", [anchor_date])
            anchor = cur.fetchone()[0]
            cur.execute("INSERT INTO bench_fill VALUES (1, %s, %s, %s, 0, 0)", [seed, target, anchor])
            state = (seed, target, anchor, 0, 0)
        cur.execute("SELECT code FROM regions_region WHERE level = 'community' ORDER BY code")
        communities = [row[0] for row in cur.fetchall()]
    old_seed, old_target, anchor, done, rows_done = state
    if rows_done >= old_target:
        if (old_seed, old_target) != (seed, target):
            out(f"the bench database holds the complete fill of {old_target:,} needs (seed {old_seed}); "
                f"asked for {target:,} (seed {seed}): using it as it is (--fresh refills)")
        return {"anchor": anchor, "target": old_target, "seed": old_seed, "seconds": 0.0, "written": 0}
    if (old_seed, old_target) != (seed, target):
        raise SystemExit(f"an interrupted fill of {old_target:,} needs (seed {old_seed}) is in the database; "
                         f"finish it with --needs {old_target} --seed {old_seed}, or run with --fresh")
    start = time.perf_counter()
    anchor_us = (anchor - EPOCH) // dt.timedelta(microseconds=1)
    keys = plan(target, seed, communities, anchor_us)
    out(f"filling needs {rows_done:,} → {target:,} (seed {seed}, anchor {_local(anchor)} Asia/Shanghai; "
        f"plan {time.perf_counter() - start:.1f} s)")
    batches = math.ceil(target / BATCH)
    columns = ", ".join(COLUMNS)
    last_print = time.perf_counter()
    for batch in range(done, batches):
        chunk = keys[batch * BATCH:(batch + 1) * BATCH]
        text = _rows(chunk, random.Random(f"{seed}:batch:{batch}"), communities, author_id, anchor_us)
        with transaction.atomic(), connection.cursor() as cur:
            with cur.copy(f"COPY needs_need ({columns}) FROM STDIN") as copy:
                copy.write(text)
            cur.execute("UPDATE bench_fill SET batches_done = %s, rows_done = rows_done + %s WHERE id = 1",
                        [batch + 1, len(chunk)])
        rows_done += len(chunk)
        if time.perf_counter() - last_print > 30 or batch + 1 == batches:
            elapsed = time.perf_counter() - start
            out(f"  {rows_done:,} needs, {elapsed:.0f} s")
            last_print = time.perf_counter()
    vacuum = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) needs_need")
    seconds = time.perf_counter() - start
    out(f"filled needs to {target:,} in {seconds:.1f} s (of which VACUUM ANALYZE {time.perf_counter() - vacuum:.1f} s)")
    return {"anchor": anchor, "target": target, "seed": seed, "seconds": seconds, "written": target - state[4]}


def placement_summary(out=print) -> None:
    """How many needs each placement holds and their date span (through need_comm_created_idx: cheap)."""
    from django.db import connection

    rows = [("上保社区 " + SHANGBAO, SHANGBAO, SHANGBAO)]
    for role, (code, name) in STREETS.items():
        rows.append((f"{name} {code} ({role})", code + "000", code + "999"))
    rows.append(("杭州市 (all)", "000000000000", "999999999999"))
    from bench.served import pad

    out("\n" + pad("placement", 34) + pad("needs", 10, right=True) + "  oldest      newest")
    with connection.cursor() as cur:
        for label, low, high in rows:
            cur.execute("SELECT count(*), min(created_at), max(created_at) FROM needs_need "
                        "WHERE community_id BETWEEN %s AND %s", [low, high])
            n, oldest, newest = cur.fetchone()
            span = f"  {oldest:%Y-%m-%d}  {newest:%Y-%m-%d}" if n else ""
            out(pad(label, 34) + pad(f"{n:,}", 10, right=True) + span)
