"""The core chain: round → apply → check → score → rank/award → publicity → agreement → tranches, and its
refusals (late, over the cap, debarred, out-of-range score, own organization, wrong state)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from projects.models import Project
from projects.venture import services
from projects.venture.errors import VentureError
from projects.venture.models import Application, Debarment, Round, Score, Tranche

from .support import apply, make_round, org, score_all, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(vp):
    a = org("阳光社工", vp["member"], 1)
    b = org("春晖服务中心", vp["member2"], 2)
    venture_round = make_round(vp["officer"], [vp["r1"], vp["r2"]])
    return vp, a, b, venture_round


def test_full_chain(setup):
    vp, a, b, venture_round = setup
    app_a = apply(vp["member"], venture_round, a, "长者助餐", "40000")
    app_b = apply(vp["member2"], venture_round, b, "儿童托管", "30000")
    venture_round = services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    services.application_check(user=vp["officer"], application=app_a, passed=True)
    services.application_check(user=vp["officer"], application=app_b, passed=True)
    for reviewer, (sa, sb) in ((vp["r1"], (90, 70)), (vp["r2"], (80, 75))):
        score_all(reviewer, Application.objects.get(pk=app_a.pk), sa)
        score_all(reviewer, Application.objects.get(pk=app_b.pk), sb)
    venture_round = services.panel_close(user=vp["officer"], venture_round=venture_round)
    assert venture_round.status == "ranked"
    app_a, app_b = Application.objects.get(pk=app_a.pk), Application.objects.get(pk=app_b.pk)
    assert (app_a.rank, app_a.mean_score, app_a.status, app_a.awarded) == (1, Decimal("85.00"), "awarded",
                                                                         Decimal("40000.00"))
    assert (app_b.rank, app_b.mean_score, app_b.min_score) == (2, Decimal("72.50"), Decimal("70.00"))
    assert app_b.awarded == Decimal("30000.00")
    venture_round = services.round_transition(user=vp["officer"], venture_round=venture_round, name="publish")
    assert venture_round.publicity_ends == today() + dt.timedelta(days=7)  # the objection period starts
    with pytest.raises(VentureError):
        services.round_transition(user=vp["officer"], venture_round=venture_round, name="confirm")
    Round.objects.filter(pk=venture_round.pk).update(publicity_ends=today() - dt.timedelta(days=1))
    venture_round = services.round_transition(user=vp["officer"], venture_round=Round.objects.get(pk=venture_round.pk),
                                              name="confirm")
    assert venture_round.status == "awarded"
    signed = services.application_sign(user=vp["officer"], application=app_a)
    assert signed.status == "agreed"
    project = Project.objects.get(pk=signed.project_id)
    assert project.vehicle == "venture" and project.total_budget == Decimal("40000.00")
    tranches = list(Tranche.objects.filter(application=signed))
    assert [t.amount for t in tranches] == [Decimal("12000.00"), Decimal("16000.00"), Decimal("12000.00")]
    services.tranche_pay(user=vp["officer"], tranche=tranches[0])
    frozen = services.midterm_record(user=vp["officer"], application=signed, passed=False)
    assert frozen.seq == 2 and frozen.status == "frozen"
    with pytest.raises(VentureError):
        services.tranche_pay(user=vp["officer"], tranche=frozen)
    with pytest.raises(VentureError):  # the third waits for the frozen second
        services.tranche_pay(user=vp["officer"], tranche=tranches[2])
    assert services.tranche_recover(user=vp["officer"], tranche=frozen).status == "recovered"


def test_fund_runs_out_and_below_pass_mark(vp):
    a, b, c = org("甲", vp["member"], 1), org("乙", vp["member"], 2), org("丙", vp["member"], 3)
    venture_round = make_round(vp["officer"], [vp["r1"]], fund="60000", cap="50000")
    apps = [apply(vp["member"], venture_round, o, f"项目{i}", amount)
            for i, (o, amount) in enumerate(((a, "40000"), (b, "30000"), (c, "20000")))]
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    for app, value in zip(apps, (90, 80, 70), strict=True):
        services.application_check(user=vp["officer"], application=app, passed=True)
        score_all(vp["r1"], Application.objects.get(pk=app.pk), value)
    services.panel_close(user=vp["officer"], venture_round=Round.objects.get(pk=venture_round.pk))
    got = {app.title: (app.rank, app.awarded, app.status) for app in Application.objects.all()}
    # 40000 fits; 30000 does not fit in the 20000 left → skipped; 20000 fits.
    assert got == {"项目0": (1, Decimal("40000.00"), "awarded"), "项目1": (2, Decimal("0.00"), "not_awarded"),
                   "项目2": (3, Decimal("20000.00"), "awarded")}


def test_late_over_cap_debarred_refused(setup):
    vp, a, b, venture_round = setup
    with pytest.raises(VentureError):
        apply(vp["member"], venture_round, a, requested="50000.01")
    services.debar(user=vp["officer"], organization=a, reason="违反协议")
    with pytest.raises(VentureError):
        apply(vp["member"], venture_round, a)
    Round.objects.filter(pk=venture_round.pk).update(call_closes=today() - dt.timedelta(days=1))
    with pytest.raises(VentureError):
        apply(vp["member2"], Round.objects.get(pk=venture_round.pk), b)
    with pytest.raises(PermissionDenied):
        apply(vp["member2"], venture_round, a)  # not a member of a
    assert Application.objects.count() == 0


def test_debarment_expires(setup):
    vp, a, _b, venture_round = setup
    Debarment.objects.create(organization=a, until=today() - dt.timedelta(days=1), reason="旧",
                             created_by=vp["officer"])
    assert services.debarred_until(a) is None
    assert apply(vp["member"], venture_round, a).pk
    with pytest.raises(VentureError):
        services.debar(user=vp["officer"], organization=a, reason="x", until=today())
    with pytest.raises(VentureError):
        services.debar(user=vp["officer"], organization=a, reason="")
    assert services.debar(user=vp["officer"], organization=a, reason="不合格").until.year == today().year + 3


def test_scoring_refusals(setup):
    vp, a, b, venture_round = setup
    app_a = apply(vp["member"], venture_round, a)
    with pytest.raises(VentureError):  # not in review, not checked
        score_all(vp["r1"], app_a, 80)
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    services.application_check(user=vp["officer"], application=app_a, passed=True)
    app_a = Application.objects.get(pk=app_a.pk)
    for bad in (101, -1, "abc", "NaN", "Infinity", "1e9"):
        with pytest.raises(VentureError):
            score_all(vp["r1"], app_a, bad)
    with pytest.raises(VentureError):
        score_all(vp["officer"], app_a, 80)
    with pytest.raises(VentureError):
        services.score_submit(user=vp["r1"], application=app_a, scores={"x": 1})
    with pytest.raises(VentureError):
        services.score_submit(user=vp["r1"], application=app_a, scores={})
    from wuse.registry.organizations.models import OrganizationMember

    OrganizationMember.objects.create(organization=a, user=vp["r2"])
    with pytest.raises(VentureError):
        score_all(vp["r2"], app_a, 80)
    assert Score.objects.count() == 0
    score_all(vp["r1"], app_a, 80)
    score_all(vp["r1"], app_a, 85)  # corrected, not doubled
    assert list(Score.objects.values_list("value", flat=True).distinct()) == [Decimal("85.00")]


def test_failed_check_keeps_reason(setup):
    vp, _a, _b, venture_round = setup
    app = apply(vp["member"], venture_round, _a)
    with pytest.raises(VentureError):
        services.application_check(user=vp["officer"], application=app, passed=False, reason="")
    app = services.application_check(user=vp["officer"], application=app, passed=False, reason="缺少预算明细")
    assert Application.objects.get(pk=app.pk).check_reason == "缺少预算明细"
    assert Application.objects.get(pk=app.pk).status == "failed"
    other = apply(vp["member"], venture_round, _a, title="第二个项目")
    with pytest.raises(PermissionDenied):
        services.application_check(user=vp["officer_other"], application=other, passed=True)
    assert Application.objects.get(pk=other.pk).status == "submitted"


def test_round_form_refusals(vp):
    for extra in ({"fund": "-1"}, {"fund": "1000", "cap": "2000"}, {"title": ""}, {"title": "x" * 101}):
        with pytest.raises(VentureError):
            make_round(vp["officer"], [], **extra)
    with pytest.raises(PermissionDenied):
        make_round(vp["officer_other"], [])
    assert Round.objects.count() == 0


def test_objection_period_blocks_confirm(setup):
    vp, _a, _b, venture_round = setup
    Round.objects.filter(pk=venture_round.pk).update(status="publicity",
                                                     publicity_ends=today() + dt.timedelta(days=7))
    with pytest.raises(VentureError):
        services.round_transition(user=vp["officer"], venture_round=Round.objects.get(pk=venture_round.pk),
                                  name="confirm")
