"""The venture actions per role, generated from the policy: every principal of ``tests/test_access_matrix.py``
× a round and an application in each street/district (own, child, sibling, other district) × ``view``/``manage``;
on top of the table, the reaches: an organization's members see their own applications only, a reviewer sees
the applications of the rounds whose panel they sit on."""

import pytest

from projects.venture.models import Application, Round
from tests.helpers import D1, S11, S21, make_user
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.accounts.roles import Role

from .support import make_round, org, today

pytestmark = pytest.mark.django_db

UNITS = (S11, S21, D1)


@pytest.fixture
def world(tree):
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    rounds = {}
    for code in UNITS:
        runner = make_user(f"runner{code}", Role.DISTRICT_REVIEWER if code == D1 else Role.STREET_OFFICER, code)
        rounds[code] = make_round(runner, [], region=code, status="draft", title=f"轮次{code}")
    return principals, rounds


def test_matrix(world):
    principals, rounds = world
    from wuse.regions.models import Region

    for user, role, unit in principals:
        prefix = Region.objects.get(code=unit).prefix
        for code, venture_round in rounds.items():
            place = placement(unit, prefix, code)
            for action in ("venture_round.view", "venture_round.manage"):
                assert access.can(user, action, venture_round) == expected(action, role, place), (
                    user.username, action, code)


def test_reaches(vp):
    a = org("阳光社工", vp["member"], 1)
    b = org("春晖", vp["member2"], 2)
    venture_round = make_round(vp["officer"], [vp["r1"]])
    mine = Application.objects.create(round=venture_round, region_id=S11, organization=a, title="a", summary="s",
                                      requested=1, created_by=vp["member"])
    theirs = Application.objects.create(round=venture_round, region_id=S11, organization=b, title="b",
                                        summary="s", requested=1, created_by=vp["member2"])
    visible = access.scoped(vp["member"], "venture_application.view", Application.objects.all())
    assert list(visible) == [mine]
    assert set(access.scoped(vp["r1"], "venture_application.view", Application.objects.all())) == {mine, theirs}
    assert not access.scoped(vp["r2"], "venture_application.view", Application.objects.all()).exists()
    assert not access.can(vp["member"], "venture_round.manage", mine)
    other = Round.objects.create(region_id=S21, title="x", year=2026, total_fund=1, project_cap=1,
                                 call_closes=today(), review_closes=today(), created_by=vp["officer"])
    assert not access.can(vp["officer"], "venture_round.view", other)


def test_who_is_offered_scoring_and_the_queues(vp):
    """The "to score" queue is offered to panel-capable roles (evaluators and officers), never to an organization
    member; "to check" only to the rounds' runners. What each may score is the panel's business (services)."""
    assert access.has_action(vp["r1"], "venture_application.score")
    assert access.has_action(vp["officer"], "venture_application.score")
    assert not access.has_action(vp["member"], "venture_application.score")
    assert access.has_action(vp["officer"], "venture_round.manage")
    assert not access.has_action(vp["r1"], "venture_round.manage")
    assert not access.has_action(vp["staff"], "venture_round.manage")
