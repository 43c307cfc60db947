"""The co-building demo: every table has rows, every stage is there (a draft, a published list with pledges fully
and partly delivered, a closed one; pledges matched to a need and to a project), the pages open for the demo
accounts, and loading twice changes nothing."""

import pytest
from django.core.management import call_command

from projects.cobuild.models import CobuildList, Delivery, Pledge
from wuse.accounts.models import User

from ..test_demo_projects import demo  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _state():
    return (sorted(CobuildList.objects.values_list("title", "status")),
            sorted(Pledge.objects.values_list("description", "delivered")), Delivery.objects.count())


def test_the_demo_has_every_stage_and_loads_twice_the_same(demo, client):  # noqa: F811
    first = _state()
    assert {status for _title, status in first[0]} == {"draft", "published", "closed"}
    pledges = list(Pledge.objects.all())
    assert any(p.need_id for p in pledges) and any(p.project_id for p in pledges)
    assert any(p.fulfilled for p in pledges) and any(0 < p.delivered < p.quantity for p in pledges)
    assert first[2] > 0
    call_command("load_demo")
    assert _state() == first
    client.force_login(User.objects.get(username="shangbao_staff"))
    for cobuild_list in CobuildList.objects.filter(region_id="330106002051"):
        assert client.get(f"/cobuild/{cobuild_list.pk}/").status_code == 200
    assert client.get("/cobuild/").status_code == 200
    assert client.get("/cobuild/waiting/").status_code == 200
