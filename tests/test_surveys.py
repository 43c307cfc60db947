"""需求调研活动: who sees and runs which survey, the campaign's process, answer checks, answers
becoming needs, and a results summary whose cost does not grow with the answers."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from needs.models import Need
from needs.services import need_create
from needs.surveys import selectors, services
from needs.surveys.access import PARTICIPATION
from needs.surveys.models import Answer, Campaign, Question, Response
from tests import test_surveys_support as support
from tests.helpers import C111, C112, C121, S11
from tests.test_surveys_support import QUESTIONS, answer, ids, make_campaign, region
from wuse.access import api as access
from wuse.audit.models import AuditEntry
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import TransitionError

# Fixtures shared with the other survey tests.
people, fresh_cache = support.people, support.fresh_cache


@pytest.fixture
def surveys(people):
    """One campaign per unit: two communities of S11, S11 itself, and a community of another street."""
    return {
        "c111": make_campaign(people["staff"], C111, title="上保社区调研"),
        "c112": make_campaign(people["staff2"], C112, title="C112 社区调研"),
        "s11": make_campaign(people["officer"], S11, title="街道调研"),
        "c121": make_campaign(people["other"], C121, title="另一街道的社区调研"),
    }


# ------------------------------------------------------------------------------------------ access


VISIBLE = {  # who sees which campaign: own unit and below, plus a street campaign for its communities' staff
    "staff": {"c111", "s11"},
    "staff2": {"c112", "s11"},
    "other": {"c121"},
    "officer": {"c111", "c112", "s11"},
    "district": {"c111", "c112", "s11", "c121"},
    "city": {"c111", "c112", "s11", "c121"},
    "volunteer": set(),
}


@pytest.mark.django_db
def test_each_role_sees_its_units_surveys_and_the_street_survey_reaches_its_communities(people, surveys, client):
    for name, want in VISIBLE.items():
        user = people[name]
        listed = set(selectors.campaigns_for_user(user).values_list("pk", flat=True))
        assert listed == {surveys[k].pk for k in want}, name
        client.force_login(user)
        for key, campaign in surveys.items():
            status = client.get(f"/surveys/{campaign.pk}/").status_code
            assert status == (200 if key in want else 404), (name, key, status)
        shown = {c.pk for c in client.get("/surveys/").context["page"]} if want else set()
        assert shown == {surveys[k].pk for k in want}, name
    client.force_login(people["volunteer"])
    assert client.get("/surveys/").status_code == 403


@pytest.mark.django_db
def test_a_look_outside_ones_scope_is_audited_and_answers_404(people, surveys, client):
    client.force_login(people["other"])
    assert client.get(f"/surveys/{surveys['s11'].pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="survey.out_of_scope", object_id=str(surveys["s11"].pk)).exists()
    for url in ("/surveys/999999999/", f"/surveys/{2**63}/", "/surveys/abc/", f"/surveys/{2**63}/export/"):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_running_a_street_survey_stays_with_the_street_while_its_communities_take_part(people, surveys, client):
    street, staff, officer = surveys["s11"], people["staff"], people["officer"]
    assert access.can_map(staff, street, ["survey.view", "survey.enter", "survey.to_need", "survey.export",
                                                  "survey.change", "survey.open", "survey.close"]) == {
        "view": True, "enter": True, "to_need": True, "export": True,
        "change": False, "open": False, "close": False}
    assert access.can_map(officer, street, ["survey.change", "survey.close", "survey.to_need"]) == {
        "change": True, "close": True, "to_need": False}  # needs are registered by community staff
    client.force_login(staff)
    assert client.get(f"/surveys/{street.pk}/edit/").status_code == 403
    assert client.post(f"/surveys/{street.pk}/do/close/").status_code == 403
    assert client.get(f"/surveys/{street.pk}/enter/").status_code == 200
    street.refresh_from_db()
    assert street.status == "open"
    for unit in (people["district"], people["city"]):
        assert not access.can(unit, "survey.enter", street)
        assert access.can(unit, "survey.export", street)


@pytest.mark.django_db
def test_community_staff_see_their_communitys_answers_and_the_streets_unattributed_ones(people, surveys):
    street = surveys["s11"]
    from_c111 = answer(street, unit=C111)
    from_c112 = answer(street, unit=C112)
    unattributed = answer(street)
    assert unattributed.region_id == S11
    seen = {name: set(selectors.responses_for_user(people[name], street).values_list("pk", flat=True))
            for name in ("staff", "staff2", "officer", "district", "other")}
    assert seen == {
        "staff": {from_c111.pk, unattributed.pk},
        "staff2": {from_c112.pk, unattributed.pk},
        "officer": {from_c111.pk, from_c112.pk, unattributed.pk},
        "district": {from_c111.pk, from_c112.pk, unattributed.pk},
        "other": set(),
    }
    assert selectors.summarize(list(street.questions.all()),
                               selectors.responses_for_user(people["staff"], street)).total == 2


@pytest.mark.django_db
def test_staff_enter_answers_only_for_units_they_serve(people, surveys):
    street = surveys["s11"]
    staff = people["staff"]
    assert [u.code for u in selectors.entry_units(staff, street)] == [S11, C111]
    assert [u.code for u in selectors.entry_units(people["officer"], street)] == [S11, C111, C112]
    assert answer(street, user=staff, unit=C111).entered_by == staff
    with pytest.raises(PermissionDenied):
        answer(street, user=staff, unit=C112)
    with pytest.raises(PermissionDenied):
        answer(surveys["c112"], user=staff)
    with pytest.raises(PermissionDenied):
        answer(street, user=people["district"], unit=C111)
    with pytest.raises(ValidationError):  # a community of another street is not part of this survey
        answer(street, user=people["officer"], unit=C121)


@pytest.mark.django_db
def test_who_may_create_a_survey_where(people):
    today = timezone.localdate()
    kwargs = {"title": "调研", "starts_on": today, "ends_on": today + dt.timedelta(days=7)}
    assert services.campaign_create(user=people["staff"], region=region(C111), **kwargs).region_id == C111
    assert services.campaign_create(user=people["officer"], region=region(C112), **kwargs).region_id == C112
    for user, code in ((people["staff"], S11), (people["staff"], C112), (people["district"], C111),
                       (people["officer"], "410101000000")):
        with pytest.raises(PermissionDenied):
            services.campaign_create(user=user, region=region(code), **kwargs)
    with pytest.raises(ValidationError, match="ends_on"):
        services.campaign_create(user=people["staff"], region=region(C111), title="调研", starts_on=today,
                                 ends_on=today - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="title"):
        services.campaign_create(user=people["staff"], region=region(C111), **{**kwargs, "title": "   "})
    assert AuditEntry.objects.filter(action="survey.create").count() == 2


# ------------------------------------------------------------------------------------------ process


@pytest.mark.django_db
def test_every_transition_legal_and_illegal(people):
    staff = people["staff"]
    campaign = make_campaign(staff, C111, questions=[], open_it=False)
    for illegal in ("close", "reopen"):
        with pytest.raises(TransitionError):
            services.campaign_transition(user=staff, campaign=campaign, name=illegal)
    with pytest.raises(TransitionError, match="question|题目"):
        services.campaign_transition(user=staff, campaign=campaign, name="open")
    services.question_add(user=staff, campaign=campaign, **QUESTIONS[0])
    with pytest.raises(PermissionDenied):
        services.campaign_transition(user=people["staff2"], campaign=campaign, name="open")
    campaign = services.campaign_transition(user=staff, campaign=campaign, name="open")
    assert campaign.status == "open"
    for illegal in ("open", "reopen"):
        with pytest.raises(TransitionError):
            services.campaign_transition(user=staff, campaign=campaign, name=illegal)
    campaign = services.campaign_transition(user=people["officer"], campaign=campaign, name="close")
    assert campaign.status == "closed"
    for illegal in ("open", "close"):
        with pytest.raises(TransitionError):
            services.campaign_transition(user=staff, campaign=campaign, name=illegal)
    with pytest.raises(TransitionError):
        services.campaign_transition(user=staff, campaign=campaign, name="delete")
    with (time_machine.travel(timezone.now() + dt.timedelta(days=40)),
          pytest.raises(TransitionError, match=campaign.ends_on.isoformat())):
        services.campaign_transition(user=staff, campaign=campaign, name="reopen")
    campaign = services.campaign_transition(user=staff, campaign=campaign, name="reopen")
    assert campaign.status == "open"
    assert [t.transition for t in TransitionLog.objects.timeline(campaign)] == ["open", "close", "reopen"]
    assert campaign.version == 4
    assert AuditEntry.objects.filter(action="survey.open", outcome="denied").exists()


@pytest.mark.django_db
def test_the_questionnaire_is_frozen_once_answers_are_collected(people):
    staff = people["staff"]
    campaign = make_campaign(staff, C111)
    question = campaign.questions.first()
    for attempt in (lambda: services.question_add(user=staff, campaign=campaign, **QUESTIONS[0]),
                    lambda: services.question_update(user=staff, question=question, text="改过的问题"),
                    lambda: services.question_delete(user=staff, question=question),
                    lambda: services.question_move(user=staff, question=question, direction="down")):
        with pytest.raises(services.SurveyError):
            attempt()
    assert campaign.questions.count() == len(QUESTIONS)


@pytest.mark.django_db
def test_questions_are_checked_ordered_and_removed(people):
    staff = people["staff"]
    campaign = make_campaign(staff, C111, open_it=False)
    add = lambda **f: services.question_add(user=staff, campaign=campaign, **f)  # noqa: E731
    with pytest.raises(ValidationError, match="choices"):
        add(kind="single", text="只有一个选项", choices=["是"])
    with pytest.raises(ValidationError, match="choices"):
        add(kind="multiple", text="重复选项", choices=["是", " 是 ", "否"])
    with pytest.raises(ValidationError, match="scale_max"):
        add(kind="scale", text="倒过来的量表", scale_min=5, scale_max=1)
    with pytest.raises(ValidationError, match="scale_max"):
        add(kind="scale", text="太大的量表", scale_min=0, scale_max=100)
    with pytest.raises(ValidationError, match="text"):
        add(kind="text", text="   ")
    with pytest.raises(ValidationError, match="kind"):
        add(kind="essay", text="未知题型")
    extra = add(kind="text", text="  多余的  空格 ", choices=["被忽略"])
    assert (extra.text, extra.choices, extra.position) == ("多余的 空格", [], len(QUESTIONS))
    first, second = ids(campaign)[:2]
    services.question_move(user=staff, question=Question.objects.get(pk=second), direction="up")
    assert ids(campaign)[:2] == [second, first]
    with pytest.raises(PermissionDenied):
        services.question_delete(user=people["staff2"], question=extra)
    services.question_delete(user=staff, question=Question.objects.get(pk=second))
    assert list(campaign.questions.values_list("position", flat=True)) == list(range(len(QUESTIONS)))
    assert AuditEntry.objects.filter(action="survey.question_delete", object_id=str(second)).exists()


@pytest.mark.django_db
def test_editing_a_campaign_refuses_a_stale_version(people):
    staff = people["staff"]
    campaign = make_campaign(staff, C111, open_it=False)
    services.campaign_update(user=staff, campaign=campaign, version=campaign.version, title="新标题")
    with pytest.raises(services.CampaignConflict):
        services.campaign_update(user=staff, campaign=campaign, version=campaign.version, title="旧页面上的标题")
    campaign.refresh_from_db()
    assert (campaign.title, campaign.version) == ("新标题", 2)
    with pytest.raises(PermissionDenied):
        services.campaign_update(user=people["staff2"], campaign=campaign, version=2, title="别人的")


# ------------------------------------------------------------------------------------------ answers


def _submit(campaign, by_position: dict):
    questions = list(campaign.questions.order_by("position"))
    return services.response_submit(campaign=campaign, channel="public",
                                    answers={questions[i].pk: v for i, v in by_position.items()})


def _errors(campaign, by_position: dict) -> dict[int, str]:
    questions = list(campaign.questions.order_by("position"))
    with pytest.raises(ValidationError) as caught:
        _submit(campaign, by_position)
    if not hasattr(caught.value, "error_dict"):
        return {-1: caught.value.messages[0]}
    index = {str(q.pk): i for i, q in enumerate(questions)}
    return {index[k]: v[0] for k, v in caught.value.message_dict.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(("answers", "position"), [
    ({0: "火锅店"}, 0),  # not an option
    ({0: ["老年食堂", "托育服务"]}, 0),  # two answers to a single choice
    ({0: 3}, 0),
    ({0: "老年食堂", 1: ["周末", "半夜"]}, 1),  # an unknown option among known ones
    ({0: "老年食堂", 1: [7]}, 1),
    ({0: "老年食堂", 2: 6}, 2),  # above the scale
    ({0: "老年食堂", 2: "0"}, 2),  # below it
    ({0: "老年食堂", 2: "3.5"}, 2),
    ({0: "老年食堂", 2: "三"}, 2),
    ({0: "老年食堂", 2: True}, 2),
    ({0: "老年食堂", 2: "99999999999999999999"}, 2),
    ({0: "老年食堂", 3: "好" * 10_000}, 3),  # 10,000 characters
    ({0: "老年食堂", 3: ["文本"]}, 3),
    ({2: 3}, 0),  # required question left out
    ({0: "   "}, 0),  # blank is no answer
])
def test_each_answer_is_checked_against_its_question(people, answers, position):
    campaign = make_campaign(people["staff"], C111, questions=[
        {**QUESTIONS[0]}, {**QUESTIONS[1]}, {**QUESTIONS[2], "required": False}, {**QUESTIONS[3]}])
    errors = _errors(campaign, answers)
    assert list(errors) == [position]
    assert Response.objects.count() == 0


@pytest.mark.django_db
def test_a_long_text_answer_is_refused_with_its_length_not_cut(people):
    campaign = make_campaign(people["staff"], C111)
    message = _errors(campaign, {0: "老年食堂", 2: 3, 3: "长" * 10_000})
    assert "2000" in message[3] and "10000" in message[3]
    assert _submit(campaign, {0: "老年食堂", 2: 3, 3: "满" * 2000}).answers.get(
        question__kind="text").value == "满" * 2000


@pytest.mark.django_db
def test_answers_are_stored_tidy_and_verbatim(people):
    campaign = make_campaign(people["staff"], C111)
    text = "  <script>alert('x')</script> 希望加装电梯 👵🏻\r\n第二行\x00  "
    response = _submit(campaign, {0: " 托育服务 ", 1: ["周末", "工作日白天", "周末", ""], 2: " 5 ", 3: text})
    values = {a.question.kind: a.value for a in response.answers.select_related("question")}
    assert values == {"single": "托育服务", "multiple": ["工作日白天", "周末"], "scale": 5,
                      "text": "<script>alert('x')</script> 希望加装电梯 👵🏻\n第二行"}
    assert (response.channel, response.entered_by, response.region_id) == ("public", None, C111)


@pytest.mark.django_db
def test_optional_questions_may_stay_blank_but_not_everything(people):
    optional = [{**q, "required": False} for q in QUESTIONS]
    campaign = make_campaign(people["staff"], C111, questions=optional)
    response = _submit(campaign, {2: 2})
    assert list(response.answers.values_list("value", flat=True)) == [2]
    assert list(_errors(campaign, {0: "", 1: [], 3: "  "})) == [-1]  # "answer at least one question"
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_a_survey_takes_answers_only_while_open_and_within_its_period(people):
    staff = people["staff"]
    draft = make_campaign(staff, C111, open_it=False)
    with pytest.raises(services.SurveyClosed):
        answer(draft)
    later = make_campaign(staff, C111, starts_on=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(services.SurveyClosed, match=later.starts_on.isoformat()):
        answer(later)
    running = make_campaign(staff, C111, days=5)
    answer(running)
    with time_machine.travel(timezone.now() + dt.timedelta(days=6)):
        with pytest.raises(services.SurveyClosed, match=running.ends_on.isoformat()):
            answer(running)
        with pytest.raises(services.SurveyClosed):
            answer(running, user=staff)
    closed = services.campaign_transition(user=staff, campaign=running, name="close")
    with pytest.raises(services.SurveyClosed):
        answer(closed)
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_every_response_is_audited_without_its_content(people):
    campaign = make_campaign(people["staff"], C111)
    response = answer(campaign, text="我家住3栋")
    entry = AuditEntry.objects.get(action="survey.respond", object_id=str(response.pk))
    assert (entry.user_id, entry.changed_fields, entry.detail["channel"]) == (None, ["answers"], "public")
    assert "3栋" not in str(entry.detail)


# ------------------------------------------------------------------------------------------ answer → need


def _text_answer(response) -> Answer:
    return response.answers.get(question__kind="text")


@pytest.mark.django_db
def test_a_written_answer_becomes_one_need_of_its_community(people):
    staff = people["staff"]
    campaign = make_campaign(staff, C111)
    written = _text_answer(answer(campaign, text="3号楼楼道灯坏了，晚上很黑"))
    need = services.answer_to_need(user=staff, answer=written, community=region(C111), title="3号楼楼道灯坏了")
    again = services.answer_to_need(user=staff, answer=written, community=region(C111), title="第二次")
    assert again == need
    assert Need.objects.count() == 1
    assert (need.community_id, need.channel, need.proposer_anonymous, need.title) == (
        C111, "survey", True, "3号楼楼道灯坏了")
    assert campaign.title in need.description
    written.refresh_from_db()
    assert written.need == need
    assert AuditEntry.objects.filter(action="survey.to_need", object_id=str(written.pk)).count() == 1
    assert AuditEntry.objects.filter(action="need.create", object_id=str(need.pk)).exists()


@pytest.mark.django_db
def test_a_street_surveys_answers_become_needs_of_the_right_community(people):
    street = make_campaign(people["officer"], S11)
    from_c111 = _text_answer(answer(street, unit=C111, text="小区门口缺少无障碍坡道"))
    unattributed = _text_answer(answer(street, text="希望开设四点半课堂"))
    with pytest.raises(PermissionDenied):  # street officers do not register needs
        services.answer_to_need(user=people["officer"], answer=from_c111, community=region(C111), title="坡道")
    with pytest.raises(PermissionDenied):  # another community's answer
        services.answer_to_need(user=people["staff2"], answer=from_c111, community=region(C112), title="坡道")
    with pytest.raises(PermissionDenied):  # an answer tied to C111 becomes a need of C111 only
        services.answer_to_need(user=people["staff"], answer=from_c111, community=region(C112), title="坡道")
    need = services.answer_to_need(user=people["staff"], answer=from_c111, community=region(C111), title="坡道")
    assert need.community_id == C111
    # Not tied to a community: the staff member who takes it up registers it in their community, once.
    taken = services.answer_to_need(user=people["staff2"], answer=unattributed, community=region(C112),
                                    title="四点半课堂")
    assert taken.community_id == C112
    assert services.answer_to_need(user=people["staff"], answer=unattributed, community=region(C111),
                                   title="四点半课堂") == taken
    assert Need.objects.count() == 2


@pytest.mark.django_db
def test_only_written_answers_become_needs(people):
    campaign = make_campaign(people["staff"], C111)
    choice = answer(campaign).answers.get(question__kind="single")
    with pytest.raises(services.SurveyError):
        services.answer_to_need(user=people["staff"], answer=choice, community=region(C111), title="老年食堂")
    assert Need.objects.count() == 0


@pytest.mark.django_db
def test_an_answer_repeating_a_registered_need_counts_as_support_once(people):
    staff = people["staff"]
    existing = need_create(user=staff, community=region(C111), title="电梯经常故障")
    campaign = make_campaign(staff, C111)
    written = _text_answer(answer(campaign, text="电梯又坏了"))
    assert services.answer_add_support(user=staff, answer=written, need=existing) == existing
    assert services.answer_add_support(user=staff, answer=written, need=existing) == existing
    existing.refresh_from_db()
    assert existing.support_count == 2
    written.refresh_from_db()
    assert written.need == existing


# ------------------------------------------------------------------------------------------ summary


@pytest.mark.django_db
def test_the_summary_counts_shares_and_averages(people):
    campaign = make_campaign(people["staff"], C111)
    answer(campaign, single="老年食堂", multiple=("周末", "工作日晚上"), scale=5, text="加装电梯")
    answer(campaign, single="老年食堂", multiple=("周末",), scale=4, text="")
    answer(campaign, single="托育服务", multiple=(), scale=3, text="增加停车位")
    answer(campaign, single="文体活动", multiple=("周末",), scale=4, text="修路灯")
    summary = selectors.summarize(list(campaign.questions.all()), Response.objects.filter(campaign=campaign))
    single, multiple, scale, text = summary.questions
    assert (summary.total, summary.public, summary.staff) == (4, 4, 0)
    assert [(o.label, o.count, o.percent) for o in single.options] == [
        ("老年食堂", 2, 50.0), ("托育服务", 1, 25.0), ("文体活动", 1, 25.0)]
    assert (multiple.answered, multiple.skipped) == (3, 1)
    assert [(o.label, o.count, o.percent) for o in multiple.options] == [
        ("工作日白天", 0, 0.0), ("工作日晚上", 1, 33.3), ("周末", 3, 100.0)]
    assert [(o.label, o.count) for o in scale.options] == [("1", 0), ("2", 0), ("3", 1), ("4", 2), ("5", 1)]
    assert scale.average == 4.0
    assert text.answered == 3
    assert [a.value for a in text.latest] == ["修路灯", "增加停车位", "加装电梯"]


def _summary_queries(campaign) -> int:
    with CaptureQueriesContext(connection) as queries:
        questions = list(campaign.questions.all())
        summary = selectors.summarize(questions, Response.objects.filter(campaign=campaign))
        [list(item.latest) for item in summary.questions]
    return len(queries)


@pytest.mark.django_db
def test_the_summary_costs_the_same_for_1_and_30_responses(people, client):
    campaign = make_campaign(people["staff"], C111)
    answer(campaign, text="第1份")
    one = _summary_queries(campaign)
    client.force_login(people["staff"])
    with CaptureQueriesContext(connection) as page_one:
        assert client.get(f"/surveys/{campaign.pk}/").status_code == 200
    for n in range(29):
        answer(campaign, single=QUESTIONS[0]["choices"][n % 3], scale=1 + n % 5, text=f"第{n + 2}份")
    assert Response.objects.filter(campaign=campaign).count() == 30
    assert _summary_queries(campaign) == one <= 5
    with CaptureQueriesContext(connection) as page_thirty:
        assert client.get(f"/surveys/{campaign.pk}/").status_code == 200
    assert len(page_thirty) == len(page_one)


@pytest.mark.django_db
def test_list_pages_cost_the_same_for_few_and_many_rows(people, client):
    staff = people["staff"]
    client.force_login(staff)
    campaign = make_campaign(staff, C111)
    for _ in range(2):
        answer(campaign, text="有话说")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = {url: count(url) for url in ("/surveys/", f"/surveys/{campaign.pk}/responses/")}
    for n in range(24):
        make_campaign(staff, C111, title=f"调研{n}", questions=QUESTIONS[:1], open_it=False)
    for _ in range(25):
        answer(campaign, text="又一份")
    assert {url: count(url) for url in few} == few
    page = client.get("/surveys/").context["page"]
    assert (len(page), page.has_next) == (20, True)
    assert len(client.get(f"/surveys/{campaign.pk}/responses/").context["rows"]) == 20


@pytest.mark.django_db
def test_the_campaign_model_refuses_a_period_ending_before_it_starts(people):
    from django.db import IntegrityError, transaction

    campaign = make_campaign(people["staff"], C111, open_it=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(ends_on=campaign.starts_on - dt.timedelta(days=1))


@pytest.mark.django_db
def test_the_answers_from_filter_offers_only_what_the_user_may_see(people, surveys, client):
    street = surveys["s11"]
    answer(street, unit=C111, single="托育服务")
    answer(street, unit=C112)
    answer(street)
    client.force_login(people["officer"])
    page = client.get(f"/surveys/{street.pk}/")
    assert [u.code for u in page.context["units"]] == [S11, C111, C112]
    assert page.context["summary"].total == 3
    only = client.get(f"/surveys/{street.pk}/?unit={C111}").context["summary"]
    assert (only.total, only.questions[0].options[1].count) == (1, 1)
    assert client.get(f"/surveys/{street.pk}/?unit={S11}").context["summary"].total == 1
    client.force_login(people["staff"])
    assert [u.code for u in client.get(f"/surveys/{street.pk}/").context["units"]] == [S11, C111]
    for url in (f"/surveys/{street.pk}/?unit={C112}", f"/surveys/{street.pk}/responses/?unit={C112}",
                f"/surveys/{street.pk}/export/?unit={C112}", f"/surveys/{street.pk}/?unit=abc"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/surveys/{surveys['c111'].pk}/").context["units"] == []


@pytest.mark.django_db
def test_the_survey_rows_of_the_table_hold_for_every_role_action_and_placement(people, surveys):
    """Generated from the policy table: SUBTREE grants cover the unit and below; a street campaign and its
    unattributed answers also reach whoever holds a participation action in one of its communities."""
    from wuse.access.policy import POLICY, Scope
    from wuse.accounts.models import Membership

    street_answer = answer(surveys["s11"])
    community_answer = answer(surveys["s11"], unit=C112)
    objects = [*surveys.values(), street_answer, community_answer]
    mismatches = []
    for name, user in people.items():
        grants = [(m.role, m.region.prefix) for m in Membership.objects.filter(user=user).select_related("region")]
        for action in sorted(a for a in POLICY if a.startswith("survey.")):
            for obj in objects:
                code = obj.region_id
                own = any(POLICY[action].get(role) is Scope.SUBTREE and code.startswith(prefix)
                          for role, prefix in grants)
                reach = action in PARTICIPATION and code.endswith("000") and any(
                    POLICY[action].get(role) is Scope.SUBTREE and len(prefix) == 12 and prefix.startswith(code[:9])
                    for role, prefix in grants)
                want = own or reach
                model_qs = type(obj).objects.filter(pk=obj.pk)
                for layer, got in (("can", access.can(user, action, obj)),
                                   ("scoped", access.scoped(user, action, model_qs).exists())):
                    if got != want:
                        mismatches.append((name, action, type(obj).__name__, code, layer, got))
    assert mismatches == []
