"""Constant query counts (1 vs 50 rows) on every list and public page, and hostile input on every form: a form
error or a 404, never a 500, nothing saved."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.micro.models import DistrictCaps, NegativeRule, Proposal, Round, Vote
from tests.helpers import C111, C112, C211, D1, D2

from .support import YEAR, caps, council, new_round, propose, rule, voting_round

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _bulk_rounds(user, n, community=C112):
    Round.objects.bulk_create([Round(region_id=community, year=YEAR, title=f"轮次{i}", created_by=user)
                               for i in range(n)])


def _bulk_proposals(round_, n, status="shortlisted"):
    Proposal.objects.bulk_create([Proposal(round=round_, region_id=round_.region_id, kind="service",
                                           title=f"提议{i}", description="", estimated_cost=Decimal("100"),
                                           location="社区", status=status, votes=i) for i in range(n)])


@pytest.mark.parametrize("params", ["", "?status=collecting", f"?region={C112}", "?waiting=1", "?q=轮&year=2026"])
def test_the_staff_list_runs_constant_queries(people, client, params):
    _bulk_rounds(people["officer"], 1)
    client.force_login(people["officer"])
    one = _queries(client, f"/micro/{params}")
    _bulk_rounds(people["officer"], 50)
    assert _queries(client, f"/micro/{params}") == one


def test_the_public_index_runs_constant_queries(people, client):
    _bulk_rounds(people["officer"], 1)
    one = _queries(client, "/public/micro/")
    _bulk_rounds(people["officer"], 50)
    assert _queries(client, "/public/micro/") == one


@pytest.mark.parametrize("status", ["proposed", "shortlisted"])
def test_a_rounds_pages_run_constant_queries(people, client, status):
    caps(people["reviewer"])
    r, _ = voting_round(people["staff"], C111, titles=("起点",))
    if status == "proposed":
        Round.objects.filter(pk=r.pk).update(status="deliberating")
    _bulk_proposals(r, 1, status)
    client.force_login(people["staff"])
    urls = [f"/micro/{r.pk}/", f"/public/micro/{r.pk}/"]
    one = [_queries(client, url) for url in urls]
    _bulk_proposals(r, 50, status)
    assert [_queries(client, url) for url in urls] == one


def test_the_caps_page_runs_constant_queries(people, client):
    rule(people["reviewer"])
    client.force_login(people["reviewer"])
    one = _queries(client, "/micro/caps/")
    NegativeRule.objects.bulk_create([NegativeRule(district_id=D1, category="other", keywords=f"词{i}",
                                                   explanation="说明") for i in range(50)])
    DistrictCaps.objects.bulk_create([DistrictCaps(district_id=D1, year=2000 + i, service_cap=1, goods_cap=1,
                                                   works_cap=1) for i in range(20)])
    assert _queries(client, "/micro/caps/") == one


HUGE = "长" * 100_000
SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("data", [
    {"kind": "service", "title": HUGE}, {"kind": "other"}, {"estimated_cost": "-100"}, {"estimated_cost": "1e30"},
    {"estimated_cost": "abc"}, {"estimated_cost": "NaN"}, {"declared": ""}, {"location": HUGE},
    {"description": HUGE}, {"kind": SCRIPT}, {"estimated_cost": ["1", "x"]},
])
def test_hostile_proposals_are_refused(people, client, data):
    caps(people["reviewer"])
    r = new_round(people["staff"], C111)
    form = {"kind": "service", "title": "助老", "description": "", "location": "社区", "estimated_cost": "100",
            "declared": "on", "nonce": ""}
    form.update(data)
    response = client.post(f"/public/micro/{r.pk}/propose/", form)
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_a_script_in_a_proposal_is_escaped(people, client):
    caps(people["reviewer"])
    r = new_round(people["staff"], C111)
    form = {"kind": "service", "title": SCRIPT, "description": SCRIPT, "location": SCRIPT, "estimated_cost": "100",
            "declared": "on"}
    assert client.post(f"/public/micro/{r.pk}/propose/", form).status_code == 302
    html = client.get(f"/public/micro/{r.pk}/").content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("data", [
    {"step": "phone", "phone": HUGE}, {"step": "phone", "phone": SCRIPT}, {"step": "phone", "phone": "-1"},
    {"step": "phone", "proposal": "abc"}, {"step": "code", "code": HUGE}, {"step": "code", "code": "-12345"},
    {"step": "code", "phone": "", "code": "123456"}, {"step": "nonsense"}, {"step": "code", "proposal": "-1"},
])
def test_hostile_votes_are_refused(people, client, data):
    caps(people["reviewer"])
    r, (a, _b) = voting_round(people["staff"], C111)
    form = {"proposal": a.pk, "phone": "13800138000", "code": "123456"}
    form.update(data)
    response = client.post(f"/public/micro/{r.pk}/vote/{a.pk}/", form)
    assert response.status_code in (200, 400)
    assert not Vote.objects.exists()


def test_voting_for_another_rounds_proposal_is_a_404(people, client):
    caps(people["reviewer"])
    r, (a, _b) = voting_round(people["staff"], C111)
    caps(people["reviewer_other"], district=D2)
    other, (x, _y) = voting_round(people["staff_other"], C211)
    assert client.get(f"/public/micro/{r.pk}/vote/{x.pk}/").status_code == 404
    assert client.get("/public/micro/99999999999/vote/1/").status_code == 404


@pytest.mark.parametrize("data", [
    {"title": HUGE}, {"title": ""}, {"year": "-1"}, {"year": "abc"}, {"year": "99999"}, {"budget": "-5"},
    {"budget": "1e20"}, {"region": C211}, {"region": "x"}, {"region": D1}, {"vote_closes": "yesterday"},
    {"vote_closes": "2001-01-01T10:00"}, {"title": SCRIPT, "budget": "-1"},
])
def test_hostile_rounds_are_refused(people, client, data):
    client.force_login(people["staff"])
    form = {"region": C111, "year": YEAR, "title": "轮次", "budget": "", "vote_closes": ""}
    form.update(data)
    response = client.post("/micro/new/", form)
    assert response.status_code == 400
    assert not Round.objects.exists()


@pytest.mark.parametrize("data", [
    {"form": "caps", "year": "x"}, {"form": "caps", "service": "-1"}, {"form": "caps", "goods": HUGE},
    {"form": "caps", "works": "1e30"}, {"form": "rule", "keywords": HUGE}, {"form": "rule", "category": "x"},
    {"form": "rule", "keywords": ",,,"}, {"form": "rule", "explanation": ""}, {"form": "nonsense"},
])
def test_hostile_caps_and_rules_are_refused(people, client, data):
    client.force_login(people["reviewer"])
    form = {"district": D1, "year": YEAR, "service": "1", "goods": "1", "works": "1", "category": "property",
            "keywords": "电梯", "explanation": "物业承担"}
    form.update(data)
    response = client.post("/micro/caps/", form)
    assert response.status_code == 400
    assert not DistrictCaps.objects.exists() and not NegativeRule.objects.exists()


def test_hostile_staff_actions(people, client):
    caps(people["reviewer"])
    staff = people["staff"]
    r = new_round(staff, C111)
    p = propose(r)
    client.force_login(staff)
    assert client.post(f"/micro/{r.pk}/do/nonsense/").status_code == 400
    assert client.post(f"/micro/{r.pk}/do/open_vote/").status_code == 400
    assert client.post(f"/micro/proposals/{p.pk}/decide/shortlist/").status_code == 400  # still collecting
    assert client.post(f"/micro/proposals/{p.pk}/decide/confirm/").status_code in (400, 403)
    assert client.post(f"/micro/proposals/{p.pk}/confirm/").status_code == 400
    assert client.post(f"/micro/{r.pk}/meeting/", {"meeting": "abc"}).status_code == 400
    other = council(C211, staff)
    assert client.post(f"/micro/{r.pk}/meeting/", {"meeting": str(other.pk)}).status_code == 400
    assert client.post(f"/micro/{r.pk}/do/deliberate/").status_code == 302
    assert client.post(f"/micro/proposals/{p.pk}/decide/decline/", {"reason": ""}).status_code == 400
    assert client.post(f"/micro/proposals/{p.pk}/decide/decline/", {"reason": HUGE}).status_code == 302
    assert len(Proposal.objects.get().reason) == 300
    assert Round.objects.get().meeting_id is None
