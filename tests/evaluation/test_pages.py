"""The evaluation pages over HTTP: who sees what (404 outside one's reach), constant query counts on the list and
the detail, hostile input on the scoring form, and the whole path from setting up to the grade on the page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation import services
from evaluation.models import Assignment, Evaluation, Score
from projects.models import Project
from tests.helpers import C112
from tests.projects.support import YEAR

from .support import all_scores, indicators, score_and_submit, set_up

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _bulk_evaluations(user, template, n: int, undertaker=None) -> list[Evaluation]:
    """``n`` mid-term evaluations of projects of C112 (rows only: the list reads nothing else)."""
    start = Project.objects.filter(region_id=C112, year=YEAR).count()
    projects = Project.objects.bulk_create([Project(
        region_id=C112, year=YEAR, seq=start + i + 1, code=f"P-{C112}-{YEAR}-{start + i + 1:03d}",
        title=f"项目{i}", status="in_progress", focus_area="other", linkage_mode="sw_orgs",
        total_budget=Decimal("100.00"), created_by=user, undertaker=undertaker, period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31)) for i in range(n)])
    return Evaluation.objects.bulk_create([Evaluation(project=p, region_id=C112, stage="midterm", template=template,
                                               created_by=user) for p in projects])


def _score_data(evaluation, share="1", **extra) -> dict:
    data = {f"score_{pk}": str(value) for pk, value in all_scores(evaluation, share).items()}
    data.update(extra)
    return data


# --- access ---------------------------------------------------------------------------------------------------


def test_an_evaluator_sees_only_the_evaluation_assigned_to_them(people, project, client):
    evaluation, _parts, _who = set_up(people, project, kinds=("third_party",))
    client.force_login(people["evaluator"])
    assert client.get(f"/evaluations/{evaluation.pk}/").status_code == 200
    assert client.get(f"/evaluations/{evaluation.pk}/score/").status_code == 200
    assert project.code in client.get("/evaluations/").content.decode()
    assert project.code in client.get("/evaluations/waiting/").content.decode()

    client.force_login(people["evaluator_other"])
    assert client.get(f"/evaluations/{evaluation.pk}/").status_code == 404
    assert client.get(f"/evaluations/{evaluation.pk}/score/").status_code == 404
    assert client.post(f"/evaluations/{evaluation.pk}/score/", _score_data(evaluation)).status_code == 404
    assert project.code not in client.get("/evaluations/").content.decode()
    assert not Score.objects.exists()


def test_a_street_officer_of_another_street_gets_404(people, project, client):
    evaluation, _parts, _who = set_up(people, project, kinds=("street",))
    client.force_login(people["officer_other"])
    for url in (f"/evaluations/{evaluation.pk}/", f"/evaluations/{evaluation.pk}/score/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/evaluations/{evaluation.pk}/do/close/").status_code == 404
    client.force_login(people["officer"])
    assert client.get(f"/evaluations/{evaluation.pk}/").status_code == 200


def test_only_the_district_sets_up_and_assigns(people, project, client):
    client.force_login(people["officer"])
    assert client.post("/evaluations/new/", {"project": project.code, "stage": "final"}).status_code == 403
    client.force_login(people["reviewer_other"])  # another district: the project is not in its units
    response = client.post("/evaluations/new/", {"project": project.code, "stage": "final"})
    assert response.status_code == 400
    assert not Evaluation.objects.exists()
    evaluation = services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    assert client.post(f"/evaluations/{evaluation.pk}/assign/",
                       {"kind": "third_party", "user": people["evaluator"].pk}).status_code == 404
    client.force_login(people["officer"])
    assert client.post(f"/evaluations/{evaluation.pk}/assign/",
                       {"kind": "street", "user": people["officer"].pk}).status_code == 403
    assert not Assignment.objects.exists()


def test_the_district_unassigns_and_the_evaluator_loses_the_evaluation(people, project, client):
    evaluation, parts, _who = set_up(people, project, kinds=("third_party",))
    client.force_login(people["reviewer"])
    url = f"/evaluations/{evaluation.pk}/"
    for bad in ({"kind": "third_party", "user": "abc"}, {"kind": "boss", "user": people["evaluator_other"].pk},
                {"kind": "third_party", "user": people["evaluator"].pk}):  # already assigned: not a choice
        assert client.post(f"{url}assign/", bad).status_code == 400
    assert Assignment.objects.filter(evaluation=evaluation).count() == 1
    assert client.post(f"{url}assignments/{parts['third_party'].pk}/remove/").status_code == 302
    assert not Assignment.objects.filter(evaluation=evaluation).exists()
    client.force_login(people["evaluator"])
    assert client.get(url).status_code == 404


def test_the_undertakers_member_sees_the_self_assessment_only_until_the_close(people, project, client):
    evaluation, parts, who = set_up(people, project, kinds=("third_party", "street", "self"))
    score_and_submit(who, parts, {"third_party": "0.9", "street": "0.8", "self": "1"})
    client.force_login(people["member"])
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert 'data-testid="total-self"' in page
    assert 'data-testid="total-street"' not in page and 'data-testid="total-third_party"' not in page
    services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    for kind in ("self", "street", "third_party"):
        assert f'data-testid="total-{kind}"' in page
    assert 'data-testid="grade"' in page


def test_an_evaluator_does_not_see_the_others_scores_before_the_close(people, project, client):
    evaluation, parts, who = set_up(people, project)
    score_and_submit(who, parts, {"street": "0.8"})
    client.force_login(people["evaluator"])
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert 'data-testid="total-street"' not in page


# --- query counts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("params", ["", "?stage=midterm", "?status=assigned", f"?region={C112}",
                                    "?stage=bogus&status=x"])
def test_the_list_runs_a_constant_number_of_queries(people, template, client, params):
    reviewer = people["reviewer"]
    _bulk_evaluations(reviewer, template, 1)
    client.force_login(reviewer)
    one = _queries(client, f"/evaluations/{params}")
    _bulk_evaluations(reviewer, template, 50)
    assert _queries(client, f"/evaluations/{params}") == one


def test_the_list_runs_a_constant_number_of_queries_for_an_evaluator_and_a_member(people, project, template, client):
    """The third party's list reads through their object grants, the member's through the undertaker's reach."""
    reviewer, evaluator, member = people["reviewer"], people["evaluator"], people["member"]
    evaluation, _parts, _who = set_up(people, project, kinds=("third_party",))
    before = {}
    for user in (evaluator, member):
        client.force_login(user)
        before[user.pk] = _queries(client, "/evaluations/")
    for other in _bulk_evaluations(reviewer, template, 10, undertaker=project.undertaker):
        services.assignment_add(user=reviewer, evaluation=other, kind="third_party", assignee=evaluator)
    for user in (evaluator, member):
        client.force_login(user)
        assert _queries(client, "/evaluations/") == before[user.pk]
        assert client.get("/evaluations/").content.decode().count('<a href="/evaluations/') == 11
    client.force_login(people["evaluator_other"])
    assert f"/evaluations/{evaluation.pk}/" not in client.get("/evaluations/").content.decode()


def test_the_waiting_list_runs_a_constant_number_of_queries(people, project, template, client):
    set_up(people, project, kinds=("street",))
    client.force_login(people["officer"])
    one = _queries(client, "/evaluations/waiting/")
    reviewer = people["reviewer"]
    _bulk_evaluations(reviewer, template, 10)
    for evaluation in Evaluation.objects.filter(stage="midterm"):
        services.assignment_add(user=reviewer, evaluation=evaluation, kind="street", assignee=people["officer"])
    assert _queries(client, "/evaluations/waiting/") == one


def test_the_detail_runs_a_constant_number_of_queries(people, project, client):
    evaluation, parts, who = set_up(people, project)
    part = parts["third_party"]
    scores = list(all_scores(evaluation).items())
    services.scores_save(user=who["third_party"], assignment=part, values=dict(scores[:1]))
    for user in (people["evaluator"], people["reviewer"]):
        client.force_login(user)
        one = _queries(client, f"/evaluations/{evaluation.pk}/")
        services.scores_save(user=who["third_party"], assignment=part, values=dict(scores[:10]))
        assert _queries(client, f"/evaluations/{evaluation.pk}/") == one
        Score.objects.filter(assignment=part).exclude(indicator_id=scores[0][0]).delete()


# --- the scoring form: hostile input --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "7.25", "-1", "1e9", "NaN", "Infinity", "9" * 30, "1e999999999"])
def test_a_bad_score_is_refused_on_its_field_and_nothing_is_saved(people, project, client, value):
    evaluation, _parts, _who = set_up(people, project, kinds=("third_party",))
    first = indicators(evaluation)[0]
    client.force_login(people["evaluator"])
    response = client.post(f"/evaluations/{evaluation.pk}/score/",
                           _score_data(evaluation, **{f"score_{first.pk}": value}, findings="好"))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-testid="error-{first.pk}"' in page
    assert not Score.objects.exists()
    assert Assignment.objects.get(pk=_parts["third_party"].pk).findings == ""
    assert Evaluation.objects.get(pk=evaluation.pk).status == "assigned"


def test_a_note_too_long_is_refused_on_its_field(people, project, client):
    evaluation, parts, _who = set_up(people, project, kinds=("third_party",))
    first = indicators(evaluation)[0]
    client.force_login(people["evaluator"])
    response = client.post(f"/evaluations/{evaluation.pk}/score/",
                           _score_data(evaluation, **{f"note_{first.pk}": "长" * 5000}, findings="长" * 5001))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-testid="note-error-{first.pk}"' in page
    assert "1000" in page and "5000" in page
    assert not Score.objects.exists()


def test_the_messages_are_chinese(people, project, client):
    evaluation, _parts, _who = set_up(people, project, kinds=("third_party",))
    first = indicators(evaluation)[0]
    client.force_login(people["evaluator"])
    client.cookies["django_language"] = "zh-hans"
    page = client.post(f"/evaluations/{evaluation.pk}/score/", {f"score_{first.pk}": "7.25"},
                       HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "一位小数" in page


def test_scoring_waits_for_the_declaration(people, project, client):
    reviewer = people["reviewer"]
    evaluation = services.evaluation_create(user=reviewer, project=project, stage="final")
    services.assignment_add(user=reviewer, evaluation=evaluation, kind="third_party", assignee=people["evaluator"])
    client.force_login(people["evaluator"])
    page = client.get(f"/evaluations/{evaluation.pk}/score/").content.decode()
    assert 'data-testid="declare-form"' in page
    response = client.post(f"/evaluations/{evaluation.pk}/score/", _score_data(evaluation))
    assert response.status_code == 400 and not Score.objects.exists()
    assert client.post(f"/evaluations/{evaluation.pk}/declare/", {}).status_code == 400
    assert Assignment.objects.get(evaluation=evaluation).declared_at is None
    assert client.post(f"/evaluations/{evaluation.pk}/declare/", {"no_conflict": "on"}).status_code == 302
    assert Assignment.objects.get(evaluation=evaluation).declared_at is not None


def test_a_reason_is_required_to_send_back(people, project, client):
    evaluation, parts, who = set_up(people, project)
    score_and_submit(who, parts, {"third_party": "0.9", "street": "0.8"})
    client.force_login(people["reviewer"])
    response = client.post(f"/evaluations/{evaluation.pk}/do/send_back/", {"reason": ""})
    assert response.status_code == 409
    assert Evaluation.objects.get(pk=evaluation.pk).status == "submitted"
    response = client.post(f"/evaluations/{evaluation.pk}/do/send_back/", {"reason": "x" * 1001})
    assert response.status_code == 400


def test_reopening_needs_a_reason(people, project, client):
    evaluation, parts, who = set_up(people, project)
    score_and_submit(who, parts, {"third_party": "0.9", "street": "0.8"})
    services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")
    client.force_login(people["officer"])
    assert 'data-testid="action-reopen"' not in client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert client.post(f"/evaluations/{evaluation.pk}/do/reopen/", {"reason": "复核"}).status_code == 403
    client.force_login(people["reviewer"])
    assert client.post(f"/evaluations/{evaluation.pk}/do/reopen/", {"reason": "  "}).status_code == 409
    assert Evaluation.objects.get(pk=evaluation.pk).status == "closed"
    assert client.post(f"/evaluations/{evaluation.pk}/do/bogus/").status_code == 409
    assert client.post(f"/evaluations/{evaluation.pk}/do/reopen/", {"reason": "复核"}).status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).status == "in_progress"


# --- the whole path -------------------------------------------------------------------------------------------


def test_the_whole_path_through_the_pages(people, project, client):
    reviewer, evaluator, officer = people["reviewer"], people["evaluator"], people["officer"]
    client.force_login(reviewer)
    assert 'data-testid="create-form"' in client.get("/evaluations/").content.decode()
    response = client.post("/evaluations/new/", {"project": project.code, "stage": "final"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(project=project, stage="final")
    url = f"/evaluations/{evaluation.pk}/"
    # A member of the undertaker cannot be the third party (conflict of interest): refused on the form.
    response = client.post(f"{url}assign/", {"kind": "third_party", "user": people["evaluator_member"].pk})
    assert response.status_code == 400 and not Assignment.objects.exists()
    assert client.post(f"{url}assign/", {"kind": "third_party", "user": evaluator.pk}).status_code == 302
    assert client.post(f"{url}assign/", {"kind": "street", "user": officer.pk}).status_code == 302
    assert Assignment.objects.filter(evaluation=evaluation).count() == 2

    for user, share in ((evaluator, "0.9"), (officer, "0.8")):
        client.force_login(user)
        assert client.post(f"{url}declare/", {"no_conflict": "on"}).status_code == 302
        assert client.post(f"{url}score/", _score_data(evaluation, share, findings="意见")).status_code == 302
        response = client.post(f"{url}score/", _score_data(evaluation, share, findings="意见", submit="1"))
        assert response.status_code == 302 and response["Location"] == url
    assert Evaluation.objects.get(pk=evaluation.pk).status == "submitted"

    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert 'data-testid="action-close"' in page
    assert client.post(f"{url}do/close/").status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "closed" and evaluation.grade
    project.refresh_from_db()
    assert project.status == "closed"
    page = client.get(url).content.decode()
    assert 'data-testid="grade"' in page and str(evaluation.final_score) in page
    assert 'data-testid="project-status"' in client.get(f"/projects/{project.pk}/").content.decode()
    client.force_login(evaluator)
    page = client.get(url).content.decode()
    assert 'data-testid="total-street"' in page and 'data-testid="grade"' in page
    # In Chinese: the project shows 已结项, the evaluation its grade (60 % × 90 + 40 % × 80 = 86: 良好).
    client.force_login(reviewer)
    client.cookies["django_language"] = "zh-hans"
    assert evaluation.final_score == Decimal("86.0")
    assert "已结项" in client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="grade">良好<' in page
