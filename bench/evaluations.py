"""The bench's step 4 (绩效评估): evaluations of the bench projects with their evaluators' scores, the residents'
satisfaction surveys and the rectifications, filled after the projects (``bench/projects.py``) from the same seed.

- **The template**: one, the city's default (``evaluation.defaults``) for the anchor's year, made through
  ``services.template_create`` by the city admin, so it is a real one; every bench evaluation is scored with it.
- **Who evaluates**: bench accounts, made once — a district reviewer per district (sets up, assigns, closes), a
  street officer per street (the street's part), ``EVALUATORS_PER_DISTRICT`` third-party evaluators per district
  (``bench_eval-<district>-<k>``; each third-party assignment carries the guardian object grant
  ``evaluation.evaluate_evaluation``, as ``services.assignment_add`` gives it) and a member of each bench
  organization (the undertaker's self-assessment).
- **Which projects**: a final evaluation for every closed project (closed, with its final score and grade), every
  project awaiting evaluation (assigned, being scored or submitted) and ``ACCEPTED_FINAL_SHARE`` of the accepted
  ones (assigned or being scored); a mid-term one for ``MIDTERM_SHARE`` of the delivered projects whose period is
  half over (closed for a finished project; any state for one in progress or in acceptance).
- **Scores**: the street's and the third party's parts always, the self-assessment in half; a score row per
  sub-indicator and scored part, findings text; the final score and grade computed by ``evaluation.scoring`` from
  those rows (third party 60 %, street 40 %), the evaluation's quality drawn so that grades come out about 15 %
  优秀, 45 % 良好, 33 % 合格, 7 % 不合格.
- **Surveys**: for a share of the projects with a final evaluation (``SURVEY_SHARE``: most of those still being
  evaluated, a quarter of the closed ones), 30–60 responses each (device hashes unique per survey), closed before
  the evaluation closes, open while it is being scored (the newest one being scored always has one).
- **Rectifications**: 1–2 for half the 合格 evaluations, 2–3 for each 不合格 one: open (overdue once the deadline has
  passed), submitted, returned, verified or cancelled, by age.

``--evaluations N`` keeps N of the planned evaluations (a seeded sample; default all of them, about 0.8 per
project). Evaluation ids follow creation time; a part's id is ``4 × evaluation + kind`` and a survey's is its
project's, so that rows can name each other. COPY by batches of ``BATCH`` evaluations, one transaction each;
``bench_evaluation_fill`` keeps the seed, the target and the batches done: an interrupted fill resumes with the same
rows, a complete one is used as it is. Timelines and audit rows are not filled.
"""

import base64
import datetime as dt
import hashlib
import math
import random
import time
from decimal import Decimal

from bench.data import DAY_US, EPOCH, LOCAL_OFFSET_US, _pick, _weighted
from bench.projects import ORG_MARK, _day, _iso, copy_rows, vacuum_analyze

BATCH = 5_000
KINDS = ("self", "street", "third_party")  # a part's id: 4 × evaluation id + its position here
EVALUATORS_PER_DISTRICT = 3
MIDTERM_SHARE = 0.6
ACCEPTED_FINAL_SHARE = 0.4
SELF_SHARE = 0.5
SURVEY_SHARE = {"closed": 0.25, "live": 0.7}  # of the final evaluations: closed, or still being scored
HOUR_US = 3_600_000_000
# The evaluation's quality (the share of the points scored) by grade band: (weight, low, high).
QUALITY = ((15, 0.915, 0.97), (45, 0.815, 0.885), (33, 0.63, 0.78), (7, 0.42, 0.57))
BIAS = {"self": 0.05, "street": 0.01, "third_party": 0.0}
STATES = {  # (stage, project status) → evaluation state weights; anything else is closed
    ("final", "evaluation"): {"assigned": 15, "in_progress": 45, "submitted": 40},
    ("final", "accepted"): {"assigned": 50, "in_progress": 50},
    ("midterm", "in_progress"): {"assigned": 15, "in_progress": 30, "submitted": 15, "closed": 40},
    ("midterm", "acceptance"): {"assigned": 5, "in_progress": 20, "submitted": 15, "closed": 60},
}
VERSION = {"assigned": 1, "in_progress": 2, "submitted": 3, "closed": 4}
RECTIFICATION_VERSION = {"open": 1, "submitted": 2, "returned": 3, "verified": 3, "cancelled": 2}
FINDINGS = {
    "excellent": ("项目执行规范，服务成效显著，居民评价高，台账资料完整。", "创新“五社联动”服务模式，经验值得推广。"),
    "good": ("项目总体按计划推进，服务质量较好；部分活动记录不够完整。", "预算执行基本规范，建议加强志愿者培训。"),
    "pass": ("服务人次未达计划，部分支出凭证不全，需整改。", "活动开展不均衡，档案资料欠规范，建议补齐台账。"),
    "fail": ("服务人次远低于计划，经费使用不规范，居民满意度低。", "项目进度严重滞后，关键活动未开展，需全面整改。"),
}
RECTIFY = (("部分支出缺少合规票据", "补齐票据并由财务复核"), ("活动签到表与照片缺失", "补充活动台账并归档"),
           ("服务人次未达计划", "制定补充服务计划并报街道备案"), ("志愿服务时数未核实", "完成志愿服务记录核实"),
           ("居民意见反馈渠道不畅", "建立意见收集与回应机制"))
COMMENTS = ("活动很实用，希望继续办下去。", "社工很耐心，多次上门。", "时间安排在工作日，上班族参加不了。",
            "希望多开展一些面向老人的活动。", "宣传不够，很多邻居不知道。")
STATUSES = ("in_progress", "acceptance", "accepted", "evaluation", "closed")

TABLES = {  # table → columns of its COPY
    "evaluation_evaluation": ("id", "created_at", "updated_at", "version", "stage", "status", "final_score", "grade",
                              "closed_at", "reopen_reason", "closed_by_id", "created_by_id", "project_id",
                              "region_id", "template_id"),
    "evaluation_assignment": ("id", "kind", "declared_at", "findings", "submitted_at", "assigned_at",
                              "assigned_by_id", "user_id", "evaluation_id"),
    "evaluation_score": ("value", "note", "updated_at", "assignment_id", "indicator_id"),
    "guardian_userobjectpermission": ("object_pk", "content_type_id", "permission_id", "user_id"),
    "evaluation_satisfactionsurvey": ("id", "created_at", "updated_at", "version", "public_token", "is_open",
                                      "opened_at", "closed_at", "min_responses", "created_by_id", "project_id",
                                      "region_id"),
    "evaluation_satisfactionresponse": ("content", "attitude", "results", "improved", "solved", "took_part",
                                        "consulted", "comment", "device", "created_at", "survey_id"),
    "rectification_rectification": ("created_at", "updated_at", "version", "finding", "action", "deadline", "status",
                                    "done", "evidence_note", "submitted_at", "verification_note", "verified_at",
                                    "return_reason", "cancel_reason", "cancelled_at", "created_by_id", "evaluation_id",
                                    "owner_organization_id", "owner_user_id", "project_id", "region_id",
                                    "submitted_by_id", "verified_by_id"),
}
SEQUENCES = ("evaluation_evaluation", "evaluation_assignment", "evaluation_satisfactionsurvey")
N = r"\N"


# --- the plan -------------------------------------------------------------------------------------------------

def _at(day: dt.date, rng: random.Random) -> int:
    """A moment of office hours (Asia/Shanghai) on ``day``, in µs."""
    return (day - EPOCH.date()).days * DAY_US - LOCAL_OFFSET_US + int((9 + 8 * rng.random()) * HOUR_US)


def _quality(rng: random.Random) -> float:
    weights = [w for w, _lo, _hi in QUALITY]
    _w, low, high = rng.choices(QUALITY, weights)[0]
    return rng.uniform(low, high)


def plan(target: int | None, seed: int, anchor_us: int, cur) -> list[tuple]:
    """Each evaluation's (created µs, closed µs or 0, project, unit, undertaker, stage, state, quality), in time
    order: the whole plan, or a seeded sample of ``target`` of it."""
    rng = random.Random(f"{seed}:evaluations:plan")
    cur.execute("SELECT id, region_id, status, undertaker_id, created_at, period_start, period_end "
                "FROM projects_project WHERE status = ANY(%s) AND undertaker_id IS NOT NULL "
                "AND period_start IS NOT NULL ORDER BY id", [list(STATUSES)])
    anchor_day = _day(anchor_us)
    tables = {key: _weighted(weights) for key, weights in STATES.items()}
    out = []
    for pk, unit, status, undertaker, created, start, end in cur.fetchall():
        created_day = created.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
        final_day = None
        if status in ("closed", "evaluation") or (status == "accepted" and rng.random() < ACCEPTED_FINAL_SHARE):
            final_day = max(min(end + dt.timedelta(days=rng.randint(5, 40)), anchor_day - dt.timedelta(days=2)),
                            created_day + dt.timedelta(days=40))
            state = "closed" if status == "closed" else _pick(rng, tables["final", status])
            out.append(_planned(rng, final_day, anchor_us, pk, unit, undertaker, "final", state))
        mid_day = start + (end - start) / 2 + dt.timedelta(days=rng.randint(-15, 15))
        if final_day is not None:
            mid_day = min(mid_day, final_day - dt.timedelta(days=20))
        if rng.random() < MIDTERM_SHARE and created_day + dt.timedelta(days=20) <= mid_day <= anchor_day - \
                dt.timedelta(days=20):
            key = ("midterm", status)
            state = _pick(rng, tables[key]) if key in tables else "closed"
            out.append(_planned(rng, mid_day, anchor_us, pk, unit, undertaker, "midterm", state))
    out.sort()
    if target is not None and target < len(out):
        out = [out[i] for i in sorted(rng.sample(range(len(out)), target))]
    return out


def _planned(rng, day, anchor_us, project, unit, undertaker, stage, state) -> tuple:
    created = min(_at(day, rng), anchor_us - 36 * HOUR_US)
    closed = 0
    if state == "closed":
        closed = min(created + int(rng.uniform(15, 60) * DAY_US), anchor_us - int(rng.uniform(2, 24) * HOUR_US))
    return created, closed, project, unit, undertaker, stage, state, _quality(rng)


# --- the accounts, the template -------------------------------------------------------------------------------

def _accounts(cur, author_id: int) -> dict:
    """The bench's evaluation accounts (made once), by unit: district reviewers, street officers, third-party
    evaluators, and a member of each bench organization."""
    from wuse.accounts.models import Membership, User
    from wuse.registry.organizations.models import Organization, OrganizationMember

    cur.execute("SELECT code, name, level FROM regions_region WHERE level IN ('district', 'street') ORDER BY code")
    units = cur.fetchall()
    wanted = {}  # username → (full name, role, unit)
    for code, name, level in units:
        if level == "district":
            wanted[f"bench_reviewer-{code[:6]}"] = (f"{name}民政局审核员", "district_reviewer", code)
            for k in range(EVALUATORS_PER_DISTRICT):
                wanted[f"bench_eval-{code[:6]}-{k}"] = (f"{name}第三方评估员{k + 1}", "evaluator", code)
        else:
            wanted[f"bench_officer-{code[:9]}"] = (f"{name}社工站专干", "street_officer", code)
    orgs = list(Organization.objects.filter(filing_number__startswith=ORG_MARK).values_list("id", "filing_number",
                                                                                            "name"))
    for _pk, filing, name in orgs:
        wanted[f"bench_member-{filing}"] = (f"{name}项目主管", "", "")
    User.objects.bulk_create([User(username=u, full_name=full, password="!bench") for u, (full, _r, _c)
                              in wanted.items()], ignore_conflicts=True)
    ids = dict(User.objects.filter(username__in=list(wanted)).values_list("username", "id"))
    Membership.objects.bulk_create([Membership(user_id=ids[u], role=role, region_id=code)
                                    for u, (_f, role, code) in wanted.items() if role], ignore_conflicts=True)
    OrganizationMember.objects.bulk_create([OrganizationMember(organization_id=pk, user_id=ids[f"bench_member-{f}"])
                                            for pk, f, _n in orgs], ignore_conflicts=True)
    districts = [code[:6] for code, _n, level in units if level == "district"]
    return {"reviewers": {d: ids[f"bench_reviewer-{d}"] for d in districts},
            "evaluators": {d: [ids[f"bench_eval-{d}-{k}"] for k in range(EVALUATORS_PER_DISTRICT)]
                           for d in districts},
            "officers": {code[:9]: ids[f"bench_officer-{code[:9]}"] for code, _n, level in units if level == "street"},
            "members": {pk: ids[f"bench_member-{f}"] for pk, f, _n in orgs}, "author": author_id}


def _template(city_user, year: int):
    """The city's default template for ``year``, through the services (the existing one when there is one)."""
    from evaluation import services
    from evaluation.defaults import DEFAULT_NAME, default_template_data
    from evaluation.models import TemplateFamily
    from wuse.regions.models import Region

    city = Region.objects.filter(level="city").order_by("code").first()
    family = TemplateFamily.objects.filter(region=city, year=year).first()
    if family is not None:
        return family.latest()
    return services.template_create(user=city_user, region=city, year=year, name=DEFAULT_NAME,
                                    data=default_template_data())


def _template_context(version) -> dict:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from evaluation.models import Evaluation

    dimensions = version.dimensions_with_indicators()
    indicators = [(i.pk, d_index, int(i.max_score * 10)) for d_index, d in enumerate(dimensions)
                  for i in d.indicators.all()]
    content_type = ContentType.objects.get_for_model(Evaluation)
    return {"template": version.pk, "indicators": indicators,
            "dimensions": [(d.weight, sum((i.max_score for i in d.indicators.all()), Decimal(0))) for d in dimensions],
            "rule": {str(k): v for k, v in version.rule().items()}, "bands": version.bands(),
            "content_type": content_type.pk,
            "permission": Permission.objects.get(content_type=content_type, codename="evaluate_evaluation").pk}


# --- the rows -------------------------------------------------------------------------------------------------

def _tenths(t: int) -> str:
    return f"{t // 10}.{t % 10}"


def _total(tenths: list[int], ctx: dict) -> Decimal:
    from evaluation import scoring

    scored = [0] * len(ctx["dimensions"])
    for (_pk, d_index, _max), value in zip(ctx["indicators"], tenths, strict=True):
        scored[d_index] += value
    return scoring.total(scoring.DimensionPoints(weight, Decimal(s).scaleb(-1), possible)
                         for (weight, possible), s in zip(ctx["dimensions"], scored, strict=True))


def _band(quality: float) -> str:
    return "excellent" if quality > 0.9 else "good" if quality > 0.8 else "pass" if quality > 0.6 else "fail"


def _parts(rng, state: str, kinds: list[str]) -> dict[str, tuple[bool, bool]]:
    """Per kind: (scored, submitted) in the evaluation's state."""
    if state == "assigned":
        return dict.fromkeys(kinds, (False, False))
    if state in ("submitted", "closed"):
        return dict.fromkeys(kinds, (True, True))
    parts = {k: (rng.random() < 0.6, False) for k in kinds}
    parts = {k: (scored, scored and rng.random() < 0.4) for k, (scored, _s) in parts.items()}
    first = kinds[rng.randrange(len(kinds))]
    parts[first] = (True, parts[first][1])
    if all(submitted for _s, submitted in parts.values()):
        parts[first] = (True, False)
    return parts


def _rows(first_id: int, planned: list[tuple], rng: random.Random, ctx: dict, anchor_us: int) -> dict[str, list]:
    """The COPY lines of one batch, per table."""
    from evaluation import scoring

    out: dict[str, list[str]] = {table: [] for table in TABLES}
    for offset, (created, closed, project, unit, undertaker, stage, state, quality) in enumerate(planned):
        pk = first_id + offset
        end = closed or anchor_us - HOUR_US
        reviewer, officer = ctx["reviewers"][unit[:6]], ctx["officers"][unit[:9]]
        member = ctx["members"].get(undertaker)
        users = {"street": officer, "third_party": rng.choice(ctx["evaluators"][unit[:6]])}
        if member and rng.random() < SELF_SHARE:
            users["self"] = member
        kinds = [k for k in KINDS if k in users]
        totals, last = {}, created
        for kind, (scored, submitted) in _parts(rng, state, kinds).items():
            assigned = created + int(rng.uniform(0, 0.05) * (end - created))
            declared = assigned + int(rng.uniform(0.05, 0.3) * (end - assigned)) if scored else None
            done = declared + int(rng.uniform(0.3, 0.9) * (end - declared)) if submitted else None
            last = max(last, done or declared or assigned)
            findings = rng.choice(FINDINGS[_band(quality)]) if scored else ""
            part = 4 * pk + KINDS.index(kind)
            out["evaluation_assignment"].append("\t".join((
                str(part), kind, _iso(declared) if declared and kind != "self" else N, findings,
                _iso(done) if done else N, _iso(assigned), str(reviewer), str(users[kind]), str(pk))))
            if kind == "third_party":
                out["guardian_userobjectpermission"].append(
                    f"{pk}\t{ctx['content_type']}\t{ctx['permission']}\t{users[kind]}")
            if not scored:
                continue
            tenths = [min(m, max(0, int(m * (quality + BIAS[kind] + rng.gauss(0, 0.07)) + 0.5)))
                      for _i, _d, m in ctx["indicators"]]
            stamp = _iso(done or declared)
            out["evaluation_score"].extend(
                f"{_tenths(t)}\t{'扣分：台账缺少签到表' if t < m * 0.6 and rng.random() < 0.3 else ''}\t{stamp}\t"
                f"{part}\t{i}" for (i, _d, m), t in zip(ctx["indicators"], tenths, strict=True))
            if submitted:
                totals[kind] = _total(tenths, ctx)
        final = grade = None
        if state == "closed":
            final = scoring.final_score(ctx["rule"], totals)
            grade = scoring.grade(final, ctx["bands"])
        out["evaluation_evaluation"].append("\t".join((
            str(pk), _iso(created), _iso(closed or max(last, created)), str(VERSION[state]), stage, state,
            str(final) if final is not None else N, grade or "", _iso(closed) if closed else N, "",
            str(reviewer) if closed else N, str(reviewer), str(project), unit, str(ctx["template"]))))
        share = SURVEY_SHARE["closed" if closed else "live"]
        if stage == "final" and (pk == ctx["survey_for"] or rng.random() < share):
            _survey(out, rng, project, unit, officer, created, closed, quality, anchor_us)
        if grade in ("pass", "fail"):
            count = rng.randint(2, 3) if grade == "fail" else rng.choice((0, 0, 1, 2))
            for finding, action in rng.sample(RECTIFY, count):
                _rectification(out, rng, pk, project, unit, undertaker, member, reviewer, officer, closed,
                               finding, action, anchor_us)
    return out


def _survey(out, rng, project, unit, officer, created, closed, quality, anchor_us) -> None:
    opened = created - int(rng.uniform(20, 50) * DAY_US)
    ends = closed - int(rng.uniform(1, 10) * DAY_US) if closed else 0
    ends = max(ends, opened + DAY_US) if closed else 0
    token = base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")
    out["evaluation_satisfactionsurvey"].append("\t".join((
        str(project), _iso(opened), _iso(ends or opened), "2" if ends else "1", token, "f" if ends else "t",
        _iso(opened), _iso(ends) if ends else N, "30", str(officer), str(project), unit)))
    base = 1 + 4 * quality
    last = ends or anchor_us - HOUR_US
    for n in range(rng.randint(30, 60)):
        answers = [max(1, min(5, round(base + rng.gauss(0, 0.8)))) for _ in range(7)]
        device = hashlib.sha256(f"bench:{project}:{n}".encode()).hexdigest()
        out["evaluation_satisfactionresponse"].append("\t".join((
            *(str(a) for a in answers[:4]), N if n % 3 else str(answers[4]), str(answers[5]), str(answers[6]),
            rng.choice(COMMENTS) if n % 8 == 0 else "", device, _iso(opened + int(rng.random() * (last - opened))),
            str(project))))


def _rectification(out, rng, evaluation, project, unit, undertaker, member, reviewer, officer, closed, finding,
                   action, anchor_us) -> None:
    created = min(closed + int(rng.uniform(1, 10) * DAY_US), anchor_us - HOUR_US)
    deadline = _day(created) + dt.timedelta(days=rng.choice((30, 60, 90)))
    anchor_day = _day(anchor_us)
    if deadline < anchor_day - dt.timedelta(days=30):
        status = _pick(rng, _weighted({"verified": 85, "cancelled": 5, "open": 10}))
    else:
        status = _pick(rng, _weighted({"open": 35, "submitted": 30, "returned": 10, "verified": 25}))
    deadline_us = (deadline - EPOCH.date()).days * DAY_US - LOCAL_OFFSET_US
    last = min(anchor_us - HOUR_US, deadline_us + 10 * DAY_US)
    submitted = created + int(rng.uniform(0.4, 0.8) * (last - created)) if status in (
        "submitted", "returned", "verified") else None
    verified = submitted + int(rng.uniform(0.2, 0.9) * (last - submitted)) if status == "verified" else None
    cancelled = created + int(rng.uniform(0.3, 0.9) * (last - created)) if status == "cancelled" else None
    updated = verified or cancelled or submitted or created
    out["rectification_rectification"].append("\t".join((
        _iso(created), _iso(updated), str(RECTIFICATION_VERSION[status]),
        f"{finding}。", f"{action}，整改完成后上传佐证材料。", deadline.isoformat(), status,
        "已按要求完成整改，材料已归档。" if submitted else "", "佐证材料存社区档案室" if submitted else "",
        _iso(submitted) if submitted else N, "经现场核查，整改到位。" if verified else "",
        _iso(verified) if verified else N,
        "佐证材料不完整，请补充票据复印件。" if status == "returned" else "",
        "项目承接机构已变更，整改转入新项目" if cancelled else "", _iso(cancelled) if cancelled else N,
        str(reviewer), str(evaluation), str(undertaker), str(member) if member else N, str(project), unit,
        str(member) if submitted and member else N, str(officer) if verified else N)))


# --- the fill -------------------------------------------------------------------------------------------------

def _state(cur):
    cur.execute("""CREATE TABLE IF NOT EXISTS bench_evaluation_fill (
                       id integer PRIMARY KEY CHECK (id = 1), seed bigint NOT NULL, target bigint NOT NULL,
                       batches_done integer NOT NULL, rows_done bigint NOT NULL)""")
    cur.execute("SELECT seed, target, batches_done, rows_done FROM bench_evaluation_fill WHERE id = 1")
    return cur.fetchone()


def fill(target: int | None, *, seed: int, author_id: int, city_user, out=print) -> dict:
    """Fill step 4 for the bench projects: ``target`` evaluations of the plan (None: all of it), resuming an
    interrupted fill; ``{"target", "seed", "seconds", "written", "tables"}``."""
    from django.db import connection, transaction

    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT anchor FROM bench_fill WHERE id = 1")
        anchor = cur.fetchone()[0]
        anchor_us = (anchor - EPOCH) // dt.timedelta(microseconds=1)
        state = _state(cur)
        cur.execute("SELECT count(*) FROM evaluation_evaluation")
        have = cur.fetchone()[0]
        planned = plan(target, seed, anchor_us, cur)
    if state is not None and have < state[3]:
        if have:
            raise SystemExit(f"bench_evaluation_fill says {state[3]:,} evaluations were written, the table holds "
                             f"{have:,}: run with --fresh")
        state = None
        with connection.cursor() as cur:
            cur.execute("DELETE FROM bench_evaluation_fill")
    if state is None:
        if have:
            raise SystemExit(f"evaluation_evaluation holds {have:,} evaluations the bench did not write: run with "
                             "--fresh")
        state = (seed, len(planned), 0, 0)
        with connection.cursor() as cur:
            cur.execute("INSERT INTO bench_evaluation_fill VALUES (1, %s, %s, 0, 0)", [seed, len(planned)])
    old_seed, old_target, done, rows_done = state
    if rows_done >= old_target:
        if (old_seed, old_target) != (seed, len(planned)):
            out(f"the bench database holds the complete fill of {old_target:,} evaluations (seed {old_seed}); asked "
                f"for {len(planned):,} (seed {seed}): using it as it is (--fresh refills)")
        return {"target": old_target, "seed": old_seed, "seconds": 0.0, "written": 0, "tables": table_sizes()}
    if (old_seed, old_target) != (seed, len(planned)):
        raise SystemExit(f"an interrupted fill of {old_target:,} evaluations (seed {old_seed}) is in the database; "
                         "finish it with the same --projects, --evaluations and --seed, or run with --fresh")
    with connection.cursor() as cur:
        ctx = _accounts(cur, author_id)
    ctx.update(_template_context(_template(city_user, _day(anchor_us).year)))
    # The newest final evaluation still being scored has an open survey at any size (the public page's row).
    ctx["survey_for"] = next((n + 1 for n in range(len(planned) - 1, -1, -1)
                              if planned[n][5] == "final" and planned[n][6] != "closed"), None)
    out(f"filling evaluations {rows_done:,} → {len(planned):,} (seed {seed}; plan and accounts "
        f"{time.perf_counter() - start:.1f} s)")
    batches = math.ceil(len(planned) / BATCH)
    written = dict.fromkeys(TABLES, 0)
    last_print = time.perf_counter()
    for batch in range(done, batches):
        chunk = planned[batch * BATCH:(batch + 1) * BATCH]
        rows = _rows(batch * BATCH + 1, chunk, random.Random(f"{seed}:evaluations:batch:{batch}"), ctx, anchor_us)
        with transaction.atomic(), connection.cursor() as cur:
            copy_rows(cur, TABLES, rows, written)
            for table in SEQUENCES:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
            cur.execute("UPDATE bench_evaluation_fill SET batches_done = %s, rows_done = rows_done + %s WHERE id = 1",
                        [batch + 1, len(chunk)])
        rows_done += len(chunk)
        if time.perf_counter() - last_print > 30 or batch + 1 == batches:
            out(f"  {rows_done:,} evaluations, {time.perf_counter() - start:.0f} s")
            last_print = time.perf_counter()
    vacuumed = vacuum_analyze(TABLES)
    seconds = time.perf_counter() - start
    out(f"filled evaluations to {len(planned):,} in {seconds:.1f} s (of which VACUUM ANALYZE "
        f"{vacuumed:.1f} s); this run wrote "
        + ", ".join(f"{n:,} {t.split('_', 1)[1]}" for t, n in written.items()))
    return {"target": len(planned), "seed": seed, "seconds": seconds, "written": len(planned) - state[3],
            "tables": table_sizes()}


def table_sizes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cur:
        found = {}
        for table in TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  (our own table names)
            found[table] = cur.fetchone()[0]
    return found


def summary(out=print) -> None:
    """How many evaluations each bench user's unit holds (closed, by grade), its surveys and rectifications."""
    from django.db import connection

    from bench.data import SHANGBAO
    from bench.served import pad

    rows = [("上保社区 " + SHANGBAO, SHANGBAO, SHANGBAO), ("北山街道 330106002", "330106002000", "330106002999"),
            ("西湖区 330106", "330106000000", "330106999999"), ("杭州市 (all)", "000000000000", "999999999999")]
    heads = (("evaluations", 13), ("closed", 9), ("优秀", 7), ("良好", 7), ("合格", 7), ("不合格", 8), ("surveys", 9),
             ("responses", 11), ("rectif.", 9), ("overdue", 9))
    out("\n" + pad("evaluations in", 24) + "".join(pad(h, w, right=True) for h, w in heads))
    with connection.cursor() as cur:
        for label, low, high in rows:
            cur.execute("SELECT count(*), count(*) FILTER (WHERE status = 'closed'), "
                        "count(*) FILTER (WHERE grade = 'excellent'), count(*) FILTER (WHERE grade = 'good'), "
                        "count(*) FILTER (WHERE grade = 'pass'), count(*) FILTER (WHERE grade = 'fail') "
                        "FROM evaluation_evaluation WHERE region_id BETWEEN %s AND %s", [low, high])
            values = list(cur.fetchone())
            cur.execute("SELECT count(*), coalesce(sum((SELECT count(*) FROM evaluation_satisfactionresponse r "
                        "WHERE r.survey_id = s.id)), 0) FROM evaluation_satisfactionsurvey s "
                        "WHERE region_id BETWEEN %s AND %s", [low, high])
            values += list(cur.fetchone())
            cur.execute("SELECT count(*), count(*) FILTER (WHERE status IN ('open', 'submitted', 'returned') "
                        "AND deadline < current_date) FROM rectification_rectification "
                        "WHERE region_id BETWEEN %s AND %s", [low, high])
            values += list(cur.fetchone())
            out(pad(label, 24) + "".join(pad(f"{v:,}", w, right=True) for v, (_h, w) in zip(values, heads,
                                                                                           strict=True)))
