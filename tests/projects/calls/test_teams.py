"""A volunteer team's bid, recorded by the call's unit: refused for teams outside the unit's area, twice, or after
the deadline; a winning team undertakes through the organization that runs it (or, without one, the project's
undertaker is recorded later in the project's workflow)."""

import pytest
from django.core.exceptions import PermissionDenied

from projects.calls import services
from projects.calls.errors import CallError
from projects.calls.models import Bid
from projects.models import Project
from tests.helpers import C111, C211, D1
from tests.projects.support import organization
from wuse.registry.volunteers.models import VolunteerTeam

from .support import past_deadline, posted_call

pytestmark = pytest.mark.django_db


def _team(name, region, organization=None):
    return VolunteerTeam.objects.create(name=name, region_id=region, organization=organization)


def _record(staff, call, team, price="20000"):
    return services.bid_record_team(user=staff, call=call, volunteer_team=team, approach="志愿者结对探访",
                                    team="志愿者10名", price=price, timeline="三个月")


@pytest.mark.parametrize("runs", [True, False])
def test_team_wins(people, runs):
    staff = people["staff"]
    org = organization("社区志愿协会", D1) if runs else None
    team = _team("银龄互助队", C111, org)
    call = posted_call(staff, C111)
    b = _record(staff, call, team)
    assert b.bidder_name == "银龄互助队" and b.organization_id is None
    with pytest.raises(CallError, match="already bid"):
        _record(staff, call, team, price="100")
    services.bid_decide(user=staff, bid=b, name="shortlist")
    call = services.call_transition(user=staff, call=past_deadline(call), name="close_shortlist")
    call = services.call_select(user=staff, call=call, bid_id=b.pk)
    project = Project.objects.get(pk=call.project_id)
    assert project.undertaker_id == (org.pk if runs else None)


def test_refusals(people, client):
    staff = people["staff"]
    call = posted_call(staff, C111)
    far = _team("远方志愿队", C211)
    with pytest.raises(PermissionDenied):
        _record(staff, call, far)
    near = _team("银龄互助队", C111)
    with pytest.raises(PermissionDenied):
        _record(people["staff_other"], call, near)  # not the call's unit
    with pytest.raises(CallError):
        _record(staff, call, near, price="-1")
    VolunteerTeam.objects.filter(pk=near.pk).update(active=False)
    near.refresh_from_db()
    with pytest.raises(CallError, match="not active"):
        _record(staff, call, near)
    VolunteerTeam.objects.filter(pk=near.pk).update(active=True)
    near.refresh_from_db()
    with pytest.raises(CallError, match="closed"):
        _record(staff, past_deadline(call), near)
    assert not Bid.objects.exists()


def test_page(people, client):
    staff = people["staff"]
    call = posted_call(staff, C111)
    near, far = _team("银龄互助队", C111), _team("远方志愿队", C211)
    client.force_login(staff)
    assert "record-team-bid" in client.get(f"/calls/{call.pk}/").content.decode()
    page = client.get(f"/calls/{call.pk}/bid/team/").content.decode()
    assert "银龄互助队" in page and "远方志愿队" not in page
    base = {"volunteer_team": near.pk, "approach": "探访", "price": "100"}
    for bad in ({"volunteer_team": far.pk}, {"volunteer_team": "x"}, {"price": "-1"}, {"price": "99999999"},
                {"approach": "<script>" * 1000}):
        assert client.post(f"/calls/{call.pk}/bid/team/", {**base, **bad}).status_code == 400, bad
    assert client.post(f"/calls/{call.pk}/bid/team/", base).status_code == 302
    assert Bid.objects.get().volunteer_team_id == near.pk
    client.force_login(people["member"])
    assert client.get(f"/calls/{call.pk}/bid/team/").status_code == 403
