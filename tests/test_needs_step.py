"""需求清单 behaviour: deadlines, merge and support, data-carrying transitions, duplicates, the queue."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from needs.models import Need, NeedCategory
from needs.selectors import likely_duplicates, similarity, waiting_for
from needs.services import (
    need_create,
    need_follow_up,
    need_merge,
    need_support_add,
    need_to_project,
    need_transition,
)
from tests.helpers import C111, C112, S11, make_user, need_form
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import TransitionError


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def c111(tree):
    return Region.objects.get(code=C111)


def create(staff, community, title="楼道灯坏了", **fields):
    return need_create(user=staff, community=community, title=title, **fields)


@pytest.mark.django_db
def test_the_answer_date_defaults_from_the_category_and_cannot_precede_registration(staff, c111):
    safety = NeedCategory.objects.get(code="safety")
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        need = create(staff, c111, category=safety)
        assert need.response_deadline == dt.date(2026, 3, 2) + dt.timedelta(days=safety.response_days)
        with pytest.raises(ValidationError, match="response_deadline"):
            create(staff, c111, response_deadline=dt.date(2026, 3, 1))


@pytest.mark.django_db
def test_overdue_means_open_and_past_the_answer_date(staff, c111):
    late = create(staff, c111, response_deadline=timezone.localdate() + dt.timedelta(days=1))
    listed = create(staff, c111, "已纳入", response_deadline=timezone.localdate() + dt.timedelta(days=1))
    need_transition(user=staff, need=listed, name="verify")
    need_transition(user=staff, need=listed, name="list")
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        assert list(Need.objects.overdue()) == [late]
        late.refresh_from_db()
        assert late.is_overdue


@pytest.mark.django_db
def test_merging_keeps_both_histories_and_adds_up_support(staff, c111):
    target = create(staff, c111, "电梯经常故障")
    need_support_add(user=staff, need=target, residents=3, names="张三、李四、王五")
    dup = create(staff, c111, "电梯又坏了")
    need_support_add(user=staff, need=dup, residents=2)
    need_transition(user=staff, need=dup, name="verify")
    merged = need_merge(user=staff, need=dup, into=target)
    target.refresh_from_db()
    assert (merged.status, merged.merged_into_id) == ("merged", target.pk)
    assert target.support_count == 1 + 3 + 1 + 2
    assert [t.transition for t in TransitionLog.objects.timeline(dup)] == ["verify", "merge"]
    assert list(target.merged_needs.all()) == [dup]
    assert AuditEntry.objects.filter(action="need.merge_received", object_id=str(target.pk)).exists()


@pytest.mark.django_db
def test_merge_refuses_self_other_community_and_finished_targets(staff, c111, tree):
    need = create(staff, c111)
    with pytest.raises(TransitionError):
        need_merge(user=staff, need=need, into=need)
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    make_user("staff2", Role.COMMUNITY_STAFF, C112)
    elsewhere = Need.objects.create(community_id=C112, title="别处", created_by=officer)
    with pytest.raises(TransitionError, match="同一社区|same community"):
        need_merge(user=staff, need=need, into=elsewhere)
    done = create(staff, c111, "已不予采纳")
    need_transition(user=staff, need=done, name="reject", reason="重复")
    with pytest.raises(TransitionError):
        need_merge(user=staff, need=need, into=done)
    need.refresh_from_db()
    assert (need.status, need.merged_into_id) == ("submitted", None)


@pytest.mark.django_db
def test_support_counts_up_and_stops_once_the_need_is_finished(staff, c111):
    need = create(staff, c111)
    need_support_add(user=staff, need=need, residents=4)
    need.refresh_from_db()
    assert (need.support_count, need.version) == (5, 2)
    need_transition(user=staff, need=need, name="reject", reason="不属于社区职责")
    with pytest.raises(TransitionError):
        need_support_add(user=staff, need=need)


@pytest.mark.django_db
def test_transitions_carry_their_data_from_refer_to_follow_up(staff, c111):
    need = create(staff, c111)
    need_transition(user=staff, need=need, name="verify")
    with pytest.raises(TransitionError):
        need_transition(user=staff, need=need, name="refer", reason="")
    need = need_transition(user=staff, need=need, name="refer", reason="区住建局：小区外道路维修")
    assert need.referred_to == "区住建局：小区外道路维修"
    need = need_transition(user=staff, need=need, name="close", reason="已修复")
    need = need_follow_up(user=staff, need=need, satisfaction=4, note="电话回访")
    assert (need.status, need.satisfaction) == ("followed_up", 4)
    assert [t.to_state for t in TransitionLog.objects.timeline(need)] == ["verified", "referred", "closed",
                                                                        "followed_up"]


@pytest.mark.django_db
def test_automatic_transitions_are_not_fired_from_the_page(staff, c111):
    need = create(staff, c111)
    need_transition(user=staff, need=need, name="verify")
    need = need_transition(user=staff, need=need, name="list")
    for name in ("to_project", "merge", "follow_up"):
        with pytest.raises(TransitionError):
            need_transition(user=staff, need=need, name=name)
    need = need_to_project(user=staff, need=need, project_label="2026 公益创投：老年助餐")
    assert need.status == "in_project"


@pytest.mark.django_db
def test_waiting_for_me_lists_my_open_needs_and_overdue_ones_where_i_act(staff, c111):
    colleague = make_user("colleague", Role.COMMUNITY_STAFF, C111)
    mine = create(staff, c111, "分派给我", assignee=staff)
    theirs = create(staff, c111, "分派给同事", assignee=colleague)
    late = create(staff, c111, "超期未答复", response_deadline=timezone.localdate() + dt.timedelta(days=1))
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        assert set(waiting_for(staff)) == {mine, late} | ({theirs} if theirs.is_overdue else set())
        officer = make_user("officer", Role.STREET_OFFICER, S11)  # may see, may not verify: no queue
        assert list(waiting_for(officer)) == []


def test_similarity_works_on_chinese_text():
    assert similarity("电梯经常故障", "电梯又出故障了") > 0.35
    assert similarity("电梯经常故障", "广场舞噪音扰民") == 0


@pytest.mark.django_db
def test_likely_duplicates_same_community_similar_title_or_same_place(staff, c111):
    elevator = create(staff, c111, "3幢电梯经常故障", location="3幢")
    create(staff, c111, "广场舞噪音扰民", location="中心广场")
    Need.objects.create(community_id=C112, title="3幢电梯经常故障", created_by=staff)
    found = likely_duplicates(community=c111, category="other", title="电梯故障", location="")
    assert [n for n, _score in found] == [elevator]
    by_place = likely_duplicates(community=c111, category="sanitation", title="楼下有积水", location="3幢")
    assert [n for n, _score in by_place] == [elevator]


@pytest.mark.django_db
def test_entering_a_duplicate_offers_support_instead(client, staff, c111):
    existing = create(staff, c111, "3幢电梯经常故障")
    client.force_login(staff)
    response = client.post("/needs/new/", need_form(C111, "电梯经常出故障"))
    assert response.status_code == 200
    assert [n for n, _s in response.context["duplicates"]] == [existing]
    assert "电梯经常出故障" in response.content.decode()  # what was typed stays in the form
    response = client.post("/needs/new/", {**need_form(C111, "电梯经常出故障"), "support_for": existing.pk})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.support_count == 2
    assert Need.objects.count() == 1
    response = client.post("/needs/new/", {**need_form(C111, "电梯经常出故障"), "confirm_new": "1"})
    assert response.status_code == 302 and Need.objects.count() == 2


@pytest.mark.django_db
def test_merge_from_the_page_moves_the_reader_to_the_target(client, staff, c111):
    target = create(staff, c111, "3幢电梯经常故障")
    dup = create(staff, c111, "3幢电梯故障")
    client.force_login(staff)
    page = client.get(f"/needs/{dup.pk}/")
    assert [n for n, _s in page.context["merge_candidates"]] == [target]
    response = client.post(f"/needs/{dup.pk}/merge/", {"into": target.pk})
    assert response.status_code == 302 and response["Location"] == f"/needs/{target.pk}/"
    outsider = make_user("outsider", Role.COMMUNITY_STAFF, C112)
    client.force_login(outsider)
    assert client.post(f"/needs/{target.pk}/merge/", {"into": dup.pk}).status_code == 404
