"""The 民生微实事 permission matrix, generated from the policy table: every principal of
``tests/test_access_matrix.py`` × a round in its vote in each community of the synthetic city (own, child, sibling,
other district) × the pages (round page, export: 200 or 404), an action over HTTP (close the vote: 302, 403 or 404)
and the actions through ``access.can``; the lists show only the unit and below."""

import pytest

from projects.micro.models import Proposal, Round
from tests.helpers import C111, C112, C121, C211, D1, D2, make_user
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.regions.models import Region

from .support import caps, voting_round

pytestmark = pytest.mark.django_db

UNITS = (C111, C112, C121, C211)


@pytest.fixture
def world(tree):
    from wuse.accounts.roles import Role

    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    caps(make_user("caps1", Role.DISTRICT_REVIEWER, D1), district=D1)
    caps(make_user("caps2", Role.DISTRICT_REVIEWER, D2), district=D2)
    rounds = {}
    for code in UNITS:
        owner = make_user(f"owner{code}", Role.COMMUNITY_STAFF, code)
        rounds[code] = voting_round(owner, code)
    return {"principals": principals, "rounds": rounds}


def _place(unit, code):
    return placement(unit, Region.objects.get(code=unit).prefix, code)


def test_the_matrix_over_http_has_no_leaks_and_no_false_denials(world, client):
    failures, cases = [], 0
    for user, role, unit in world["principals"]:
        client.force_login(user)
        for code, (round_, (proposal, _b)) in world["rounds"].items():
            place = _place(unit, code)
            sees, runs = expected("micro_round.view", role, place), expected("micro.run", role, place)
            for url in (f"/micro/{round_.pk}/", f"/micro/{round_.pk}/export/"):
                cases += 1
                got = client.get(url).status_code
                if got != (200 if sees else 404):
                    failures.append((role, unit, code, url, got))
            cases += 1
            got = client.post(f"/micro/{round_.pk}/do/close_vote/").status_code
            want = 302 if runs else (403 if sees else 404)
            closed = Round.objects.get(pk=round_.pk).status == "closed"
            if got != want or closed != runs:
                failures.append((role, unit, code, "close_vote", got, closed))
            Round.objects.filter(pk=round_.pk).update(status="voting", vote_closes=None)
            for action, obj in (("micro.run", round_), ("micro.deliberate", proposal), ("micro.confirm", proposal)):
                cases += 1
                if access.can(user, action, obj) != expected(action, role, place):
                    failures.append((role, unit, code, action))
    assert cases > 100
    assert not failures, failures


def test_lists_show_only_the_unit_and_below(world, client):
    for user, role, unit in world["principals"]:
        client.force_login(user)
        html = client.get("/micro/").content.decode() if access.has_action(user, "micro_round.view") else ""
        for code, (round_, _proposals) in world["rounds"].items():
            shown = f'href="/micro/{round_.pk}/"' in html
            assert shown == expected("micro_round.view", role, _place(unit, code)), (role, unit, code)
    assert Proposal.objects.count() == 2 * len(UNITS)


def test_the_caps_are_the_districts(world, client):
    for user, role, unit in world["principals"]:
        client.force_login(user)
        got = client.get("/micro/caps/").status_code
        want = 200 if access.has_action(user, "micro_caps.view") else 403
        assert got == want, (role, unit, got)
