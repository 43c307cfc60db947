"""The demo: projects in every state across communities of two districts, loaded once."""

from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from assessment.history import SEQ_FROM
from projects.models import ChangeRequest, PlanVersion, Project
from projects.workflow import PROJECT_PROCESS
from wuse.core.demo import DEMO_PASSWORD
from wuse.regions.importer import import_regions_text
from wuse.registry.charity.models import Allocation

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def demo(db):
    import_regions_text((ROOT / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8"))
    call_command("load_demo")


@pytest.mark.django_db
def test_the_demo_has_projects_in_every_state_and_loads_once(demo):
    states = Counter(Project.objects.values_list("status", flat=True))
    assert set(states) == {code for code, _label in PROJECT_PROCESS.choices}
    # the projects step's own demo sits in two districts (the assessment's history adds projects everywhere,
    # numbered from assessment.history.SEQ_FROM)
    own = Project.objects.filter(seq__lte=SEQ_FROM)
    assert {p.region_id[:6] for p in own} == {"330106", "330110"}
    assert Project.objects.filter(region__level="street").exists()
    count = Project.objects.count()
    call_command("load_demo")
    assert Project.objects.count() == count
    versioned = Project.objects.get(title="长者食堂助餐服务")
    assert PlanVersion.objects.filter(project=versioned).count() == 2
    assert set(ChangeRequest.objects.filter(project=versioned).values_list("status", flat=True)) == {
        "approved", "submitted"}
    assert Allocation.objects.filter(target_label__contains="长者食堂助餐服务").exists()


@pytest.mark.django_db
def test_every_demo_account_opens_the_project_pages(demo, client):
    for username, sees in (("shangbao_staff", True), ("beishan_officer", True), ("xihu_reviewer", True),
                           ("gujiaqiao_staff", True), ("org_member", False), ("volunteer", False)):
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        response = client.get("/projects/")
        assert response.status_code == (200 if sees else 403), username
        client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "org_member", "password": DEMO_PASSWORD})
    mine = client.get("/projects/mine/")
    assert mine.status_code == 200 and len(mine.context["rows"]) >= 3
    for row in mine.context["rows"]:
        assert client.get(row.url).status_code == 200
    assert client.get("/public/projects/330106002051/").status_code == 200
