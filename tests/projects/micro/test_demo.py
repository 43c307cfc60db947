"""The 民生微实事 demo: every stage of both processes is there, the winner became a project, the pages open for the
demo accounts and the public, and loading twice changes nothing."""

import pytest
from django.core.management import call_command

from projects.micro.models import DistrictCaps, NegativeRule, Proposal, Round, Vote
from projects.models import Project
from wuse.accounts.models import User

from ..test_demo_projects import demo  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _state():
    return (sorted(Round.objects.values_list("title", "status")),
            sorted(Proposal.objects.values_list("title", "status", "votes")), Vote.objects.count(),
            DistrictCaps.objects.count(), NegativeRule.objects.count())


def test_the_demo_has_every_stage_and_loads_twice_the_same(demo, client):  # noqa: F811
    first = _state()
    assert {status for _t, status in first[0]} == {"collecting", "deliberating", "voting", "closed"}
    assert {status for _t, status, _v in first[1]} == {"proposed", "shortlisted", "not_shortlisted", "confirmed"}
    assert first[2] > 0 and first[3] >= 2 and first[4] >= 2
    confirmed = Proposal.objects.get(status="confirmed")
    assert Project.objects.get(pk=confirmed.project_id).vehicle == "micro"
    call_command("load_demo")
    assert _state() == first
    client.force_login(User.objects.get(username="shangbao_staff"))
    assert client.get("/micro/").status_code == 200
    for round_ in Round.objects.filter(region_id="330106002051"):
        assert client.get(f"/micro/{round_.pk}/").status_code == 200
        assert client.get(f"/public/micro/{round_.pk}/").status_code == 200
    assert client.get(f"/projects/{confirmed.project_id}/").status_code == 200
    client.force_login(User.objects.get(username="xihu_reviewer"))
    assert "电梯维修" in client.get("/micro/caps/").content.decode()
