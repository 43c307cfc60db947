"""Hostile input on every co-building form: wrong types, huge strings, negative numbers, HTML, other units' ids →
400 with a message, nothing written, never a 500."""

import pytest

from projects.cobuild.models import CobuildList, Delivery, Pledge
from tests.helpers import C111, C211, D1, D2

from ..support import listed_need, new_project
from .support import END, START, TODAY, donor, new_list, pledge, published

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def _good(unit) -> dict:
    return {"unit": f"donor:{unit.pk}", "resource": "materials", "description": "物资", "quantity": "10",
            "measure": "件", "value": "", "starts_on": START.isoformat(), "ends_on": END.isoformat(), "need": "",
            "project": ""}


@pytest.mark.parametrize("bad", [
    {"region": C211}, {"region": "x" * 5000}, {"title": ""}, {"title": "标" * 101},
    {"period_start": "not a date"}, {"period_end": (START.replace(year=START.year - 1)).isoformat()},
    {"period_start": "9999-99-99"},
])
def test_the_new_list_form_refuses_bad_input(people, client, bad):
    client.force_login(people["staff"])
    form = {"region": C111, "title": "清单", "period_start": START.isoformat(), "period_end": END.isoformat(), **bad}
    response = client.post("/cobuild/new/", form)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in response.content.decode()
    assert not CobuildList.objects.exists()


@pytest.mark.parametrize("bad", [
    {"quantity": "-1"}, {"quantity": "0"}, {"quantity": "abc"}, {"quantity": "1" * 40}, {"quantity": "1.234"},
    {"value": "-5"}, {"value": "0"}, {"description": "x" * 10_000}, {"measure": ""},
    {"ends_on": (START.replace(year=START.year - 1)).isoformat()}, {"starts_on": "tomorrow"},
    {"resource": "gold"}, {"unit": "donor:999999"}, {"unit": "org:abc"}, {"unit": SCRIPT},
    {"need": "999999"}, {"project": "999999"},
])
def test_the_pledge_form_refuses_bad_input(people, client, bad):
    cobuild_list = new_list(people["staff"], C111)
    unit = donor("联建企业", D1)
    client.force_login(people["staff"])
    response = client.post(f"/cobuild/{cobuild_list.pk}/pledges/", {**_good(unit), **bad})
    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_other_units_ids_are_refused_on_the_pledge_form(people, client):
    cobuild_list = new_list(people["staff"], C111)
    unit, foreign = donor("联建企业", D1), donor("外区企业", D2)
    foreign_need = listed_need(people["staff_other"], C211, "外社区需求")
    foreign_project = new_project(people["staff_other"], C211)
    client.force_login(people["staff"])
    for bad in ({"unit": f"donor:{foreign.pk}"}, {"need": str(foreign_need.pk)},
                {"project": str(foreign_project.pk)}):
        response = client.post(f"/cobuild/{cobuild_list.pk}/pledges/", {**_good(unit), **bad})
        assert response.status_code == 400, bad
    assert not Pledge.objects.exists()


def test_html_in_text_is_escaped(people, client):
    cobuild_list = new_list(people["staff"], C111)
    unit = donor("联建企业", D1)
    client.force_login(people["staff"])
    assert client.post(f"/cobuild/{cobuild_list.pk}/pledges/", {**_good(unit), "description": SCRIPT}).status_code \
        == 302
    html = client.get(f"/cobuild/{cobuild_list.pk}/").content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("bad", [
    {"quantity": "-1"}, {"quantity": "0"}, {"quantity": "x"}, {"quantity": "10.01"}, {"quantity": "9" * 30},
    {"delivered_on": "2999-01-01"}, {"delivered_on": ""}, {"note": "x" * 500},
])
def test_the_delivery_form_refuses_bad_input(people, client, bad):
    _list, (p,) = published(people["staff"], C111, donor("联建企业", D1), ("10",))
    client.force_login(people["staff"])
    form = {"quantity": "1", "delivered_on": TODAY.isoformat(), "note": "", **bad}
    response = client.post(f"/cobuild/pledges/{p.pk}/deliver/", form)
    assert response.status_code == 400
    assert not Delivery.objects.exists() and Pledge.objects.get().delivered == 0


def test_the_over_delivery_message_is_in_chinese(people, client, in_chinese):
    _list, (p,) = published(people["staff"], C111, donor("联建企业", D1), ("10",))
    client.force_login(people["staff"])
    response = client.post(f"/cobuild/pledges/{p.pk}/deliver/", {"quantity": "10.01",
                                                                  "delivered_on": TODAY.isoformat()})
    assert response.status_code == 400 and "10.00" in response.content.decode()


@pytest.mark.parametrize("bad", [{"need": "999999"}, {"need": "abc"}, {"project": SCRIPT}])
def test_the_match_form_refuses_bad_input(people, client, bad):
    cobuild_list = new_list(people["staff"], C111)
    p = pledge(people["staff"], cobuild_list, donor("联建企业", D1))
    client.force_login(people["staff"])
    response = client.post(f"/cobuild/pledges/{p.pk}/match/", bad)
    assert response.status_code == 400
    assert Pledge.objects.get().need_id is None


def test_unknown_transitions_and_frozen_lists_never_500(people, client):
    cobuild_list, (p,) = published(people["staff"], C111, donor("联建企业", D1))
    client.force_login(people["staff"])
    assert client.post(f"/cobuild/{cobuild_list.pk}/do/explode/").status_code in (400, 200)
    assert client.post(f"/cobuild/{cobuild_list.pk}/do/publish/").status_code in (400, 200)
    assert client.post(f"/cobuild/pledges/{p.pk}/remove/").status_code == 400
    assert client.post(f"/cobuild/{cobuild_list.pk}/pledges/", {}).status_code == 400
    assert client.get("/cobuild/?after=garbage&status=" + "x" * 300).status_code == 200
    assert client.get("/cobuild/?region=abc").status_code == 404
    assert Pledge.objects.count() == 1
