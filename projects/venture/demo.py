"""Demo venture rounds (order 66, after the registry's organizations, the projects and the evaluation templates):
北山街道's rounds in every stage — one open for applications, one in review (one reviewer has scored), one ranked,
one awarded (with the district's evaluation template) with agreements signed, tranches paid and one frozen after a
failed mid-term — 西湖区's round in publicity and its next one drafted, and a debarred organization.
Idempotent: a round already there (by unit and title) is left as it is."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from evaluation.models import TemplateVersion
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization, OrganizationMember

from . import services
from .models import Application, Debarment, Round

BEISHAN, XIHU = "330106002000", "330106000000"
LELING, NEIGHBOURS, BAOSHI = "西湖区乐龄社会工作服务中心", "上保社区邻里互助会", "西湖区宝石文体服务社"
CRITERIA = [("创新性", 25), ("可行性", 25), ("影响力", 30), ("团队能力", 20)]


def _template(unit):
    """The evaluation step's template of the unit or a unit above it (its demo runs before this one)."""
    region = Region.objects.get(code=unit)
    return (TemplateVersion.objects.filter(family__region_id__in=(unit, *region.ancestor_codes()))
            .order_by("-family__year", "-number").first())


def _round(users, officer, unit, title, year, *, fund, cap, steps, template=False, **dates):
    existing = Round.objects.filter(region_id=unit, title=title).first()
    if existing is not None:
        return existing, False
    today = timezone.localdate()
    data = services.RoundData(
        title=title, year=year, total_fund=Decimal(fund), project_cap=Decimal(cap),
        focus_areas="一老一小、一残一困、社区治理",
        call_closes=today + dt.timedelta(days=20), review_closes=today + dt.timedelta(days=35),
        publicity_ends=dates.get("publicity_ends", today + dt.timedelta(days=45)),
        signing_by=dates.get("signing_by", today + dt.timedelta(days=55)),
        midterm_on=dates.get("midterm_on", today + dt.timedelta(days=180)),
        final_on=dates.get("final_on", today + dt.timedelta(days=330)),
        criteria=list(CRITERIA), reviewers=[users["evaluator"], users["xihu_reviewer"]],
        evaluation_template=_template(unit) if template else None)
    venture_round = services.round_create(user=officer, region=Region.objects.get(code=unit), data=data)
    for name in steps:
        venture_round = services.round_transition(user=officer, venture_round=venture_round, name=name)
    return venture_round, True


def _member(users, name):
    org = Organization.objects.get(name=name)
    if not OrganizationMember.objects.filter(organization=org, user=users["org_member"]).exists():
        OrganizationMember.objects.create(organization=org, user=users["org_member"])
    from wuse.access import api as access

    access.forget(users["org_member"])
    return org


def _apply(users, venture_round, org, title, amount):
    return services.application_submit(user=users["org_member"], venture_round=venture_round, organization=org,
                                       title=title, summary=f"{title}：面向辖区居民开展专业服务，项目书详见附件。",
                                       requested=Decimal(amount))


def _scored(users, officer, venture_round, apps_and_scores, *, both=True):
    services.round_transition(user=officer, venture_round=venture_round, name="start_review")
    apps = []
    for app, (first, second) in apps_and_scores:
        app = services.application_check(user=officer, application=app, passed=True)
        for reviewer, value in ((users["evaluator"], first), (users["xihu_reviewer"], second)):
            if value is None or (reviewer == users["xihu_reviewer"] and not both):
                continue
            services.score_submit(user=reviewer, application=app,
                                  scores={c.pk: value for c in venture_round.criteria.all()})
        apps.append(app)
    return apps


def load_venture_demo(users) -> None:
    officer, district = users["beishan_officer"], users["xihu_reviewer"]
    leling, neighbours, baoshi = (_member(users, LELING), _member(users, NEIGHBOURS),
                                  Organization.objects.get(name=BAOSHI))
    year = timezone.localdate().year
    past = timezone.localdate() - dt.timedelta(days=1)

    # Open for applications: one application already in.
    venture_round, new = _round(users, officer, BEISHAN, f"{year + 1}年北山街道公益创投", year + 1, fund="300000",
                                cap="50000", steps=["open"])
    if new:
        _apply(users, venture_round, leling, "长者数字生活课堂", "45000")

    # In review: two applications passed the formal check, one failed; one reviewer has scored.
    venture_round, new = _round(users, officer, BEISHAN, f"{year}年北山街道公益创投（第二批）", year,
                                fund="200000", cap="60000", steps=["open"])
    if new:
        a = _apply(users, venture_round, leling, "困境儿童成长陪伴计划", "60000")
        b = _apply(users, venture_round, neighbours, "楼道微更新议事行动", "30000")
        c = _apply(users, venture_round, neighbours, "邻里节", "20000")
        _scored(users, officer, venture_round, [(a, (86, None)), (b, (78, None))], both=False)
        services.application_check(user=officer, application=c, passed=False, reason="项目书缺少预算明细表")

    # Awarded: agreements signed, tranches paid, one frozen after a failed mid-term.
    venture_round, new = _round(users, officer, BEISHAN, f"{year}年北山街道公益创投（第一批）", year,
                                fund="100000", cap="60000", steps=["open"], publicity_ends=past, signing_by=past,
                                midterm_on=past, template=True)
    if new:
        a = _apply(users, venture_round, leling, "独居老人助餐与探访", "60000")
        b = _apply(users, venture_round, neighbours, "社区儿童四点半课堂", "40000")
        c = _apply(users, venture_round, leling, "阳台花园共建", "30000")
        _scored(users, officer, venture_round, [(a, (92, 88)), (b, (80, 84)), (c, (70, 74))])
        venture_round = services.panel_close(user=officer, venture_round=venture_round)
        services.round_transition(user=officer, venture_round=venture_round, name="publish")
        Round.objects.filter(pk=venture_round.pk).update(publicity_ends=past)  # the objection period is over
        venture_round = services.round_transition(user=officer, venture_round=Round.objects.get(pk=venture_round.pk),
                                                  name="confirm")
        first = services.application_sign(user=officer, application=Application.objects.get(pk=a.pk))
        second = services.application_sign(user=officer, application=Application.objects.get(pk=b.pk))
        for app in (first, second):
            services.tranche_pay(user=officer, tranche=app.tranches.get(seq=1))
        services.tranche_pay(user=officer, tranche=first.tranches.get(seq=2))
        services.midterm_record(user=officer, application=second, passed=False,
                                note="中期评估不合格：服务人次未达标")
        Round.objects.filter(pk=venture_round.pk).update(call_closes=past - dt.timedelta(days=60),
                                                         review_closes=past - dt.timedelta(days=40))

    # 西湖区's district round, in publicity (the objection window open).
    venture_round, new = _round(users, district, XIHU, f"{year}年西湖区公益创投大赛", year, fund="500000",
                                cap="100000", steps=["open"],
                                publicity_ends=timezone.localdate() + dt.timedelta(days=7))
    if new:
        a = _apply(users, venture_round, leling, "西湖区社区心理支持网络", "100000")
        b = _apply(users, venture_round, neighbours, "湖畔志愿服务品牌培育", "50000")
        _scored(users, district, venture_round, [(a, (90, 85)), (b, (58, 55))])
        venture_round = services.panel_close(user=district, venture_round=venture_round)
        services.round_transition(user=district, venture_round=venture_round, name="publish")

    # Closed: last year's round, its project's tranches all paid.
    venture_round, new = _round(users, officer, BEISHAN, f"{year - 1}年北山街道公益创投", year - 1, fund="80000",
                                cap="40000", steps=["open"], publicity_ends=past, signing_by=past, midterm_on=past,
                                final_on=past)
    if new:
        a = _apply(users, venture_round, neighbours, "社区睦邻议事厅", "40000")
        _scored(users, officer, venture_round, [(a, (85, 83))])
        services.panel_close(user=officer, venture_round=venture_round)
        services.round_transition(user=officer, venture_round=Round.objects.get(pk=venture_round.pk), name="publish")
        Round.objects.filter(pk=venture_round.pk).update(publicity_ends=past)
        venture_round = services.round_transition(user=officer, venture_round=Round.objects.get(pk=venture_round.pk),
                                                  name="confirm")
        signed = services.application_sign(user=officer, application=Application.objects.get(pk=a.pk))
        services.midterm_record(user=officer, application=signed, passed=True, note="中期评估良好")
        for tranche in signed.tranches.order_by("seq"):
            services.tranche_pay(user=officer, tranche=tranche)
        services.round_transition(user=officer, venture_round=venture_round, name="close")
        Round.objects.filter(pk=venture_round.pk).update(call_closes=past - dt.timedelta(days=400),
                                                         review_closes=past - dt.timedelta(days=380))

    # Drafted, not yet open: 西湖区's next round.
    _round(users, district, XIHU, f"{year + 1}年西湖区公益创投大赛（筹备）", year + 1, fund="800000", cap="100000",
           steps=[], template=True)

    # Ranked: the panel closed, the results not yet published.
    venture_round, new = _round(users, officer, BEISHAN, f"{year}年北山街道“微心愿”公益创投", year, fund="50000",
                                cap="20000", steps=["open"])
    if new:
        a = _apply(users, venture_round, neighbours, "邻里共享工具屋", "15000")
        b = _apply(users, venture_round, leling, "长者防诈骗宣讲", "12000")
        _scored(users, officer, venture_round, [(a, (82, 79)), (b, (75, 71))])
        services.panel_close(user=officer, venture_round=venture_round)

    if not Debarment.objects.filter(organization=baoshi).exists():
        services.debar(user=district, organization=baoshi,
                       reason="上一轮公益创投项目终期评估不合格，且未按协议退回资金")
