"""The permission matrix: every role × action × placement, generated from the policy table.

Each principal holds one role at one unit of a synthetic city (2 districts × 2 streets
× 2 communities). Each object (every unit, and one need per community) stands in one
of five placements relative to the principal's unit: own unit, child (below it), parent
(above it), sibling (same parent) or other district. The expected answer comes from
the table alone: SUBTREE grants cover own unit and children; GLOBAL grants cover all.
The access layer is asked through ``can``, through ``scoped`` (lists) and, for view
actions, over HTTP. Any mismatch is a leak or a false denial; both must be zero.
"""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import Group, Permission
from guardian.shortcuts import assign_perm, remove_perm

from needs.meetings.models import Meeting
from needs.models import Need, NeedsList
from tests.helpers import C111, C112, C121, C211, CITY, D1, D2, S11, S21, make_user
from wuse.access import api as access
from wuse.access.policy import POLICY, Scope
from wuse.accounts.roles import Role
from wuse.regions.models import Region

# Where each principal sits. Government roles are pinned to their level; the others are
# placed at different levels so that every placement kind occurs.
PRINCIPALS = [
    ("city_admin", Role.CITY_ADMIN, CITY),
    ("district_reviewer", Role.DISTRICT_REVIEWER, D1),
    ("street_officer", Role.STREET_OFFICER, S11),
    ("community_staff", Role.COMMUNITY_STAFF, C111),
    ("org_member", Role.ORG_MEMBER, D1),
    ("evaluator", Role.EVALUATOR, CITY),
    ("volunteer", Role.VOLUNTEER, C111),
    ("system_admin", Role.SYSTEM_ADMIN, CITY),
    ("audit_admin", Role.AUDIT_ADMIN, CITY),
    ("security_admin", Role.SECURITY_ADMIN, CITY),
    ("street_officer_2", Role.STREET_OFFICER, S21),
    ("community_staff_2", Role.COMMUNITY_STAFF, C211),
]


def placement(user_code: str, user_prefix: str, object_code: str) -> str:
    """How an object's unit stands to the principal's unit."""
    if object_code == user_code:
        return "own"
    if object_code.startswith(user_prefix):
        return "child"
    obj = Region.objects.get(code=object_code)
    if user_code.startswith(obj.prefix):
        return "parent"
    if object_code[:6] != user_code[:6]:
        return "other_district"
    return "sibling"


def expected(action: str, role: Role, place: str) -> bool:
    scope = POLICY[action].get(role)
    if scope is Scope.GLOBAL:
        return True
    return scope is Scope.SUBTREE and place in ("own", "child")


# Every object type whose access follows the hierarchy alone, by its ACCESS_KEY. (Surveys add an
# upward rule for street campaigns on top of the table; tests/test_surveys.py generates that matrix.)
MATRIX_KEYS = ("region", "need", "needs_list", "meeting")


def region_actions():
    return sorted(a for a in POLICY if a.split(".")[0] in MATRIX_KEYS)


@pytest.fixture
def world(tree):
    staff = make_user("author", Role.COMMUNITY_STAFF, C111)
    needs = {}
    for community in Region.objects.of_level("community"):
        needs[community.code] = Need.objects.create(community=community, title=f"需求{community.code}",
                                                    created_by=staff)
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    communities = list(Region.objects.of_level("community"))
    lists = [NeedsList.objects.create(community=c, period_label="2026", period_start=dt.date(2026, 1, 1),
                                      period_end=dt.date(2026, 12, 31), created_by=staff) for c in communities]
    meetings = [Meeting.objects.create(community=c, kind="roundtable", held_on=dt.date(2026, 1, 5), place="活动室",
                                       created_by=staff) for c in communities]
    return {"needs": needs, "principals": principals, "regions": list(Region.objects.all()),
            "needs_list": lists, "meeting": meetings}


def _objects_for(action, world):
    key = action.split(".")[0]
    if key == "region":
        return [(r, r.code) for r in world["regions"]]
    if key == "need":
        return [(n, n.community_id) for n in world["needs"].values()]
    return [(o, o.community_id) for o in world[key]]


def _model_for(action):
    return {"region": Region, "need": Need, "needs_list": NeedsList, "meeting": Meeting}[action.split(".")[0]]


@pytest.mark.django_db
def test_the_matrix_has_no_leaks_and_no_false_denials(world):
    leaks, denials, seen = [], [], Counter()
    for user, role, unit in world["principals"]:
        user_prefix = Region.objects.get(code=unit).prefix
        for action in region_actions():
            visible = set(access.scoped(user, action, _model_for(action).objects.all()).values_list("pk", flat=True))
            for obj, code in _objects_for(action, world):
                place = placement(unit, user_prefix, code)
                want = expected(action, role, place)
                seen[place] += 1
                for layer, got in (("can", access.can(user, action, obj)), ("scoped", obj.pk in visible)):
                    if got and not want:
                        leaks.append((role, unit, action, code, place, layer))
                    elif want and not got:
                        denials.append((role, unit, action, code, place, layer))
    assert leaks == [], f"{len(leaks)} leak(s): {leaks[:10]}"
    assert denials == [], f"{len(denials)} false denial(s): {denials[:10]}"
    assert set(seen) == {"own", "child", "parent", "sibling", "other_district"}, seen
    per_principal = sum(len(_objects_for(action, world)) for action in region_actions())
    assert sum(seen.values()) == len(world["principals"]) * per_principal  # every case was asked


@pytest.mark.django_db
def test_global_duties_follow_the_table(world):
    for user, role, _unit in world["principals"]:
        for action in ("audit.view", "accounts.manage"):
            assert access.has_action(user, action) == (role in POLICY[action]), (role, action)


@pytest.mark.django_db
def test_http_detail_pages_answer_404_exactly_where_the_table_denies(world, client):
    """Out of scope looks exactly like missing: 404, never 403, for the view actions."""
    failures = []
    for user, role, unit in world["principals"]:
        client.force_login(user)
        prefix = Region.objects.get(code=unit).prefix
        for need in world["needs"].values():
            want = expected("need.view", role, placement(unit, prefix, need.community_id))
            status = client.get(f"/needs/{need.pk}/").status_code
            if status != (200 if want else 404):
                failures.append((role, unit, "need", need.community_id, status))
        for region in world["regions"]:
            want = expected("region.view", role, placement(unit, prefix, region.code))
            status = client.get(f"/regions/{region.code}/").status_code
            if status != (200 if want else 404):
                failures.append((role, unit, "region", region.code, status))
        for key, path in (("needs_list", "/needs/lists/{}/"), ("meeting", "/meetings/{}/")):
            for obj in world[key]:
                want = expected(f"{key}.view", role, placement(unit, prefix, obj.community_id))
                status = client.get(path.format(obj.pk)).status_code
                if status != (200 if want else 404):
                    failures.append((role, unit, key, obj.community_id, status))
    assert failures == []


@pytest.mark.django_db
def test_http_list_shows_only_needs_in_scope(world, client):
    for user, role, unit in world["principals"]:
        client.force_login(user)
        response = client.get("/needs/")
        prefix = Region.objects.get(code=unit).prefix
        if not access.has_action(user, "need.view"):
            assert response.status_code == 403, role
            continue
        shown = {n.pk for n in response.context["page"].object_list}
        want = {n.pk for n in world["needs"].values()
                if expected("need.view", role, placement(unit, prefix, n.community_id))}
        assert shown == want, role


@pytest.mark.django_db
def test_missing_and_malformed_ids_answer_404(world, client):
    user = next(u for u, role, _ in world["principals"] if role == Role.CITY_ADMIN)
    client.force_login(user)
    for url in ("/needs/999999999/", f"/needs/{2**63}/", "/regions/999999999999/", "/regions/abc/",
                "/regions/%00/", "/needs/?region=%00", "/needs/?region=330100",
                f"/needs/{world['needs'][C111].pk}/do/nonsense/"):
        assert client.get(url).status_code in (404, 405), url
    assert client.post(f"/needs/{2**63}/do/verify/").status_code == 404


@pytest.mark.django_db
def test_an_object_permission_grants_one_need_and_nothing_else(world, client):
    evaluator = next(u for u, role, _ in world["principals"] if role == Role.EVALUATOR)
    granted = world["needs"][C121]
    assign_perm("needs.view_need", evaluator, granted)
    assert list(access.scoped(evaluator, "need.view", Need.objects.all())) == [granted]
    assert access.can(evaluator, "need.view", granted)
    assert not access.can(evaluator, "need.verify", granted)
    client.force_login(evaluator)
    assert client.get(f"/needs/{granted.pk}/").status_code == 200
    assert client.get(f"/needs/{world['needs'][C112].pk}/").status_code == 404


@pytest.mark.django_db
def test_the_request_user_is_read_with_whether_they_hold_object_grants(world, client):
    """The sign-in backend's one query tells whether the user holds any guardian grant: without one, the needs
    list reads none (no query on guardian's tables); a grant given meanwhile is seen on the very next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wuse.accounts.backends import MembershipsModelBackend

    evaluator = next(u for u, role, _ in world["principals"] if role == Role.EVALUATOR)
    backend = MembershipsModelBackend()
    loaded = backend.get_user(evaluator.pk)
    with CaptureQueriesContext(connection) as queries:
        assert list(access.scoped(loaded, "need.view", Need.objects.all())) == []
    assert not [q for q in queries.captured_queries if "guardian_" in q["sql"]]

    granted = world["needs"][C121]
    assign_perm("needs.view_need", evaluator, granted)
    loaded = backend.get_user(evaluator.pk)
    assert list(access.scoped(loaded, "need.view", Need.objects.all())) == [granted]
    client.force_login(evaluator)
    assert client.get(f"/needs/{granted.pk}/").status_code == 200
    assert granted.title in client.get("/needs/").content.decode()
    remove_perm("needs.view_need", evaluator, granted)
    assert client.get(f"/needs/{granted.pk}/").status_code == 404
    panel = Group.objects.create(name="panel")  # a grant held through a group counts as well
    assign_perm("needs.view_need", panel, granted)
    evaluator.groups.add(panel)
    assert client.get(f"/needs/{granted.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_stray_global_permission_shows_nothing_more(world):
    """guardian#325: a model-level perm must not open every row (accept_global_perms=False)."""
    volunteer = next(u for u, role, _ in world["principals"] if role == Role.VOLUNTEER)
    volunteer.user_permissions.add(Permission.objects.get(codename="view_need"))
    volunteer = type(volunteer).objects.get(pk=volunteer.pk)
    assert access.scoped(volunteer, "need.view", Need.objects.all()).count() == 0
    assert not access.can(volunteer, "need.view", world["needs"][C111])


@pytest.mark.django_db
def test_superuser_flag_grants_no_business_data(world):
    admin = make_user("root_like", is_superuser=True, is_staff=True)
    assert access.scoped(admin, "need.view", Need.objects.all()).count() == 0
    assert not access.can(admin, "region.view", Region.objects.get(code=CITY))


@pytest.mark.django_db
def test_deactivated_and_anonymous_principals_see_nothing(world, client):
    from django.contrib.auth.models import AnonymousUser

    inactive = make_user("gone", Role.CITY_ADMIN, CITY, is_active=False)
    for principal in (inactive, AnonymousUser()):
        for action in region_actions():
            assert access.scoped(principal, action, _model_for(action).objects.all()).count() == 0
    response = client.get(f"/needs/{world['needs'][C111].pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_need_moved_to_another_community_changes_who_sees_it(world):
    """Access follows the record's unit now, not where it was (dhis2-core#17840)."""
    staff = next(u for u, _r, unit in world["principals"] if unit == C111)
    need = world["needs"][C111]
    assert access.can(staff, "need.view", need)
    Need.objects.filter(pk=need.pk).update(community_id=C211)
    need.refresh_from_db()
    assert not access.can(staff, "need.view", need)
    assert not access.scoped(staff, "need.view", Need.objects.filter(pk=need.pk)).exists()


@pytest.mark.django_db
def test_several_memberships_add_up(world):
    user = make_user("two_hats", Role.COMMUNITY_STAFF, C111)
    from wuse.accounts.models import Membership

    Membership.objects.create(user=user, role=Role.DISTRICT_REVIEWER, region_id=D2)
    visible = set(access.scoped(user, "need.view", Need.objects.all()).values_list("community_id", flat=True))
    assert visible == {C111} | {c for c in world["needs"] if c.startswith("410102")}
    assert access.can(user, "need.verify", world["needs"][C111])
    assert not access.can(user, "need.verify", world["needs"][C211])
