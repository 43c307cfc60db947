"""The published needs list: assemble, review by the street, versions, the public 公示 page."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from needs.models import Need, NeedsList, PublishedNeedsList
from needs.services import (
    Proposer,
    Sensitive,
    need_create,
    need_transition,
    needs_list_add,
    needs_list_create,
    needs_list_remove,
    needs_list_set_notice,
    needs_list_transition,
)
from tests.helpers import C111, C112, S11, S21, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region
from wuse.workflow.services import TransitionError

START, END = dt.date(2026, 10, 1), dt.date(2026, 12, 31)


@pytest.fixture
def people(tree):
    return {"staff": make_user("staff", Role.COMMUNITY_STAFF, C111),
            "officer": make_user("officer", Role.STREET_OFFICER, S11),
            "other_officer": make_user("other_officer", Role.STREET_OFFICER, S21)}


def listed_need(staff, title, **kwargs):
    need = need_create(user=staff, community=Region.objects.get(code=C111), title=title, **kwargs)
    need_transition(user=staff, need=need, name="verify")
    return need_transition(user=staff, need=need, name="list")


def start(staff, label="2026年第四季度"):
    return needs_list_create(user=staff, community=Region.objects.get(code=C111), period_label=label,
                             period_start=START, period_end=END)


@pytest.mark.django_db
def test_a_list_starts_with_the_listed_needs_and_goes_through_review_to_a_version(people):
    staff, officer = people["staff"], people["officer"]
    a = listed_need(staff, "老年助餐点", proposer=Proposer(name="张三丰", phone="13812345678",
                                                       id_number=""))
    listed_need(staff, "儿童托管")
    need_create(user=staff, community=Region.objects.get(code=C111), title="只登记未核实")
    needs_list = start(staff)
    assert [i.need.title for i in needs_list.items.order_by("position")] == ["老年助餐点", "儿童托管"]
    needs_list = needs_list_transition(user=staff, needs_list=needs_list, name="submit")
    with pytest.raises(PermissionDenied):
        needs_list_transition(user=people["other_officer"], needs_list=needs_list, name="approve")
    with pytest.raises(TransitionError):
        needs_list_transition(user=officer, needs_list=needs_list, name="return", reason="")
    needs_list = needs_list_transition(user=officer, needs_list=needs_list, name="return", reason="请补充位置信息")
    assert needs_list.status == "draft"
    needs_list = needs_list_transition(user=staff, needs_list=needs_list, name="submit")
    needs_list = needs_list_transition(user=officer, needs_list=needs_list, name="approve")
    version = PublishedNeedsList.objects.get(needs_list=needs_list)
    assert (needs_list.status, version.number, version.approved_by) == ("published", 1, officer)
    first = version.items[0]
    assert (first["need"], first["proposer"], first["phone"]) == (a.pk, "张**", "138****5678")
    assert AuditEntry.objects.filter(action="needs_list.publish", object_id=str(needs_list.pk)).exists()


@pytest.mark.django_db
def test_revising_makes_a_new_version_and_old_versions_stay_readable(people, client):
    staff, officer = people["staff"], people["officer"]
    listed_need(staff, "老年助餐点")
    needs_list = start(staff)
    for name, who in (("submit", staff), ("approve", officer), ("revise", staff)):
        needs_list = needs_list_transition(user=who, needs_list=needs_list, name=name)
    needs_list_add(user=staff, needs_list=needs_list, need=listed_need(staff, "加装电梯"))
    for name, who in (("submit", staff), ("approve", officer)):
        needs_list = needs_list_transition(user=who, needs_list=needs_list, name=name)
    v1, v2 = PublishedNeedsList.objects.filter(needs_list=needs_list).order_by("number")
    assert (len(v1.items), len(v2.items)) == (1, 2)
    page = client.get(f"/public/needs/{C111}/{needs_list.pk}/v1/").content.decode()
    assert "老年助餐点" in page and "加装电梯" not in page
    latest = client.get(f"/public/needs/{C111}/").content.decode()
    assert "加装电梯" in latest


@pytest.mark.django_db
def test_only_drafts_change_and_only_listed_needs_of_the_community_go_on(people):
    staff, officer = people["staff"], people["officer"]
    listed = listed_need(staff, "老年助餐点")
    needs_list = start(staff)
    with pytest.raises(TransitionError):
        needs_list_add(user=staff, needs_list=needs_list, need=listed)  # already on it
    fresh = need_create(user=staff, community=Region.objects.get(code=C111), title="未核实")
    with pytest.raises(TransitionError):
        needs_list_add(user=staff, needs_list=needs_list, need=fresh)
    elsewhere = Need.objects.create(community_id=C112, title="别的社区", status="listed", created_by=officer)
    with pytest.raises(TransitionError):
        needs_list_add(user=staff, needs_list=needs_list, need=elsewhere)
    needs_list_remove(user=staff, needs_list=needs_list, need=listed)
    with pytest.raises(TransitionError, match="至少|at least"):
        needs_list_transition(user=staff, needs_list=needs_list, name="submit")
    needs_list_add(user=staff, needs_list=needs_list, need=listed)
    needs_list = needs_list_transition(user=staff, needs_list=needs_list, name="submit")
    with pytest.raises(TransitionError):
        needs_list_remove(user=staff, needs_list=needs_list, need=listed)


@pytest.mark.django_db
def test_period_rules(people):
    staff = people["staff"]
    start(staff)
    with pytest.raises(ValidationError):
        start(staff)  # same period twice
    with pytest.raises(ValidationError):
        needs_list_create(user=staff, community=Region.objects.get(code=C111), period_label="倒序",
                          period_start=END, period_end=START)


@pytest.mark.django_db
def test_the_public_page_shows_no_personal_data(people, client):
    staff, officer = people["staff"], people["officer"]
    id_number = "33010619900101123" + "10X98765432"[sum(int(d) * w for d, w in zip(
        "33010619900101123", [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], strict=True)) % 11]
    listed_need(staff, "残疾人家庭无障碍改造", proposer=Proposer(name="张三丰", phone="13812345678",
                                                             id_number=id_number),
                sensitive=Sensitive(kind="disability", notes="肢体二级残疾", basis="consent"))
    needs_list = start(staff)
    for name, who in (("submit", staff), ("approve", officer)):
        needs_list = needs_list_transition(user=who, needs_list=needs_list, name=name)
    response = client.get(f"/public/needs/{C111}/")
    body = response.content.decode()
    assert response.status_code == 200 and "残疾人家庭无障碍改造" in body
    assert "138****5678" in body and "张**" in body
    for secret in ("13812345678", id_number, "张三丰", "肢体", id_number[-4:] + "<"):
        assert secret not in body
    assert client.get("/public/needs/410101001000/").status_code == 404  # a street, not a community
    assert client.get("/public/needs/999999999999/").status_code == 404


@pytest.mark.django_db
def test_list_pages_are_scoped_and_run_constant_queries(people, client):
    staff, officer = people["staff"], people["officer"]
    listed_need(staff, "需求一")
    needs_list = start(staff)
    client.force_login(make_user("outsider", Role.COMMUNITY_STAFF, C112))
    assert client.get(f"/needs/lists/{needs_list.pk}/").status_code == 404
    assert client.post(f"/needs/lists/{needs_list.pk}/do/submit/").status_code == 404
    client.force_login(officer)
    assert client.get(f"/needs/lists/{needs_list.pk}/").status_code == 200

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def publish(needs_list):
        needs_list_transition(user=staff, needs_list=needs_list, name="submit")
        return needs_list_transition(user=officer, needs_list=needs_list, name="approve")

    small = publish(needs_list)
    for i in range(15):
        listed_need(staff, f"需求{i}加")
    big = publish(start(staff, "2027年第一季度"))
    assert big.items.count() == 16 and small.items.count() == 1
    client.force_login(staff)
    assert count(f"/needs/lists/{small.pk}/") == count(f"/needs/lists/{big.pk}/")
    assert count(f"/needs/lists/{small.pk}/v1/") == count(f"/needs/lists/{big.pk}/v1/")


# --- the 公示期 (publicity period) and where residents object ---------------------------------------------

NOTICE = {"publicity_days": 5, "objection_place": "社区党群服务中心一楼服务窗口", "objection_contact": "王老师",
          "objection_phone": "0571-87654321转8001"}


def publish(staff, officer, needs_list):
    for name, who in (("submit", staff), ("approve", officer)):
        needs_list = needs_list_transition(user=who, needs_list=needs_list, name=name)
    return needs_list.versions.order_by("-number").first()


@pytest.mark.django_db
def test_a_published_version_runs_its_publicity_period_from_the_day_it_is_published(people):
    staff, officer = people["staff"], people["officer"]
    listed_need(staff, "老年助餐点")
    needs_list = start(staff)
    assert (needs_list.publicity_days, needs_list.objection_place, needs_list.objection_phone) == (7, "", "")
    with time_machine.travel(dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC), tick=False):  # 12-03 07:30 in 杭州
        version = publish(staff, officer, needs_list)
        # seven calendar days, the day of publishing included
        assert (version.publicity_from, version.publicity_until) == (dt.date(2026, 12, 3), dt.date(2026, 12, 9))
        assert (version.publicity_days, version.publicity_days_left, version.in_publicity) == (7, 7, True)
        assert version.objection_where == f"社区{C111}居民委员会"  # nothing entered: the residents' committee
    with time_machine.travel(dt.datetime(2026, 12, 9, 15, 59, tzinfo=dt.UTC), tick=False):  # 12-09 23:59
        assert (version.in_publicity, version.publicity_days_left) == (True, 1)
    with time_machine.travel(dt.datetime(2026, 12, 9, 16, 0, tzinfo=dt.UTC), tick=False):  # 12-10 00:00
        assert (version.in_publicity, version.publicity_days_left) == (False, 0)


@pytest.mark.django_db
def test_each_version_keeps_the_notice_it_was_published_with(people):
    staff, officer = people["staff"], people["officer"]
    listed_need(staff, "老年助餐点")
    needs_list = needs_list_create(user=staff, community=Region.objects.get(code=C111), period_label="2026年第四季度",
                                   period_start=START, period_end=END, **NOTICE)
    v1 = publish(staff, officer, needs_list)
    assert (v1.publicity_days, v1.objection_where, v1.objection_contact, v1.objection_phone) == (
        5, "社区党群服务中心一楼服务窗口", "王老师", "0571-87654321转8001")
    assert v1.objection_phone_dial == "057187654321"  # what a tel: link dials: no extension, no dashes
    needs_list = needs_list_transition(user=staff, needs_list=NeedsList.objects.get(pk=needs_list.pk), name="revise")
    needs_list = needs_list_set_notice(user=staff, needs_list=needs_list, publicity_days=10, objection_place="",
                                       objection_contact="  李  老师 ", objection_phone="12345")
    assert AuditEntry.objects.filter(action="needs_list.notice", object_id=str(needs_list.pk)).exists()
    v2 = publish(staff, officer, needs_list)
    v1.refresh_from_db()
    assert (v1.publicity_days, v1.objection_contact, v1.objection_phone) == (5, "王老师", "0571-87654321转8001")
    assert (v2.publicity_days, v2.objection_where, v2.objection_contact, v2.objection_phone) == (
        10, f"社区{C111}居民委员会", "李 老师", "12345")


@pytest.mark.django_db
def test_the_notice_is_checked_and_changes_only_on_a_draft_by_its_community(people):
    staff = people["staff"]
    listed_need(staff, "老年助餐点")
    for wrong in ({"publicity_days": 4}, {"publicity_days": 31}, {"objection_phone": "找王老师"},
                  {"objection_phone": "1234"}, {"objection_phone": "0571-8"}, {"objection_place": "地" * 101}):
        with pytest.raises(ValidationError) as refused:
            needs_list_create(user=staff, community=Region.objects.get(code=C111), period_label="错误",
                              period_start=START, period_end=END, **{**NOTICE, **wrong})
        assert set(refused.value.message_dict) == set(wrong)
    assert not NeedsList.objects.exists()
    needs_list = start(staff)
    with pytest.raises(PermissionDenied):
        needs_list_set_notice(user=make_user("outsider", Role.COMMUNITY_STAFF, C112), needs_list=needs_list, **NOTICE)
    needs_list = needs_list_transition(user=staff, needs_list=needs_list, name="submit")
    with pytest.raises(TransitionError):
        needs_list_set_notice(user=staff, needs_list=needs_list, **NOTICE)
    assert NeedsList.objects.get(pk=needs_list.pk).objection_contact == ""
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database refuses a period out of range
        NeedsList.objects.filter(pk=needs_list.pk).update(publicity_days=2)


@pytest.mark.django_db
def test_the_public_notice_states_its_period_and_where_to_object(people, client):
    staff, officer = people["staff"], people["officer"]
    listed_need(staff, "老年助餐点")
    needs_list = needs_list_create(user=staff, community=Region.objects.get(code=C111), period_label="2026年第四季度",
                                   period_start=START, period_end=END, **NOTICE)
    today = timezone.localdate()
    version = publish(staff, officer, needs_list)
    end = today + dt.timedelta(days=4)
    for url in (f"/public/needs/{C111}/", f"/public/needs/{C111}/{needs_list.pk}/v1/"):
        body = client.get(url).content.decode()
        assert f"{today:%Y-%m-%d} 至 {end:%Y-%m-%d}（共 5 天）" in body
        assert "公示中，还剩 5 天" in body
        assert "请在公示期内向社区党群服务中心一楼服务窗口反映" in body
        assert "王老师" in body and 'href="tel:057187654321">0571-87654321转8001</a>' in body

    PublishedNeedsList.objects.filter(pk=version.pk).update(publicity_until=today - dt.timedelta(days=1),
                                                            published_at=timezone.now() - dt.timedelta(days=5))
    body = client.get(f"/public/needs/{C111}/").content.decode()
    assert "公示期已结束" in body and "公示中" not in body
    assert "对清单仍有意见的，可向社区党群服务中心一楼服务窗口反映" in body


@pytest.mark.django_db
def test_staff_enter_the_notice_with_the_list_and_the_next_list_starts_from_it(people, client):
    staff = people["staff"]
    listed_need(staff, "老年助餐点")
    client.force_login(staff)
    form = {"community": C111, "period_label": "2026年第四季度", "period_start": "2026-10-01",
            "period_end": "2026-12-31", **NOTICE}
    assert client.post("/needs/lists/", {**form, "objection_phone": "找王老师"}).status_code == 200  # shown again
    assert not NeedsList.objects.exists()
    response = client.post("/needs/lists/", form)
    needs_list = NeedsList.objects.get()
    assert response.status_code == 302 and response.url == f"/needs/lists/{needs_list.pk}/"
    assert (needs_list.publicity_days, needs_list.objection_contact, needs_list.objection_phone) == (
        5, "王老师", "0571-87654321转8001")
    page = client.get("/needs/lists/").content.decode()  # a new list repeats the last one's notice
    assert 'value="王老师"' in page and 'value="0571-87654321转8001"' in page

    detail = client.get(f"/needs/lists/{needs_list.pk}/").content.decode()
    assert f'action="/needs/lists/{needs_list.pk}/notice/"' in detail
    notice = {**NOTICE, "publicity_days": "30", "objection_contact": "李老师"}
    assert client.post(f"/needs/lists/{needs_list.pk}/notice/", {**notice, "publicity_days": "40"}).status_code == 400
    response = client.post(f"/needs/lists/{needs_list.pk}/notice/", notice)
    assert response.status_code == 302
    needs_list.refresh_from_db()
    assert (needs_list.publicity_days, needs_list.objection_contact) == (30, "李老师")
    client.force_login(people["other_officer"])  # another street: the list is not there for them
    assert client.post(f"/needs/lists/{needs_list.pk}/notice/", notice).status_code == 404
