"""The venture pages: who sees what (404 outside the unit, 403 without the right), the forms' refusals, the
scores' privacy until the panel closes, and constant query counts on the lists and the public page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.venture import services
from projects.venture.models import Application, Round, Score

from .support import apply, make_round, org, score_all, today

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def reviewing(vp):
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"], vp["r2"]])
    app = apply(vp["member"], venture_round, a)
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    services.application_check(user=vp["officer"], application=app, passed=True)
    return vp, Round.objects.get(pk=venture_round.pk), Application.objects.get(pk=app.pk)


def test_list_and_detail_access(client, reviewing):
    vp, venture_round, app = reviewing
    c = _client(client, vp["officer"])
    assert c.get(reverse("venture:list")).status_code == 200
    assert c.get(reverse("venture:round", args=[venture_round.pk])).status_code == 200
    assert c.get(reverse("venture:application", args=[app.pk])).status_code == 200
    c = _client(client, vp["officer_other"])
    assert c.get(reverse("venture:round", args=[venture_round.pk])).status_code == 404
    assert c.get(reverse("venture:application", args=[app.pk])).status_code == 404
    assert c.post(reverse("venture:sign", args=[app.pk])).status_code == 404
    c = _client(client, vp["member2"])  # a member of no organization
    assert c.get(reverse("venture:list")).status_code == 403
    assert c.get(reverse("venture:application", args=[app.pk])).status_code == 404
    c = _client(client, vp["member"])
    assert c.get(reverse("venture:application", args=[app.pk])).status_code == 200
    assert c.post(reverse("venture:sign", args=[app.pk])).status_code == 403
    assert c.get(reverse("venture:create")).status_code == 403


def test_reviewer_sees_only_own_scores_until_close(client, reviewing):
    vp, venture_round, app = reviewing
    score_all(vp["r2"], app, 61)
    c = _client(client, vp["r1"])
    page = c.get(reverse("venture:application", args=[app.pk])).content.decode()
    assert "score-form" in page and "61.00" not in page
    criteria = list(venture_round.criteria.all())
    response = c.post(reverse("venture:score", args=[app.pk]), {f"c{x.pk}": "77" for x in criteria})
    assert response.status_code == 302
    page = c.get(reverse("venture:application", args=[app.pk])).content.decode()
    assert "61.00" not in page
    services.panel_close(user=vp["officer"], venture_round=venture_round)
    page = c.get(reverse("venture:application", args=[app.pk])).content.decode()
    assert "61.00" in page and "77.00" in page


@pytest.mark.parametrize("value", ["101", "-5", "abc", "<script>alert(1)</script>", "9" * 200, ""])
def test_hostile_scores(client, reviewing, value):
    vp, venture_round, app = reviewing
    c = _client(client, vp["r1"])
    criteria = list(venture_round.criteria.all())
    response = c.post(reverse("venture:score", args=[app.pk]), {f"c{x.pk}": value for x in criteria})
    assert response.status_code == 400
    assert Score.objects.count() == 0


def test_score_own_organization_refused_on_page(client, reviewing):
    vp, venture_round, app = reviewing
    from wuse.registry.organizations.models import OrganizationMember

    OrganizationMember.objects.create(organization=app.organization, user=vp["r1"])
    c = _client(client, vp["r1"])
    response = c.post(reverse("venture:score", args=[app.pk]),
                      {f"c{x.pk}": "80" for x in venture_round.criteria.all()})
    assert response.status_code == 400 and Score.objects.count() == 0


@pytest.mark.parametrize("data", [
    {"requested": "-1"}, {"requested": "abc"}, {"requested": "50000.01"}, {"title": ""}, {"title": "x" * 101},
    {"summary": "y" * 5000}, {"organization": "999999"}, {"requested": "1e30"},
])
def test_hostile_application(client, vp, data):
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"]])
    form = {"organization": a.pk, "title": "<b>助餐</b>", "summary": "内容", "requested": "1000", **data}
    response = _client(client, vp["member"]).post(reverse("venture:apply", args=[venture_round.pk]), form)
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_late_application_on_page(client, vp):
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"]])
    Round.objects.filter(pk=venture_round.pk).update(call_closes=today() - dt.timedelta(days=1))
    response = _client(client, vp["member"]).post(reverse("venture:apply", args=[venture_round.pk]), {
        "organization": a.pk, "title": "助餐", "summary": "内容", "requested": "1000"})
    assert response.status_code == 400 and Application.objects.count() == 0


@pytest.mark.parametrize("data", [
    {"total_fund": "-100"}, {"project_cap": "999999999"}, {"criteria": "创新性 50\n可行性 40"},
    {"criteria": "<script>"}, {"title": "x" * 101}, {"region": "410102001000"}, {"call_closes": "not a date"},
])
def test_hostile_round_form(client, vp, data):
    form = {"region": "410101001000", "title": "2027公益创投", "year": "2027", "total_fund": "100000",
            "project_cap": "50000", "call_closes": "2027-03-01", "review_closes": "2027-04-01",
            "criteria": "创新性 25\n可行性 25\n影响力 30\n团队能力 20", **data}
    response = _client(client, vp["officer"]).post(reverse("venture:create"), form)
    assert response.status_code == 400
    assert Round.objects.count() == 0


def test_round_form_creates(client, vp):
    form = {"region": "410101001000", "title": "2027公益创投", "year": "2027", "total_fund": "100000",
            "project_cap": "50000", "call_closes": "2027-03-01", "review_closes": "2027-04-01",
            "criteria": "创新性 25\n可行性 25\n影响力 30\n团队能力 20", "reviewers": [vp["r1"].pk]}
    response = _client(client, vp["officer"]).post(reverse("venture:create"), form)
    assert response.status_code == 302
    assert Round.objects.get().criteria.count() == 4


def test_the_panel_is_chosen_among_the_units_people_never_another_streets(client, vp):
    """The officer of S11 picks reviewers at S11, below it or above it (the district's evaluators); the officer of
    S21 is neither listed nor accepted."""
    form = {"region": "410101001000", "title": "2027公益创投", "year": "2027", "total_fund": "100000",
            "project_cap": "50000", "call_closes": "2027-03-01", "review_closes": "2027-04-01",
            "criteria": "创新性 50\n可行性 50", "reviewers": [vp["officer_other"].pk]}
    c = _client(client, vp["officer"])
    offered = set(c.get(reverse("venture:create")).context["form"].fields["reviewers"].queryset)
    assert {vp["r1"], vp["r2"], vp["staff"], vp["officer"]} <= offered
    assert vp["officer_other"] not in offered
    assert c.post(reverse("venture:create"), form).status_code == 400
    assert Round.objects.count() == 0


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_constant(client, vp):
    vp_org = org("阳光社工", vp["member"], 1)
    first = make_round(vp["officer"], [vp["r1"]], status="review")
    Round.objects.filter(pk=first.pk).update(status="publicity")
    Application.objects.create(round=first, region_id=first.region_id, organization=vp_org, title="t0",
                               summary="s", requested=1000, status="awarded", awarded=1000, rank=1, mean_score=80,
                               created_by=vp["officer"])
    c = _client(client, vp["officer"])
    urls = [reverse("venture:list"), reverse("venture:round", args=[first.pk]),
            reverse("venture_public:round", args=[first.pk]), reverse("venture_public:index")]
    before = [_count(c, url) for url in urls]
    for i in range(1, 30):
        r = make_round(vp["officer"], [vp["r1"]], title=f"轮次{i}")
        Round.objects.filter(pk=r.pk).update(status="publicity")
        Application.objects.create(round=first, region_id=first.region_id, organization=vp_org, title=f"t{i}",
                                   summary="s", requested=1000, status="awarded", awarded=1000, rank=i + 1,
                                   mean_score=80, created_by=vp["officer"])
    after = [_count(c, url) for url in urls]
    assert before == after


def test_public_page_has_no_personal_data(client, reviewing):
    vp, venture_round, app = reviewing
    score_all(vp["r1"], app, 90)
    services.panel_close(user=vp["officer"], venture_round=venture_round)
    services.round_transition(user=vp["officer"], venture_round=Round.objects.get(pk=venture_round.pk),
                              name="publish")
    client.logout()
    page = client.get(reverse("venture_public:round", args=[venture_round.pk])).content.decode()
    assert "阳光社工" in page and "90.00" in page
    assert vp["r1"].username not in page and vp["member"].username not in page
    assert client.get(reverse("venture_public:round", args=[Round.objects.create(
        region_id=venture_round.region_id, title="草稿", year=2026, total_fund=1, project_cap=1,
        call_closes=today(), review_closes=today(), created_by=vp["officer"]).pk])).status_code == 404
