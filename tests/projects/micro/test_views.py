"""The micro-project pages over HTTP: a round from creation to confirmation, the district's caps page, the public
pages (propose, vote in two steps, the 公示 without personal data), the export, 404 outside the unit."""

import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from openpyxl import load_workbook

from projects.micro.models import DistrictCaps, NegativeRule, Proposal, Round, Vote
from projects.models import Project
from tests.helpers import C111, C211, D1

from .support import YEAR, caps, council, new_round, propose, rule, vote, voting_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    caps(people["reviewer"])
    rule(people["reviewer"])
    return people


def test_a_round_over_http_from_creation_to_a_project(ready, client):
    staff = ready["staff"]
    client.force_login(staff)
    response = client.post("/micro/new/", {"region": C111, "year": YEAR, "title": "幸福社区民生微实事",
                                           "budget": "100000", "vote_closes": ""})
    r = Round.objects.get()
    assert response.status_code == 302 and response.url == f"/micro/{r.pk}/"
    client.logout()
    # A resident proposes from the public page.
    page = client.get(f"/public/micro/{r.pk}/propose/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    form = {"kind": "goods", "title": "楼道照明改造", "description": "楼道灯坏了", "location": "3号楼",
            "estimated_cost": "8000", "declared": "on", "nonce": "n1"}
    response = client.post(f"/public/micro/{r.pk}/propose/", form)
    assert response.status_code == 302
    refused = client.post(f"/public/micro/{r.pk}/propose/", {**form, "title": "电梯维修", "nonce": "n2"})
    assert refused.status_code == 400 and "共用设施维修由物业服务企业承担" in refused.content.decode()
    over = client.post(f"/public/micro/{r.pk}/propose/", {**form, "estimated_cost": "30001", "nonce": "n3"})
    assert over.status_code == 400 and "30,000.00" in over.content.decode()
    assert Proposal.objects.count() == 1
    p = Proposal.objects.get()
    # The community closes the round, links the council's meeting, the council shortlists, the vote opens.
    client.force_login(staff)
    assert client.post(f"/micro/{r.pk}/do/deliberate/").status_code == 302
    meeting = council(C111, staff)
    assert client.post(f"/micro/{r.pk}/meeting/", {"meeting": str(meeting.pk)}).status_code == 302
    blocked = client.post(f"/micro/{r.pk}/do/open_vote/")
    assert blocked.status_code == 400
    assert client.post(f"/micro/proposals/{p.pk}/decide/shortlist/").status_code == 302
    assert client.post(f"/micro/{r.pk}/do/open_vote/").status_code == 302
    client.logout()
    # A resident votes: phone, code, vote.
    page = client.get(f"/public/micro/{r.pk}/")
    assert f"/public/micro/{r.pk}/vote/{p.pk}/" in page.content.decode()
    step1 = client.post(f"/public/micro/{r.pk}/vote/{p.pk}/", {"step": "phone", "proposal": p.pk,
                                                              "phone": "13800138000"})
    assert step1.status_code == 200 and 'name="code"' in step1.content.decode()
    code = re.search(r"(?<![0-9])[0-9]{6}(?![0-9])", mail.outbox[-1].body)[0]
    other = "000000" if code != "000000" else "111111"
    wrong = client.post(f"/public/micro/{r.pk}/vote/{p.pk}/", {"step": "code", "proposal": p.pk,
                                                              "phone": "13800138000", "code": other})
    assert wrong.status_code == 400
    done = client.post(f"/public/micro/{r.pk}/vote/{p.pk}/", {"step": "code", "proposal": p.pk,
                                                             "phone": "13800138000", "code": code})
    assert done.status_code == 302 and done.url == f"/public/micro/{r.pk}/voted/"
    again = client.post(f"/public/micro/{r.pk}/vote/{p.pk}/", {"step": "phone", "proposal": p.pk,
                                                              "phone": "138-0013-8000"})
    assert again.status_code == 400 and Vote.objects.count() == 1
    # The community closes the vote and confirms the winner: a project.
    client.force_login(staff)
    assert client.post(f"/micro/{r.pk}/do/close_vote/").status_code == 302
    response = client.post(f"/micro/proposals/{p.pk}/confirm/")
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == f"/projects/{project.pk}/"
    assert project.vehicle == "micro"
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/micro/{r.pk}/" in detail
    # The published result.
    client.logout()
    html = client.get(f"/public/micro/{r.pk}/").content.decode()
    assert "楼道照明改造" in html and 'data-testid="result"' in html and "13800138000" not in html


def test_a_second_vote_from_the_page_is_refused(ready, client):
    r, (a, b) = voting_round(ready["staff"], C111)
    vote(r, a, "13900139000")
    response = client.post(f"/public/micro/{r.pk}/vote/{b.pk}/", {"step": "phone", "proposal": b.pk,
                                                                 "phone": "13900139000"})
    assert response.status_code == 400 and Vote.objects.count() == 1


def test_the_public_pages_carry_no_personal_data(ready, client):
    r, (a, _b) = voting_round(ready["staff"], C111)
    vote(r, a, "13700137000")
    for url in ("/public/micro/", f"/public/micro/{r.pk}/", f"/public/micro/{r.pk}/vote/{a.pk}/"):
        html = client.get(url).content.decode()
        assert "13700137000" not in html and "staff" not in html and ready["staff"].email not in html, url


def test_public_pages_outside_a_round_answer_404_or_410(ready, client):
    r = new_round(ready["staff"], C111)
    p = propose(r)
    assert client.get("/public/micro/999999/").status_code == 404
    assert client.get(f"/public/micro/{r.pk}/vote/{p.pk}/").status_code == 404  # not shortlisted
    assert client.get(f"/public/micro/{r.pk}/proposals/999999/").status_code == 404
    r2, (a, _b) = voting_round(ready["staff"], C111)
    assert client.get(f"/public/micro/{r2.pk}/propose/").status_code == 410


def test_proposals_are_rate_limited_per_network(ready, client, settings):
    from projects.micro import public_views

    r = new_round(ready["staff"], C111)
    form = {"kind": "service", "title": "助老服务", "description": "", "location": "社区", "estimated_cost": "100",
            "declared": "on"}
    for n in range(public_views.PROPOSALS_PER_HOUR):
        assert client.post(f"/public/micro/{r.pk}/propose/", {**form, "nonce": f"x{n}"}).status_code == 302
    response = client.post(f"/public/micro/{r.pk}/propose/", {**form, "nonce": "last"})
    assert response.status_code == 429 and response["Retry-After"]
    assert Proposal.objects.count() == public_views.PROPOSALS_PER_HOUR


def test_a_double_tapped_proposal_is_saved_once(ready, client):
    r = new_round(ready["staff"], C111)
    form = {"kind": "service", "title": "助老服务", "description": "", "location": "社区", "estimated_cost": "100",
            "declared": "on", "nonce": "same"}
    assert client.post(f"/public/micro/{r.pk}/propose/", form).status_code == 302
    assert client.post(f"/public/micro/{r.pk}/propose/", form).status_code == 302
    assert Proposal.objects.count() == 1


def test_pages_outside_the_unit_answer_404(ready, client):
    r, (a, _b) = voting_round(ready["staff"], C111)
    client.force_login(ready["staff_other"])
    for url in (f"/micro/{r.pk}/", f"/micro/{r.pk}/export/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/micro/{r.pk}/do/close_vote/").status_code == 404
    assert client.post(f"/micro/proposals/{a.pk}/confirm/").status_code == 404
    assert Round.objects.get().status == "voting"


def test_a_reviewer_sees_but_does_not_run(ready, client):
    r, (a, _b) = voting_round(ready["staff"], C111)
    client.force_login(ready["reviewer"])
    assert client.get(f"/micro/{r.pk}/").status_code == 200
    assert client.get(f"/micro/?region={C111}").status_code == 200
    assert client.get("/micro/new/").status_code == 403
    assert client.post(f"/micro/{r.pk}/do/close_vote/").status_code == 403
    assert client.post(f"/micro/proposals/{a.pk}/confirm/").status_code == 403
    assert Round.objects.get().status == "voting"


def test_the_export_is_the_vote_result(ready, client):
    r, (a, b) = voting_round(ready["staff"], C111)
    vote(r, a, "13600136000")
    vote(r, a, "13600136001")
    vote(r, b, "13600136002")
    client.force_login(ready["staff"])
    response = client.get(f"/micro/{r.pk}/export/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else
                                    response.content))
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert rows[1][1] == a.title and rows[1][6] == 2 and rows[2][6] == 1
    assert "136001" not in str(rows)


def test_the_district_sets_caps_and_rules_over_http(people, client):
    client.force_login(people["reviewer"])
    assert client.get("/micro/caps/").status_code == 200
    response = client.post(f"/micro/caps/?district={D1}", {"form": "caps", "district": D1, "year": YEAR,
                                                          "service": "50000", "goods": "30000", "works": "200000"})
    assert response.status_code == 302 and DistrictCaps.objects.get().goods_cap == Decimal("30000")
    response = client.post("/micro/caps/", {"form": "rule", "district": D1, "category": "property",
                                            "keywords": "电梯维修", "explanation": "物业承担"})
    assert response.status_code == 302
    rule_ = NegativeRule.objects.get()
    assert client.post(f"/micro/caps/rules/{rule_.pk}/remove/").status_code == 302
    assert not NegativeRule.objects.exists()
    client.force_login(people["staff"])
    assert client.get("/micro/caps/").status_code == 403
    client.force_login(people["reviewer_other"])
    assert client.get(f"/micro/caps/?district={D1}").status_code == 404


def test_the_home_queue_and_waiting_filter(ready, client):
    staff = ready["staff"]
    r = new_round(staff, C111)
    propose(r)
    from projects.micro import services

    services.round_transition(user=staff, round_=r, name="deliberate")
    client.force_login(staff)
    html = client.get("/micro/?waiting=1").content.decode()
    assert r.title in html
    home = client.get("/").content.decode()
    assert "/micro/?waiting=1" in home
    client.force_login(ready["staff_other"])
    assert r.title not in client.get("/micro/?waiting=1").content.decode()
    _ = C211


def test_the_reminder_rule_finds_open_votes(ready):
    import datetime as dt

    from django.utils import timezone

    from projects.micro.reminders import open_votes
    from wuse.notify.rules import RULES

    r, _ = voting_round(ready["staff"], C111)
    assert "micro.vote_closing" in {rule_.key for rule_ in (RULES.values() if isinstance(RULES, dict) else RULES)}
    assert not open_votes().exists()  # no planned end
    Round.objects.filter(pk=r.pk).update(vote_closes=timezone.now() + dt.timedelta(hours=12))
    assert list(open_votes()) == [Round.objects.get(pk=r.pk)]
