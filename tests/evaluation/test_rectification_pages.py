"""The rectification pages over HTTP: the list and the detail in a constant number of queries, hostile input on
every form (a clear refusal, never a 500), other units' ids answering 404, evidence downloads, the link block on
the evaluation's page, the project's 整改 tab with the 不合格 mark, the home queues, the demo."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluation.models import Evaluation
from evaluation.rectification import services
from evaluation.rectification.models import Rectification, RectificationEvidence

from .rectification_support import PNG, closed_evaluation, rectify, submitted_evaluation, upload
from .support import set_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English (the default is Chinese): refusals are matched by their English wording."""
    client.cookies["django_language"] = "en"
    return client


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _bulk(rectification, n: int) -> None:
    """``n`` more rectifications like ``rectification`` (rows only: the list reads nothing else)."""
    Rectification.objects.bulk_create([Rectification(
        evaluation_id=rectification.evaluation_id, project_id=rectification.project_id,
        region_id=rectification.region_id, finding=f"问题{i}", action="整改", deadline=rectification.deadline,
        owner_organization_id=rectification.owner_organization_id, created_by_id=rectification.created_by_id)
        for i in range(n)])


# --- the list -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("params", ["", "?status=open", "?status=due", "?overdue=on", "?status=bogus&overdue=x",
                                    "?region=410101001001"])
@pytest.mark.parametrize("who", ["reviewer", "officer", "member"])
def test_the_list_runs_a_constant_number_of_queries(people, rectification, client, params, who):
    client.force_login(people[who])
    if who == "member" and "region" in params:  # an organization member sees no unit's page: no drill-down
        assert client.get(f"/rectifications/{params}").status_code == 404
        return
    one = _queries(client, f"/rectifications/{params}")
    _bulk(rectification, 30)
    assert _queries(client, f"/rectifications/{params}") == one


def test_the_list_shows_only_what_the_user_may_see_and_filters(people, closed, client):
    late, submitted = rectify(people, closed, finding="逾期问题"), rectify(people, closed, finding="已提交问题")
    services.rectification_submit(user=people["member"], rectification=submitted, done="做了", evidence_note="现场")
    Rectification.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    client.force_login(people["officer"])
    page = client.get("/rectifications/").content.decode()
    assert "逾期问题" in page and "已提交问题" in page and 'data-testid="overdue"' in page
    assert "已提交问题" not in client.get("/rectifications/?overdue=on").content.decode()
    only = client.get("/rectifications/?status=submitted").content.decode()
    assert "已提交问题" in only and "逾期问题" not in only
    assert "逾期问题" in client.get("/rectifications/?status=due").content.decode()
    response = client.get("/rectifications/?status=%3Cscript%3E")
    assert response.status_code == 200 and "逾期问题" in response.content.decode()
    for who in ("officer_other", "reviewer_other", "evaluator"):
        client.force_login(people[who])
        response = client.get("/rectifications/")
        assert response.status_code in (200, 403) and "逾期问题" not in response.content.decode()
    client.force_login(people["member"])
    assert "逾期问题" in client.get("/rectifications/").content.decode()
    client.force_login(people["officer"])
    assert client.get("/rectifications/?region=410102001001").status_code == 404  # not one of the user's units
    assert client.get("/rectifications/?region=junk").status_code == 404


def test_the_list_and_the_detail_show_the_fail_mark(people, project, client):
    evaluation = closed_evaluation(people, project, shares={"third_party": "0.5", "street": "0.5"})
    rectification = rectify(people, evaluation)
    client.force_login(people["reviewer"])
    assert 'data-testid="fail-mark-badge"' in client.get("/rectifications/").content.decode()
    page = client.get(f"/rectifications/{rectification.pk}/").content.decode()
    assert 'data-testid="fail-mark"' in page and project.code in page


# --- the detail -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "reviewer", "member"])
def test_the_detail_runs_a_constant_number_of_queries(people, rectification, client, who):
    services.evidence_add(user=people["member"], rectification=rectification, uploads=[upload()])
    client.force_login(people[who])
    url = f"/rectifications/{rectification.pk}/"
    one = _queries(client, url)
    services.evidence_add(user=people["member"], rectification=rectification,
                          uploads=[upload(f"{n}.pdf") for n in range(6)])
    assert _queries(client, url) == one


def test_other_units_and_missing_ids_answer_404(people, rectification, client):
    services.evidence_add(user=people["member"], rectification=rectification, uploads=[upload()])
    file = rectification.evidence.get()
    base = f"/rectifications/{rectification.pk}/"
    for who in ("officer_other", "reviewer_other", "evaluator_other"):
        client.force_login(people[who])
        assert client.get(base).status_code == 404
        assert client.get(f"{base}evidence/{file.pk}/").status_code == 404
        assert client.post(f"{base}do/verify/", {"reason": "x"}).status_code == 404
        assert client.post(f"{base}submit/", {"done": "x", "evidence_note": "y"}).status_code == 404
        assert client.post(f"{base}evidence/", {"files": upload()}).status_code == 404
        assert client.get(f"/rectifications/new/{rectification.evaluation_id}/").status_code == 404
    client.force_login(people["officer"])
    assert client.get("/rectifications/999999/").status_code == 404
    assert client.get(f"{base}evidence/999999/").status_code == 404
    assert client.get("/rectifications/99999999999999999999/").status_code == 404
    assert Rectification.objects.get(pk=rectification.pk).status == "open"


def test_evidence_is_served_privately_to_those_who_see_the_rectification(people, rectification, client):
    services.evidence_add(user=people["member"], rectification=rectification,
                          uploads=[upload("现场.png", PNG, "text/html")])
    file = rectification.evidence.get()
    for who in ("member", "officer", "reviewer", "staff"):
        client.force_login(people[who])
        response = client.get(f"/rectifications/{rectification.pk}/evidence/{file.pk}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PNG
        assert "现场" not in response["Content-Disposition"]
    other = rectify(people, rectification.evaluation)
    client.force_login(people["officer"])
    assert client.get(f"/rectifications/{other.pk}/evidence/{file.pk}/").status_code == 404


def test_the_owner_submits_with_files_and_the_street_verifies_on_the_page(people, rectification, client):
    base = f"/rectifications/{rectification.pk}/"
    client.force_login(people["member"])
    page = client.get(base).content.decode()
    assert 'data-testid="submit-form"' in page and 'data-testid="action-verify"' not in page
    response = client.post(f"{base}submit/", {"done": "已补齐", "files": [upload(), upload("b.png", PNG)]})
    assert response.status_code == 302
    assert Rectification.objects.get(pk=rectification.pk).status == "submitted"
    assert RectificationEvidence.objects.filter(rectification=rectification).count() == 2
    assert 'data-testid="submit-form"' not in client.get(base).content.decode()
    client.force_login(people["officer"])
    page = client.get(base).content.decode()
    assert 'data-testid="action-verify"' in page and 'data-testid="action-return"' in page
    assert 'data-testid="action-cancel"' not in page and 'data-testid="submit-form"' not in page
    response = client.post(f"{base}do/return/", {"reason": ""})
    assert response.status_code == 409 and "still to be done" in response.content.decode()
    assert client.post(f"{base}do/explode/", {"reason": "x"}).status_code == 409
    assert client.post(f"{base}do/verify/", {"reason": "x" * 1001}).status_code == 400
    assert client.post(f"{base}do/cancel/", {"reason": "x"}).status_code == 403
    assert client.get(f"{base}do/verify/").status_code == 405
    assert Rectification.objects.get(pk=rectification.pk).status == "submitted"
    assert client.post(f"{base}do/verify/", {"reason": "属实"}).status_code == 302
    assert Rectification.objects.get(pk=rectification.pk).status == "verified"
    page = client.get(base).content.decode()
    assert 'data-testid="verification-note"' in page and "属实" in page


def test_the_district_cancels_after_a_confirmation(people, rectification, client):
    client.force_login(people["reviewer"])
    page = client.get(f"/rectifications/{rectification.pk}/").content.decode()
    assert 'data-testid="action-cancel"' in page and "data-confirm=" in page
    assert client.post(f"/rectifications/{rectification.pk}/do/cancel/", {"reason": "重复"}).status_code == 302
    assert Rectification.objects.get(pk=rectification.pk).status == "cancelled"


@pytest.mark.parametrize("data", [
    {"done": "", "evidence_note": ""},
    {"done": "x" * 5001},
    {"done": "已做", "evidence_note": "x" * 1001},
    {"done": "已做"},  # neither a file nor a note
    {"done": "已做", "files": "not a file"},
])
def test_junk_submissions_are_refused_on_the_page(people, rectification, client, data):
    client.force_login(people["member"])
    response = client.post(f"/rectifications/{rectification.pk}/submit/", data)
    assert response.status_code == 400 and 'data-testid="submit-form"' in response.content.decode()
    assert Rectification.objects.get(pk=rectification.pk).status == "open"


def test_a_bad_file_is_refused_on_the_page(people, rectification, client):
    client.force_login(people["member"])
    response = client.post(f"/rectifications/{rectification.pk}/submit/",
                           {"done": "已做", "files": [upload("x.pdf", b"#!/bin/sh\nrm -rf /")]})
    assert response.status_code == 400 and "PDF" in response.content.decode()
    response = client.post(f"/rectifications/{rectification.pk}/evidence/", {"files": [upload("x.pdf", b"<svg/>")]})
    assert response.status_code == 302
    assert not RectificationEvidence.objects.exists()
    assert client.post(f"/rectifications/{rectification.pk}/evidence/", {}).status_code == 302
    assert client.post(f"/rectifications/{rectification.pk}/evidence/", {"files": upload()}).status_code == 302
    assert RectificationEvidence.objects.count() == 1


def test_only_members_of_the_owner_reach_the_submission(people, rectification, client):
    client.force_login(people["officer"])
    response = client.post(f"/rectifications/{rectification.pk}/submit/", {"done": "x", "evidence_note": "y"})
    assert response.status_code == 403
    assert client.post(f"/rectifications/{rectification.pk}/evidence/", {"files": upload()}).status_code == 403
    assert Rectification.objects.get(pk=rectification.pk).status == "open"


# --- setting up from the evaluation's page --------------------------------------------------------------------


def test_no_link_block_while_the_evaluation_is_being_scored(people, project, client):
    evaluation, _parts, _who = set_up(people, project)
    for who in ("reviewer", "officer"):
        client.force_login(people[who])
        assert 'data-testid="rectification-link"' not in client.get(f"/evaluations/{evaluation.pk}/").content.decode()


def test_the_link_block_follows_the_state_and_the_role(people, project, client):
    evaluation = submitted_evaluation(people, project)
    url = f"/evaluations/{evaluation.pk}/"
    for who, shown in (("reviewer", True), ("officer", True), ("member", False), ("staff", False),
                       ("city", False), ("evaluator", False)):
        client.force_login(people[who])
        page = client.get(url).content.decode()
        assert ('data-testid="rectification-link"' in page) is shown, who
        assert (f"/rectifications/new/{evaluation.pk}/" in page) is shown, who


def test_the_form_shows_the_findings_and_sets_up_a_rectification(people, closed, client):
    client.force_login(people["reviewer"])
    url = f"/rectifications/new/{closed.pk}/"
    page = client.get(url).content.decode()
    assert "台账不完整" in page and "回访未覆盖独居老人" in page
    deadline = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = client.post(url, {"finding": "台账不完整", "action": "补齐", "deadline": deadline})
    assert response.status_code == 302
    rectification = Rectification.objects.get()
    assert response["Location"] == f"/rectifications/{rectification.pk}/"
    assert rectification.owner_organization_id == closed.project.undertaker_id
    assert "台账不完整" in client.get(url).content.decode()


@pytest.mark.parametrize("data", [
    {},
    {"finding": "x", "action": "y", "deadline": "abc"},
    {"finding": "x", "action": "y", "deadline": "2020-01-01"},
    {"finding": "x", "action": "y", "deadline": "9999-12-31"},
    {"finding": "x" * 2001, "action": "y", "deadline": "2099-01-01"},
    {"finding": "x", "action": "y", "deadline": "{today}", "owner_organization": "999999"},
    {"finding": "x", "action": "y", "deadline": "{today}", "owner_organization": "abc"},
    {"finding": "x", "action": "y", "deadline": "{today}", "owner_user": "1; DROP TABLE"},
    {"finding": "x", "action": "y", "deadline": "{today}", "owner_user": "{officer}"},
])
def test_junk_set_ups_are_refused_with_a_message(people, closed, client, data):
    data = {key: value.format(today=timezone.localdate().isoformat(), officer=people["officer"].pk)
            for key, value in data.items()}
    client.force_login(people["officer"])
    response = client.post(f"/rectifications/new/{closed.pk}/", data)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in response.content.decode()
    assert not Rectification.objects.exists()


def test_the_form_is_refused_where_one_may_not_set_up(people, project, client):
    evaluation, _parts, _who = set_up(people, project)
    client.force_login(people["reviewer"])
    response = client.post(f"/rectifications/new/{evaluation.pk}/",
                           {"finding": "x", "action": "y", "deadline": timezone.localdate().isoformat()})
    assert response.status_code == 400 and "submitted or closed" in response.content.decode()
    for who, status in (("member", 403), ("staff", 403), ("officer_other", 404), ("evaluator_other", 404)):
        client.force_login(people[who])
        assert client.get(f"/rectifications/new/{evaluation.pk}/").status_code == status, who
    client.force_login(people["reviewer"])
    assert client.get("/rectifications/new/999999/").status_code == 404
    assert not Rectification.objects.exists()


# --- the project tab, the home page, the navigation -----------------------------------------------------------


def test_the_project_tab_lists_the_rectifications_and_the_fail_mark(people, project, client):
    evaluation = closed_evaluation(people, project, shares={"third_party": "0.5", "street": "0.55"})
    rectify(people, evaluation, finding="签到表缺失")
    for who in ("staff", "member", "officer"):
        client.force_login(people[who])
        response = client.get(f"/projects/{project.pk}/?tab=rectifications")
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="tab-rectifications"' in page and "签到表缺失" in page
        assert 'data-testid="fail-mark"' in page


def test_the_project_tab_without_rectifications(people, project, client):
    client.force_login(people["staff"])
    page = client.get(f"/projects/{project.pk}/?tab=rectifications").content.decode()
    assert 'data-testid="project-rectifications"' in page and 'data-testid="fail-mark"' not in page


def test_the_home_page_counts_what_waits(people, closed, client):
    first, second = rectify(people, closed), rectify(people, closed)
    services.rectification_submit(user=people["member"], rectification=second, done="做了", evidence_note="现场")
    client.force_login(people["officer"])
    home = client.get("/").content.decode()
    assert "Rectifications to verify" in home and "/rectifications/?status=submitted" in home
    client.force_login(people["member"])
    home = client.get("/").content.decode()
    assert "Rectifications due" in home and "/rectifications/?status=due" in home
    listed = client.get("/rectifications/?status=due").content.decode()
    assert f"/rectifications/{first.pk}/" in listed and f"/rectifications/{second.pk}/" not in listed
    client.force_login(people["reviewer"])
    assert "/rectifications/" in client.get("/").content.decode()  # the navigation, under "More"


def test_evaluation_detail_queries_stay_constant_with_the_link_block(people, project, client):
    evaluation = submitted_evaluation(people, project)
    client.force_login(people["reviewer"])
    one = _queries(client, f"/evaluations/{evaluation.pk}/")
    for _ in range(3):
        rectify(people, Evaluation.objects.get(pk=evaluation.pk))
    assert _queries(client, f"/evaluations/{evaluation.pk}/") == one


def test_an_organization_member_of_no_organization_opens_an_empty_list(people, rectification, client):
    from tests.helpers import make_user

    newcomer = make_user("newcomer", "org_member", "410101000000")
    client.force_login(newcomer)
    home = client.get("/").content.decode()
    assert "/rectifications/?status=due" in home
    response = client.get("/rectifications/?status=due")
    assert response.status_code == 200 and list(response.context["page"]) == []
    assert client.get(f"/rectifications/{rectification.pk}/").status_code == 404
    client.force_login(people["evaluator"])  # neither a government user nor an organization member
    assert client.get("/rectifications/").status_code == 403
