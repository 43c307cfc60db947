"""Resident meetings (民意圆桌会 / 民生议事会 / 座谈会): scope, forms, conflicts, links to needs both ways,
raising a need at a meeting, deletion rules, the audit trail and constant query counts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from needs.meetings import services
from needs.meetings.models import Meeting, MeetingNeed, MeetingRepresentative
from needs.meetings.selectors import meetings_for_need
from needs.models import Need, NeedCategory
from needs.services import need_create, need_merge
from tests.helpers import C111, C112, C121, C211, CITY, D1, S11, make_user
from wuse.access import api as access
from wuse.access.policy import POLICY, Scope
from wuse.accounts.models import Membership
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region

ACTIONS = ("meeting.view", "meeting.create", "meeting.change", "meeting.delete", "meeting.link_need")


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def c111(tree):
    return Region.objects.get(code=C111)


def make_meeting(user, community=C111, **fields) -> Meeting:
    values = {"kind": "roundtable", "held_on": days_ago(3), "place": "社区议事厅", "residents_count": 25, **fields}
    return services.meeting_create(user=user, community=Region.objects.get(code=community), **values)


def make_need(community=C111, title="楼道灯坏了", user=None) -> Need:
    author = user or make_user(f"author{Need.objects.count()}{community}", Role.COMMUNITY_STAFF, community)
    return Need.objects.create(community_id=community, title=title, created_by=author)


def management(prefix="reps", total=3, initial=0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "50"}


def meeting_form(community=C111, reps=(), **fields) -> dict:
    data = {"community": community, "kind": "roundtable", "held_on": days_ago(3).isoformat(), "place": "社区议事厅",
            "residents_count": "25", "minutes": "", "decisions": "", **management(total=max(3, len(reps)))}
    for i, (society, name, count) in enumerate(reps):
        data.update({f"reps-{i}-society": society, f"reps-{i}-name": name, f"reps-{i}-count": str(count)})
    data.update(fields)
    return data


def edit_form(meeting, reps=None, **changes) -> dict:
    stored = [(r.society, r.name, r.count) for r in meeting.representatives.order_by("id")] if reps is None else reps
    data = {"kind": meeting.kind, "held_on": meeting.held_on.isoformat(), "place": meeting.place,
            "residents_count": str(meeting.residents_count), "minutes": meeting.minutes,
            "decisions": meeting.decisions, "version": str(meeting.version),
            **management(total=len(stored) + 3, initial=len(stored))}
    for i, (society, name, count) in enumerate(stored):
        data.update({f"reps-{i}-society": society, f"reps-{i}-name": name, f"reps-{i}-count": str(count)})
    data.update(changes)
    return data


def actions_logged(meeting) -> list[str]:
    return list(AuditEntry.objects.filter(object_type="meetings.meeting", object_id=str(meeting.pk))
                .order_by("id").values_list("action", flat=True))


# --- scope --------------------------------------------------------------------------------------

@pytest.fixture
def spread(staff):
    """One meeting in each placement relative to C111: own, sibling, other street, other district."""
    others = {code: make_user(f"staff{code}", Role.COMMUNITY_STAFF, code) for code in (C112, C121, C211)}
    meetings = {C111: make_meeting(staff)}
    for code, user in others.items():
        meetings[code] = make_meeting(user, community=code)
    return meetings


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "unit", "visible"), [
    (Role.COMMUNITY_STAFF, C111, {C111}),
    (Role.COMMUNITY_STAFF, C112, {C112}),
    (Role.STREET_OFFICER, S11, {C111, C112}),
    (Role.DISTRICT_REVIEWER, D1, {C111, C112, C121}),
    (Role.CITY_ADMIN, CITY, {C111, C112, C121, C211}),
    (Role.ORG_MEMBER, D1, set()),
    (Role.VOLUNTEER, C111, set()),
    (Role.AUDIT_ADMIN, CITY, set()),
])
def test_each_role_sees_its_subtree_and_out_of_scope_is_404(client, spread, role, unit, visible):
    user = make_user("viewer", role, unit)
    client.force_login(user)
    response = client.get("/meetings/")
    if not visible:
        assert response.status_code == 403
    else:
        assert {m.community_id for m in response.context["page"]} == visible
    for code, meeting in spread.items():
        assert client.get(f"/meetings/{meeting.pk}/").status_code == (200 if code in visible else 404), code


@pytest.mark.django_db
def test_the_meeting_actions_follow_the_policy_table(spread):
    """A small matrix: can() and scoped() agree with the table for every meeting action and placement."""
    principals = [make_user(f"p{i}", role, unit) for i, (role, unit) in enumerate([
        (Role.CITY_ADMIN, CITY), (Role.DISTRICT_REVIEWER, D1), (Role.STREET_OFFICER, S11),
        (Role.COMMUNITY_STAFF, C111), (Role.ORG_MEMBER, D1), (Role.SYSTEM_ADMIN, CITY)])]
    wrong = []
    for user in principals:
        [grant] = access.memberships(user)
        for action in ACTIONS:
            visible = set(access.scoped(user, action, Meeting.objects.all()).values_list("pk", flat=True))
            for code, meeting in spread.items():
                want = POLICY[action].get(grant.role) is Scope.SUBTREE and code.startswith(grant.prefix)
                if access.can(user, action, meeting) != want or (meeting.pk in visible) != want:
                    wrong.append((grant.role, action, code))
    assert wrong == []


@pytest.mark.django_db
def test_visible_but_not_allowed_is_403_and_writes_refused(client, spread):
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    meeting = spread[C111]
    client.force_login(officer)
    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200 and not any(page.context["can"].values())
    assert "link_form" not in page.context and "raise_form" not in page.context
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/delete/").status_code == 403
    assert client.get("/meetings/new/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.meeting_update(user=officer, meeting=meeting, version=meeting.version, place="改")
    sibling = Membership.objects.get(region_id=C112).user
    client.force_login(sibling)
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 404
    assert client.post(f"/meetings/{meeting.pk}/delete/").status_code == 404
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert AuditEntry.objects.filter(action="meeting.out_of_scope", object_id=str(meeting.pk)).exists()


@pytest.mark.django_db
def test_the_navigation_shows_meetings_to_government_roles_only(client, staff):
    client.force_login(staff)
    assert "/meetings/" in client.get("/").content.decode()
    volunteer = make_user("vol", Role.VOLUNTEER, C111)
    client.force_login(volunteer)
    assert "/meetings/" not in client.get("/").content.decode()


# --- create and edit ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_staff_record_a_meeting_with_representatives_for_their_own_community_only(client, staff):
    client.force_login(staff)
    form = client.get("/meetings/new/").context["form"]
    assert [c.code for c in form.fields["community"].queryset] == [C111]
    reps = [("community", "社区书记 王芳", 2), ("volunteer", "", 12), ("social_org", "阳光社工事务所", 3)]
    response = client.post("/meetings/new/", meeting_form(reps=reps, minutes="议题：加装电梯"))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert (meeting.community_id, meeting.created_by, meeting.version) == (C111, staff, 1)
    assert [r.as_tuple() for r in meeting.representatives.order_by("id")] == reps
    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.context["attendance"] == 25 + 2 + 12 + 3
    assert actions_logged(meeting) == ["meeting.create"]
    assert "representatives" in AuditEntry.objects.get(action="meeting.create").changed_fields
    response = client.post("/meetings/new/", meeting_form(community=C112))
    assert response.status_code == 200 and "community" in response.context["form"].errors
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field"), [
    ({"residents_count": "-1"}, "residents_count"),
    ({"residents_count": "100001"}, "residents_count"),
    ({"residents_count": "abc"}, "residents_count"),
    ({"minutes": "记" * 30_000}, "minutes"),
    ({"decisions": "决" * 5_001}, "decisions"),
    ({"place": "   "}, "place"),
    ({"place": "地" * 201}, "place"),
    ({"kind": "party"}, "kind"),
    ({"kind": ""}, "kind"),
    ({"held_on": "2026-02-30"}, "held_on"),
    ({"held_on": "1999-12-31"}, "held_on"),
])
def test_bad_input_gets_a_field_message_and_keeps_what_was_typed(client, staff, changes, field):
    client.force_login(staff)
    decisions = changes.get("decisions", "决议：下周召开业主大会")
    response = client.post("/meetings/new/", meeting_form(**{"decisions": decisions, **changes},
                                                          reps=[("charity", "慈善总会", 1)]))
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    body = response.content.decode()
    assert "慈善总会" in body  # the representatives typed are kept
    if field != "decisions":
        assert "决议：下周召开业主大会" in body
    assert not Meeting.objects.exists() and not MeetingRepresentative.objects.exists()


@pytest.mark.django_db
def test_a_representative_line_needs_a_society_and_at_least_one_person(client, staff):
    client.force_login(staff)
    for reps in ([("", "某人", 1)], [("volunteer", "", 0)], [("alien", "", 1)], [("volunteer", "名" * 101, 1)]):
        response = client.post("/meetings/new/", meeting_form(reps=reps))
        assert response.status_code == 200 and not response.context["formset"].is_valid(), reps
    assert not Meeting.objects.exists()
    with pytest.raises(ValidationError):
        make_meeting(staff, representatives=[services.Representative(society="volunteer", count=0)])
    with pytest.raises(ValidationError):
        make_meeting(staff, representatives=[services.Representative(society="volunteer")] * 51)
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_html_and_emoji_are_stored_as_typed_and_escaped_on_the_pages(client, staff):
    client.force_login(staff)
    place = "<script>alert(1)</script>🙂 议事厅"
    minutes = "第一项：<b>加装电梯</b> 👍\n第二项：停车难"
    response = client.post("/meetings/new/", meeting_form(place=place, minutes=minutes,
                                                          reps=[("volunteer", "<img src=x onerror=alert(1)>", 1)]))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.place, meeting.minutes) == (place, minutes)
    for url in (f"/meetings/{meeting.pk}/", "/meetings/", f"/meetings/{meeting.pk}/edit/"):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body and "<img src=x" not in body, url
        assert "🙂" in body, url
    assert "&lt;b&gt;加装电梯&lt;/b&gt; 👍" in client.get(f"/meetings/{meeting.pk}/").content.decode()


@pytest.mark.django_db
def test_planned_meetings_take_no_minutes_and_no_raised_needs_until_they_happen(client, staff):
    ahead = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(ValidationError, match="minutes"):
        make_meeting(staff, held_on=ahead, minutes="提前写好的纪要")
    with pytest.raises(ValidationError, match="held_on"):
        make_meeting(staff, held_on=timezone.localdate() + dt.timedelta(days=400))
    planned = make_meeting(staff, held_on=ahead, residents_count=0)
    client.force_login(staff)
    page = client.get(f"/meetings/{planned.pk}/")
    assert "raise_form" not in page.context and "link_form" in page.context
    with pytest.raises(services.MeetingError):
        services.meeting_raise_need(user=staff, meeting=planned, title="停车难", category=NeedCategory.objects.get(
            code="other"))
    need = make_need()
    with pytest.raises(services.MeetingError):
        services.need_link(user=staff, meeting=planned, need=need, role="raised")
    services.need_link(user=staff, meeting=planned, need=need, role="discussed")  # on the agenda: fine
    assert Need.objects.count() == 1
    held = make_meeting(staff)
    services.need_link(user=staff, meeting=held, need=need, role="raised")
    with pytest.raises(ValidationError, match="held_on"):  # it has taken place: it cannot move to the future
        services.meeting_update(user=staff, meeting=held, version=held.version, held_on=ahead)


@pytest.mark.django_db
def test_edits_replace_the_representatives_and_are_audited_with_field_names(client, staff):
    meeting = make_meeting(staff, representatives=[services.Representative("community", "社区书记", 1),
                                                   services.Representative("volunteer", "", 5)])
    client.force_login(staff)
    page = client.get(f"/meetings/{meeting.pk}/edit/")
    assert page.context["form"]["place"].value() == "社区议事厅"
    assert [f["name"].value() for f in page.context["formset"].forms[:2]] == ["社区书记", ""]
    data = edit_form(meeting, minutes="纪要正文", **{"reps-1-DELETE": "on", "reps-2-society": "social_worker",
                                                     "reps-2-name": "李社工", "reps-2-count": "1"})
    assert client.post(f"/meetings/{meeting.pk}/edit/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "纪要正文" and meeting.version == 2
    assert [r.as_tuple() for r in meeting.representatives.order_by("id")] == [
        ("community", "社区书记", 1), ("social_worker", "李社工", 1)]
    entry = AuditEntry.objects.filter(action="meeting.change").get()
    assert sorted(entry.changed_fields) == ["minutes", "representatives"]
    assert "纪要正文" not in str(entry.detail) and "李社工" not in str(entry.detail)
    # saving without a change writes nothing
    assert client.post(f"/meetings/{meeting.pk}/edit/", edit_form(meeting)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.version == 2 and actions_logged(meeting) == ["meeting.create", "meeting.change"]


@pytest.mark.django_db
def test_a_stale_edit_is_refused_with_a_conflict_and_nothing_is_overwritten(client, staff):
    meeting = make_meeting(staff)
    stale = edit_form(meeting, place="我改的地点", minutes="我写的纪要")
    colleague = make_user("colleague", Role.COMMUNITY_STAFF, C111)
    client.force_login(colleague)
    assert client.post(f"/meetings/{meeting.pk}/edit/", edit_form(meeting, place="同事改的")).status_code == 302
    client.force_login(staff)
    response = client.post(f"/meetings/{meeting.pk}/edit/", stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "同事改的" in body and "我写的纪要" in body  # shows the saved version, keeps what I typed
    assert response.context["conflict_fields"] == [str(Meeting._meta.get_field("place").verbose_name)]
    meeting.refresh_from_db()
    assert (meeting.place, meeting.minutes, meeting.version) == ("同事改的", "", 2)


@pytest.mark.django_db
def test_a_representative_added_on_the_page_makes_an_open_edit_form_stale(client, staff):
    meeting = make_meeting(staff)
    stale = edit_form(meeting, residents_count="30")
    client.force_login(staff)
    response = client.post(f"/meetings/{meeting.pk}/representatives/add/",
                           {"rep-society": "charity", "rep-name": "区慈善总会", "rep-count": "2"})
    assert response.status_code == 302
    response = client.post(f"/meetings/{meeting.pk}/edit/", stale)
    assert response.status_code == 409
    assert response.context["conflict_fields"] == [str(MeetingRepresentative._meta.verbose_name_plural)]
    rep = meeting.representatives.get()
    bad = client.post(f"/meetings/{meeting.pk}/representatives/add/", {"rep-society": "", "rep-count": "0"})
    assert bad.status_code == 400 and set(bad.context["representative_form"].errors) == {"society", "count"}
    assert client.post(f"/meetings/{meeting.pk}/representatives/{rep.pk}/remove/").status_code == 302
    assert not meeting.representatives.exists()
    assert client.post(f"/meetings/{meeting.pk}/representatives/{rep.pk}/remove/").status_code == 404
    assert actions_logged(meeting) == ["meeting.create", "meeting.representative_add",
                                       "meeting.representative_remove"]


# --- links to needs -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_linking_needs_both_ways_and_the_rules(client, staff):
    meeting = make_meeting(staff)
    need = make_need(user=staff)
    client.force_login(staff)
    page = client.get(f"/meetings/{meeting.pk}/")
    assert [choice for choice, _label in page.context["link_form"].fields["need"].choices][1:] == [need.pk]
    response = client.post(f"/meetings/{meeting.pk}/needs/link/",
                           {"link-need": need.pk, "link-role": "discussed", "link-note": "居民代表补充了情况"})
    assert response.status_code == 302
    link = MeetingNeed.objects.get()
    assert (link.meeting, link.need, link.role, link.note) == (meeting, need, "discussed", "居民代表补充了情况")
    # the other way: the need's meetings
    [found] = meetings_for_need(staff, need)
    assert (found, found.link_role, found.link_note) == (meeting, "discussed", "居民代表补充了情况")
    page = client.get(f"/meetings/{meeting.pk}/")
    assert [x.need for x in page.context["links"]] == [need] and page.context["link_form"].fields["need"].choices == [
        ("", page.context["link_form"].fields["need"].choices[0][1])]  # no longer offered
    # twice: refused with a clear message
    response = client.post(f"/meetings/{meeting.pk}/needs/link/", {"link-number": need.pk, "link-role": "raised"})
    assert response.status_code == 400
    assert need.title in str(response.context["link_form"].non_field_errors())
    with pytest.raises(services.MeetingError, match="already linked|已"):
        services.need_link(user=staff, meeting=meeting, need=need)
    assert MeetingNeed.objects.count() == 1
    # unlink
    response = client.post(f"/meetings/{meeting.pk}/needs/{link.pk}/unlink/")
    assert response.status_code == 302 and not MeetingNeed.objects.exists()
    assert list(meetings_for_need(staff, need)) == []
    assert Need.objects.filter(pk=need.pk).exists()
    assert actions_logged(meeting) == ["meeting.create", "meeting.link_need", "meeting.unlink_need"]
    assert AuditEntry.objects.filter(action="meeting.link_need").get().detail == {"need": need.pk,
                                                                                  "role": "discussed"}


@pytest.mark.django_db
def test_another_communitys_need_cannot_be_linked(client, staff):
    meeting = make_meeting(staff)
    sibling_need = make_need(C112, "别的社区的需求")
    client.force_login(staff)
    # not visible to C111 staff: the same answer as a missing number, and the look is audited
    for number in (sibling_need.pk, 999_999):
        response = client.post(f"/meetings/{meeting.pk}/needs/link/", {"link-number": number, "link-role": "discussed"})
        assert response.status_code == 400 and "number" in response.context["link_form"].errors
    assert AuditEntry.objects.filter(action="need.out_of_scope", object_id=str(sibling_need.pk)).exists()
    # staff of both communities see it, and are still refused: a meeting links its own community's needs
    Membership.objects.create(user=staff, role=Role.COMMUNITY_STAFF, region_id=C112)
    access.forget(staff)
    client.force_login(staff)
    response = client.post(f"/meetings/{meeting.pk}/needs/link/", {"link-number": sibling_need.pk,
                                                                    "link-role": "discussed"})
    assert response.status_code == 400 and response.context["link_form"].non_field_errors()
    with pytest.raises(services.MeetingError):
        services.need_link(user=staff, meeting=meeting, need=sibling_need)
    assert not MeetingNeed.objects.exists()
    # street officers see both but may not link
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    with pytest.raises(PermissionDenied):
        services.need_link(user=officer, meeting=meeting, need=make_need(user=staff))
    client.force_login(officer)
    assert client.post(f"/meetings/{meeting.pk}/needs/link/", {"link-number": sibling_need.pk}).status_code == 403


@pytest.mark.django_db
def test_a_merged_need_is_refused_in_favour_of_the_one_it_went_into(staff, c111):
    meeting = make_meeting(staff)
    target = need_create(user=staff, community=c111, title="电梯经常故障")
    dup = need_create(user=staff, community=c111, title="电梯又坏了")
    need_merge(user=staff, need=dup, into=target)
    with pytest.raises(services.MeetingError, match="merged|合并"):
        services.need_link(user=staff, meeting=meeting, need=dup)
    link = services.need_link(user=staff, meeting=meeting, need=target)
    assert link.need == target


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "channel"), [("roundtable", "roundtable"), ("council", "council"),
                                               ("forum", "forum")])
def test_raising_a_need_registers_it_with_the_meetings_channel_and_links_it(client, staff, kind, channel):
    meeting = make_meeting(staff, kind=kind)
    client.force_login(staff)
    response = client.post(f"/meetings/{meeting.pk}/needs/raise/", {
        "raise-title": "  小区  停车难 ", "raise-category": "community_renewal", "raise-urgency": "high",
        "raise-description": "晚上车位不够", "raise-location": "3幢", "raise-note": "12 位居民附议"})
    assert response.status_code == 302, response.context and response.context["raise_form"].errors
    need = Need.objects.get()
    assert (need.title, need.channel, need.community_id, need.category_id, need.urgency, need.status) == (
        "小区 停车难", channel, C111, "community_renewal", "high", "submitted")
    link = MeetingNeed.objects.get()
    assert (link.meeting, link.need, link.role, link.note) == (meeting, need, "raised", "12 位居民附议")
    assert [m.link_role for m in meetings_for_need(staff, need)] == ["raised"]
    assert AuditEntry.objects.filter(action="need.create", object_id=str(need.pk)).exists()
    assert actions_logged(meeting) == ["meeting.create", "meeting.raise_need"]
    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.context["raised_count"] == 1 and "小区 停车难" in page.content.decode()


@pytest.mark.django_db
def test_nothing_remains_when_the_raised_need_cannot_be_registered(client, staff, monkeypatch):
    meeting = make_meeting(staff)
    other = NeedCategory.objects.get(code="other")
    with pytest.raises(ValidationError, match="title"):
        services.meeting_raise_need(user=staff, meeting=meeting, title="长" * 101, category=other)
    with pytest.raises(ValidationError, match="title"):
        services.meeting_raise_need(user=staff, meeting=meeting, title="   ", category=other)
    client.force_login(staff)
    typed = {"raise-title": "", "raise-category": "other", "raise-urgency": "normal", "raise-description": "我的描述"}
    response = client.post(f"/meetings/{meeting.pk}/needs/raise/", typed)
    assert response.status_code == 400 and "title" in response.context["raise_form"].errors
    assert "我的描述" in response.content.decode()
    # the need is registered but the link fails: both roll back together
    def broken(**kwargs):
        raise services.MeetingError("boom")

    monkeypatch.setattr(services, "_link", broken)
    with pytest.raises(services.MeetingError):
        services.meeting_raise_need(user=staff, meeting=meeting, title="停车难", category=other)
    assert not Need.objects.exists() and not MeetingNeed.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["need.create", "meeting.raise_need"]).exists()


# --- delete -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_delete_is_refused_while_needs_are_linked_and_says_which(client, staff):
    meeting = make_meeting(staff, representatives=[services.Representative("volunteer", "", 4)])
    need = make_need(title="广场舞噪音", user=staff)
    link = services.need_link(user=staff, meeting=meeting, need=need)
    client.force_login(staff)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "data-confirm" in page
    response = client.post(f"/meetings/{meeting.pk}/delete/")
    assert response.status_code == 409
    assert "广场舞噪音" in " ".join(str(m) for m in response.context["messages"])
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    services.need_unlink(user=staff, link=link)
    response = client.post(f"/meetings/{meeting.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/meetings/"
    assert not Meeting.objects.exists() and not MeetingRepresentative.objects.exists()
    assert actions_logged(meeting) == ["meeting.create", "meeting.link_need", "meeting.unlink_need",
                                       "meeting.delete"]
    assert client.get("/meetings/new/").status_code == 200 and client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}/delete/").status_code == 405


# --- lists, filters and query counts ------------------------------------------------------------

def bulk_meetings(user, n, community=C111, **fields):
    Meeting.objects.bulk_create(
        Meeting(community_id=community, kind="forum", held_on=days_ago(i % 300), place=f"地点{i}", created_by=user,
                **fields) for i in range(n))


@pytest.mark.django_db
def test_the_list_filters_by_kind_and_date_and_pages(client, staff):
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    round_table = make_meeting(staff, kind="roundtable", held_on=days_ago(40))
    council = make_meeting(staff, kind="council", held_on=days_ago(5))
    elsewhere = make_meeting(make_user("s2", Role.COMMUNITY_STAFF, C112), community=C112, kind="council",
                             held_on=days_ago(1))
    client.force_login(officer)

    def shown(**params):
        return [m.pk for m in client.get("/meetings/", params).context["page"]]

    assert shown() == [elsewhere.pk, council.pk, round_table.pk]  # newest meeting first
    assert shown(kind="council") == [elsewhere.pk, council.pk]
    assert shown(date_from=days_ago(10).isoformat()) == [elsewhere.pk, council.pk]
    assert shown(date_to=days_ago(10).isoformat()) == [round_table.pk]
    assert shown(region=C112) == [elsewhere.pk]
    services.need_link(user=staff, meeting=council, need=make_need(user=staff))
    assert [m.need_count for m in client.get("/meetings/").context["page"]] == [0, 1, 0]
    bulk_meetings(staff, 45)
    pages = [client.get("/meetings/", {"page": n}).context["page"] for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [20, 20, 8]
    assert len({m.pk for p in pages for m in p}) == 48


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"kind": "hacked"}, {"date_from": "not-a-date"}, {"page": "abc"},
                                    {"page": "99999"}, {"date_to": "\x00"}, {"kind": "'; DROP TABLE"}])
def test_hostile_query_strings_never_break_the_list(client, staff, params):
    client.force_login(staff)
    assert client.get("/meetings/", params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("region", ["%00", "abc", "330100", "999999999999"])
def test_bad_regions_answer_404(client, staff, region):
    client.force_login(staff)
    assert client.get(f"/meetings/?region={region}").status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("params", ["", "?kind=forum", f"?region={C111}&date_from=2020-01-01", "?page=2"])
def test_the_list_runs_the_same_number_of_queries_for_1_and_many_rows(client, staff, params):
    client.force_login(staff)
    bulk_meetings(staff, 1)
    one = _queries(client, f"/meetings/{params}")
    bulk_meetings(staff, 60)
    for m in Meeting.objects.all()[:10]:
        services.need_link(user=staff, meeting=m, need=make_need(user=staff))
    assert _queries(client, f"/meetings/{params}") == one


@pytest.mark.django_db
def test_the_meeting_page_runs_the_same_number_of_queries_for_1_and_20_needs_and_representatives(client, staff):
    def busy(n):
        meeting = make_meeting(staff, representatives=[services.Representative("volunteer", f"志愿者{i}", 1)
                                                       for i in range(n)])
        for i in range(n):
            services.need_link(user=staff, meeting=meeting, need=make_need(title=f"需求{n}-{i}", user=staff))
        return meeting

    small, big = busy(1), busy(20)
    for _ in range(5):
        make_need(user=staff)  # offered in the "link a need" choice
    client.force_login(staff)
    assert _queries(client, f"/meetings/{small.pk}/") == _queries(client, f"/meetings/{big.pk}/")
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    client.force_login(officer)
    assert _queries(client, f"/meetings/{small.pk}/") == _queries(client, f"/meetings/{big.pk}/")


@pytest.mark.django_db
def test_meetings_for_need_is_scoped_and_newest_first(staff):
    need = make_need(user=staff)
    old = make_meeting(staff, held_on=days_ago(30))
    new = make_meeting(staff, kind="council", held_on=days_ago(2))
    services.need_link(user=staff, meeting=old, need=need, role="raised")
    services.need_link(user=staff, meeting=new, need=need, role="discussed")
    assert [(m, m.link_role) for m in meetings_for_need(staff, need)] == [(new, "discussed"), (old, "raised")]
    assert len(meetings_for_need(make_user("officer", Role.STREET_OFFICER, S11), need)) == 2
    assert list(meetings_for_need(make_user("sibling", Role.COMMUNITY_STAFF, C112), need)) == []
    assert list(meetings_for_need(make_user("evaluator", Role.EVALUATOR, CITY), need)) == []
