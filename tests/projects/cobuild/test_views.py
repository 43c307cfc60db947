"""The co-building pages: the round trip of every form, 404 outside the unit, constant query counts (the lists,
a list's page, the public page), the public page's content (no personal data), the export and the home queue."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from projects.cobuild.models import CobuildList, Delivery, Pledge
from tests.helpers import C111, C112, D1
from wuse.registry.charity.models import Donor

from ..support import listed_need
from .support import END, START, TODAY, donor, new_list, pledge, published

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _bulk_lists(user, n: int, community=C112):
    CobuildList.objects.bulk_create([CobuildList(region_id=community, title=f"清单{i}", period_start=START,
                                                 period_end=END, created_by=user) for i in range(n)])


def _bulk_pledges(user, cobuild_list, unit, n: int):
    Pledge.objects.bulk_create([Pledge(cobuild_list=cobuild_list, region_id=cobuild_list.region_id, donor=unit,
                                       resource="materials", description=f"物资{i}", quantity=Decimal("10"),
                                       measure="件", starts_on=START, ends_on=END, created_by=user)
                                for i in range(n)])


def test_a_community_worker_builds_publishes_and_delivers_over_http(people, client):
    unit = donor("联建企业", D1)
    need = listed_need(people["staff"], C111, "助餐")
    client.force_login(people["staff"])
    response = client.post("/cobuild/new/", {"region": C111, "title": "清单", "period_start": START.isoformat(),
                                              "period_end": END.isoformat()})
    cobuild_list = CobuildList.objects.get()
    assert response.status_code == 302 and response.url == f"/cobuild/{cobuild_list.pk}/"
    form = {"unit": f"donor:{unit.pk}", "resource": "volunteer_hours", "description": "助老服务", "quantity": "50",
            "measure": "小时", "value": "", "starts_on": START.isoformat(), "ends_on": END.isoformat(),
            "need": str(need.pk), "project": ""}
    assert client.post(f"/cobuild/{cobuild_list.pk}/pledges/", form).status_code == 302
    p = Pledge.objects.get()
    assert p.need_id == need.pk
    page = client.get(f"/cobuild/{cobuild_list.pk}/")
    assert "助老服务" in page.content.decode() and b"action-publish" in page.content
    assert client.post(f"/cobuild/{cobuild_list.pk}/do/publish/").status_code == 302
    assert client.post(f"/cobuild/pledges/{p.pk}/deliver/", {"quantity": "20", "delivered_on": TODAY.isoformat(),
                                                             "note": ""}).status_code == 302
    assert Pledge.objects.get().delivered == Decimal("20")
    public = client.get(f"/public/cobuild/{C111}/{cobuild_list.pk}/").content.decode()
    assert "联建企业" in public and "40%" in public


def test_pages_outside_the_unit_answer_404(people, client):
    _list, (p,) = published(people["staff"], C111, donor("联建企业", D1))
    client.force_login(people["staff_other"])
    for url in (f"/cobuild/{_list.pk}/", f"/cobuild/pledges/{p.pk}/", f"/cobuild/{_list.pk}/export/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/cobuild/pledges/{p.pk}/deliver/", {"quantity": "1",
                                                             "delivered_on": TODAY.isoformat()}).status_code == 404
    assert client.post(f"/cobuild/{_list.pk}/do/close/").status_code == 404
    assert not Delivery.objects.exists() and CobuildList.objects.get().status == "published"


def test_a_reviewer_sees_but_cannot_change(people, client):
    cobuild_list, (p,) = published(people["staff"], C111, donor("联建企业", D1))
    client.force_login(people["reviewer"])
    assert client.get(f"/cobuild/{cobuild_list.pk}/").status_code == 200
    assert client.get(f"/cobuild/?region={C111}").status_code == 200
    assert client.post(f"/cobuild/pledges/{p.pk}/deliver/", {"quantity": "1",
                                                             "delivered_on": TODAY.isoformat()}).status_code == 403
    assert client.get("/cobuild/new/").status_code == 403
    assert not Delivery.objects.exists()


def test_a_draft_is_not_public(people, client):
    cobuild_list = new_list(people["staff"], C111)
    assert client.get(f"/public/cobuild/{C111}/{cobuild_list.pk}/").status_code == 404
    assert client.get(f"/public/cobuild/{C112}/{cobuild_list.pk}/").status_code == 404


def test_the_public_page_shows_no_personal_data(people, client):
    unit = Donor.objects.create(name="联建企业", kind="enterprise", region_id=D1, contact_name="陈志远")
    unit.set_contact_phone("13905719001")
    unit.save()
    cobuild_list, _pledges = published(people["staff"], C111, unit)
    html = client.get(f"/public/cobuild/{C111}/{cobuild_list.pk}/").content.decode()
    assert "联建企业" in html and "陈志远" not in html and "13905719001" not in html and "staff" not in html


@pytest.mark.parametrize("params", ["", "?status=draft", "?q=清单", f"?region={C112}"])
def test_the_list_runs_a_constant_number_of_queries(people, client, params):
    _bulk_lists(people["officer"], 1)
    client.force_login(people["officer"])
    one = _queries(client, f"/cobuild/{params}")
    _bulk_lists(people["officer"], 50)
    assert _queries(client, f"/cobuild/{params}") == one


def test_a_list_page_and_the_public_page_run_constant_queries(people, client):
    unit = donor("联建企业", D1)
    cobuild_list, _pledges = published(people["staff"], C111, unit)
    client.force_login(people["staff"])
    urls = (f"/cobuild/{cobuild_list.pk}/", f"/public/cobuild/{C111}/{cobuild_list.pk}/", "/cobuild/waiting/")
    one = [_queries(client, url) for url in urls]
    _bulk_pledges(people["staff"], cobuild_list, unit, 50)
    assert [_queries(client, url) for url in urls] == one


def test_the_export_holds_the_pledges_with_fulfilment(people, client):
    cobuild_list, (p,) = published(people["staff"], C111, donor("=HYPERLINK(\"x\")", D1), ("10",))
    from projects.cobuild import services

    services.delivery_record(user=people["staff"], pledge=p, quantity="5", delivered_on=TODAY)
    client.force_login(people["officer"])
    response = client.get(f"/cobuild/{cobuild_list.pk}/export/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert rows[1][0] == "=HYPERLINK(\"x\")" and rows[1][9] == 50
    assert book.worksheets[1]["A2"].data_type == "s"


def test_the_waiting_list_and_its_home_count(people, client):
    from projects.cobuild.selectors import due_without_delivery

    published(people["staff"], C111, donor("联建企业", D1), ("10", "20"))
    assert due_without_delivery(people["staff"]).count() == 2
    assert due_without_delivery(people["staff_other"]).count() == 0
    client.force_login(people["staff"])
    assert client.get("/cobuild/waiting/").content.decode().count('data-testid="waiting-row"') == 2
    assert client.get("/").status_code == 200


def test_the_reminder_rule_finds_unfulfilled_pledges(people):
    from projects.cobuild import services
    from projects.cobuild.reminders import unfulfilled

    _list, (a, b) = published(people["staff"], C111, donor("联建企业", D1), ("10", "20"))
    services.delivery_record(user=people["staff"], pledge=a, quantity="10", delivered_on=TODAY)
    assert list(unfulfilled().values_list("pk", flat=True)) == [b.pk]


def test_pledge_remove_and_make_project_over_http(people, client):
    cobuild_list = new_list(people["staff"], C111)
    unit = donor("联建企业", D1)
    keep, gone = pledge(people["staff"], cobuild_list, unit), pledge(people["staff"], cobuild_list, unit)
    client.force_login(people["staff"])
    assert client.post(f"/cobuild/pledges/{gone.pk}/remove/").status_code == 302
    response = client.post(f"/cobuild/pledges/{keep.pk}/project/")
    assert response.status_code == 302 and response.url.startswith("/projects/")
    assert list(Pledge.objects.values_list("pk", flat=True)) == [keep.pk]
    assert Pledge.objects.get().project.vehicle == "co_build"
    project_page = client.get(response.url).content.decode()
    assert f"/cobuild/{cobuild_list.pk}/" in project_page
