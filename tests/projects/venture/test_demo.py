"""The venture demo: rounds in every stage, every table filled, loaded twice with the same result, the pages open
for the demo accounts and the public page shows the awards."""

import pytest
from django.core.management import call_command

from projects.venture.models import Application, Criterion, Debarment, Round, Score, Tranche
from wuse.core.demo import DEMO_PASSWORD

from ..test_demo_projects import demo  # noqa: F401  (the fixture)

TABLES = (Round, Criterion, Application, Score, Tranche, Debarment)


@pytest.mark.django_db
def test_the_venture_demo_loads_once_and_opens(demo, client):  # noqa: F811
    counts = [model.objects.count() for model in TABLES]
    assert all(counts), counts
    from projects.venture.workflow import APPLICATION_PROCESS, ROUND_PROCESS

    assert set(Round.objects.values_list("status", flat=True)) == {code for code, _label in ROUND_PROCESS.choices}
    assert set(Application.objects.values_list("status", flat=True)) == {
        code for code, _label in APPLICATION_PROCESS.choices}
    assert {"paid", "frozen", "planned"} <= set(Tranche.objects.values_list("status", flat=True))
    assert Application.objects.filter(project__vehicle="venture").count() == 3
    assert Round.objects.filter(evaluation_template__isnull=False).exists()
    call_command("load_demo")
    assert [model.objects.count() for model in TABLES] == counts
    client.post("/accounts/login/", {"username": "beishan_officer", "password": DEMO_PASSWORD})
    assert client.get("/venture/").status_code == 200
    for venture_round in Round.objects.all():
        assert client.get(f"/venture/{venture_round.pk}/").status_code in (200, 404)
    for app in Application.objects.filter(region_id="330106002000"):
        assert client.get(f"/venture/applications/{app.pk}/").status_code == 200
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "org_member", "password": DEMO_PASSWORD})
    assert client.get("/venture/").status_code == 200
    client.post("/accounts/logout/")
    awarded = Round.objects.get(status="awarded")
    html = client.get(f"/public/venture/{awarded.pk}/").content.decode()
    assert "西湖区乐龄社会工作服务中心" in html
