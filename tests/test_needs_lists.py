"""The published needs list: assemble, review by the street, versions, the public 公示 page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from needs.models import Need, PublishedNeedsList
from needs.services import (
    Proposer,
    Sensitive,
    need_create,
    need_transition,
    needs_list_add,
    needs_list_create,
    needs_list_remove,
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
