"""What waits for whom (the home page's "to check" / "to score" and their list), the reminder rules, the round's
xlsx (ranking, awards and — only once the panel is closed — the scores), the evaluation template of a round and the
mid-term result read from the evaluation step (不合格 freezes the next tranche), and the hostile input of the
funding forms."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from evaluation.models import Evaluation
from projects.venture import reminders, selectors, services
from projects.venture.errors import VentureError
from projects.venture.models import Application, Debarment, Round, Tranche
from tests.evaluation.support import default_version
from tests.helpers import CITY, D2, make_user
from wuse.accounts.roles import Role
from wuse.core.home import queues_for
from wuse.regions.models import Region
from wuse.registry.organizations.models import OrganizationMember

from .support import apply, make_round, org, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_apps(vp):
    a, b = org("阳光社工", vp["member"], 1), org("春晖", vp["member2"], 2)
    venture_round = make_round(vp["officer"], [vp["r1"], vp["r2"]])
    first = apply(vp["member"], venture_round, a, "长者助餐", "40000")
    second = apply(vp["member2"], venture_round, b, "儿童托管", "30000")
    return vp, venture_round, first, second


def _queue(user, label_part):
    return next(q.count for q in queues_for(user) if label_part in q.url)


def test_to_check_and_to_score(client, two_apps):
    vp, venture_round, first, second = two_apps
    assert selectors.to_check(vp["officer"]).count() == 2
    assert selectors.to_check(vp["officer_other"]).count() == 0
    assert _queue(vp["officer"], "todo=check") == 2
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    for app in (first, second):
        services.application_check(user=vp["officer"], application=app, passed=True)
    assert selectors.to_check(vp["officer"]).count() == 0
    OrganizationMember.objects.create(organization=second.organization, user=vp["r2"])  # r2's own organization
    assert selectors.to_score(vp["r1"]).count() == 2 and selectors.to_score(vp["r2"]).count() == 1
    assert _queue(vp["r1"], "todo=score") == 2
    score_all(vp["r1"], Application.objects.get(pk=first.pk), 80)
    assert list(selectors.to_score(vp["r1"])) == [Application.objects.get(pk=second.pk)]
    client.force_login(vp["r1"])
    page = client.get(reverse("venture:queue") + "?todo=score").content.decode()
    assert "儿童托管" in page and "长者助餐" not in page
    client.force_login(vp["member"])
    assert client.get(reverse("venture:queue") + "?todo=score").status_code == 403
    assert client.get(reverse("venture:queue") + "?todo=<script>").status_code == 403


def test_reminder_rules(two_apps):
    vp, venture_round, first, second = two_apps
    assert list(reminders.open_after_deadline()) == [Round.objects.get(pk=venture_round.pk)]
    assert not reminders.unscored_panels().exists()
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    services.application_check(user=vp["officer"], application=first, passed=True)
    seats = reminders.unscored_panels()
    assert {s.user_id for s in seats} == {vp["r1"].pk, vp["r2"].pk}
    score_all(vp["r1"], Application.objects.get(pk=first.pk), 80)
    assert {s.user_id for s in reminders.unscored_panels()} == {vp["r2"].pk}
    assert reminders.unscored_panels().values_list("review_closes", flat=True)[0] == venture_round.review_closes


def _sheets(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                              else response.content))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def test_export_scores_only_after_the_panel_closes(client, two_apps):
    vp, venture_round, first, second = two_apps
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    for app in (first, second):
        services.application_check(user=vp["officer"], application=app, passed=True)
        score_all(vp["r1"], Application.objects.get(pk=app.pk), 70 if app == first else 90)
    client.force_login(vp["officer"])
    url = reverse("venture:export", args=[venture_round.pk])
    during = _sheets(client.get(url))
    assert len(during) == 2  # no scores sheet while the panel sits
    services.panel_close(user=vp["officer"], venture_round=Round.objects.get(pk=venture_round.pk))
    after = _sheets(client.get(url))
    assert len(after) == 3
    awards = list(after.values())[1]
    assert awards[1][1] == "儿童托管" and awards[1][0] == 1 and awards[2][1] == "长者助餐"
    scores = list(after.values())[2]
    assert len(scores) == 1 + 2 * 4  # header + two applications × four criteria
    for user in (vp["r1"], vp["member"], vp["officer_other"]):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)


def test_round_with_evaluation_template_and_midterm_from_the_evaluation(vp):
    city = make_user("v_city", Role.CITY_ADMIN, CITY)
    version = default_version(city, Region.objects.get(code=CITY))
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"]], evaluation_template=version)
    assert venture_round.evaluation_template == version
    other_district = default_version(make_user("v_d2", Role.DISTRICT_REVIEWER, D2), Region.objects.get(code=D2))
    with pytest.raises(VentureError):  # another district's template
        make_round(vp["officer"], [], title="别区模板", evaluation_template=other_district)
    app = apply(vp["member"], venture_round, a)
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    services.application_check(user=vp["officer"], application=app, passed=True)
    score_all(vp["r1"], Application.objects.get(pk=app.pk), 80)
    venture_round = services.panel_close(user=vp["officer"], venture_round=Round.objects.get(pk=venture_round.pk))
    for name in ("publish",):
        venture_round = services.round_transition(user=vp["officer"], venture_round=venture_round, name=name)
    Round.objects.filter(pk=venture_round.pk).update(status="awarded")
    signed = services.application_sign(user=vp["officer"], application=Application.objects.get(pk=app.pk))
    with pytest.raises(VentureError):  # no closed mid-term evaluation yet
        services.midterm_record(user=vp["officer"], application=signed)
    Evaluation.objects.create(project_id=signed.project_id, region_id=signed.project.region_id, stage="midterm",
                              template=version, status="closed", final_score=Decimal("52.0"), grade="fail",
                              created_by=vp["officer"])
    frozen = services.midterm_record(user=vp["officer"], application=signed)
    assert frozen.seq == 1 and frozen.status == "frozen" and "52.0" in frozen.note
    with pytest.raises(VentureError):  # recorded once
        services.midterm_record(user=vp["officer"], application=signed, passed=True)
    assert Tranche.objects.filter(application=signed, status="frozen").count() == 1


def test_publish_sets_the_objection_period(two_apps):
    vp, venture_round, first, _second = two_apps
    Round.objects.filter(pk=venture_round.pk).update(publicity_ends=None, status="ranked")
    published = services.round_transition(user=vp["officer"], venture_round=Round.objects.get(pk=venture_round.pk),
                                           name="publish")
    assert published.publicity_ends is not None
    with pytest.raises(VentureError):
        services.round_transition(user=vp["officer"], venture_round=published, name="confirm")


@pytest.fixture
def signed(vp):
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"]])
    app = apply(vp["member"], venture_round, a)
    Round.objects.filter(pk=venture_round.pk).update(status="awarded")
    Application.objects.filter(pk=app.pk).update(status="awarded", awarded=Decimal("30000"))
    return vp, services.application_sign(user=vp["officer"], application=Application.objects.get(pk=app.pk))


@pytest.mark.parametrize("data", [{"passed": "2"}, {"passed": "<script>"}, {"passed": "0", "note": "x" * 201},
                                  {}, {"passed": "evaluation"}])
def test_hostile_midterm(client, signed, data):
    vp, app = signed
    client.force_login(vp["officer"])
    response = client.post(reverse("venture:midterm", args=[app.pk]), data)
    assert response.status_code == 302
    assert not Tranche.objects.filter(application=app, status="frozen").exists()
    assert Application.objects.get(pk=app.pk).midterm_passed is None


@pytest.mark.parametrize("data", [{"reason": ""}, {"reason": "x" * 301}, {"reason": "违约", "until": "2000-01-01"},
                                  {"reason": "违约", "until": "not a date"}, {"reason": "<script>", "until": "-1"}])
def test_hostile_debarment(client, signed, data):
    vp, app = signed
    client.force_login(vp["officer"])
    response = client.post(reverse("venture:debar", args=[app.pk]), data)
    assert response.status_code == 302
    assert not Debarment.objects.exists()
    client.force_login(vp["member"])
    assert client.post(reverse("venture:debar", args=[app.pk]), {"reason": "违约"}).status_code in (403, 404)
    assert not Debarment.objects.exists()


def test_debarment_refuses_the_next_application(client, signed):
    vp, app = signed
    client.force_login(vp["officer"])
    client.post(reverse("venture:debar", args=[app.pk]), {"reason": "终期评估不合格"})
    barred = Debarment.objects.get()
    assert barred.until.year == barred.created_at.year + 3
    other = make_round(vp["officer"], [], title="下一轮")
    with pytest.raises(VentureError, match="终期评估不合格"):
        apply(vp["member"], other, app.organization, "新项目")


def test_queue_query_count_constant(client, django_assert_max_num_queries, vp):
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"]])
    apply(vp["member"], venture_round, a, "t0")
    client.force_login(vp["officer"])
    url = reverse("venture:queue") + "?todo=check"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for i in range(1, 30):
        apply(vp["member"], venture_round, a, f"t{i}")
    with CaptureQueriesContext(connection) as later:
        assert client.get(url).status_code == 200
    assert len(first.captured_queries) == len(later.captured_queries)


def test_the_sweep_reminds_the_reviewer_and_the_runners(two_apps):
    from wuse.notify.models import Reminder
    from wuse.notify.sweep import sweep

    vp, venture_round, first, _second = two_apps
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    services.application_check(user=vp["officer"], application=first, passed=True)
    venture_round = Round.objects.get(pk=venture_round.pk)
    sweep(today=venture_round.review_closes - dt.timedelta(days=3), publish=False)
    due = Reminder.objects.filter(rule="venture.scores_due")
    assert due.count() == 2 and {r.unit_id for r in due} == {venture_round.region_id}
    assert all(r.url == reverse("venture:round", args=[venture_round.pk]) for r in due)
    Round.objects.filter(pk=venture_round.pk).update(status="open")
    sweep(today=venture_round.call_closes + dt.timedelta(days=1), publish=False)
    assert Reminder.objects.filter(rule="venture.call_closed", object_id=str(venture_round.pk)).exists()
