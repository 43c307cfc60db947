"""The delivery demo: milestones, activities with volunteer hours, expenses with an approved adjustment, reports
and an acceptance check on the demo projects; loaded once; every delivery tab opens for the demo accounts."""

import pytest
from django.core.management import call_command

from projects.delivery.models import Acceptance, Activity, BudgetAdjustment, Expense, Milestone, Report
from projects.models import Project
from wuse.core.demo import DEMO_PASSWORD
from wuse.registry.volunteers.models import ServiceEntry

from ..test_demo_projects import demo  # noqa: F401  (the fixture)


@pytest.mark.django_db
def test_the_delivery_demo_loads_once_and_every_tab_opens(demo, client):  # noqa: F811
    counts = (Milestone.objects.count(), Activity.objects.count(), Expense.objects.count(), Report.objects.count())
    assert all(counts), counts
    assert BudgetAdjustment.objects.filter(status="approved").exists()
    assert Acceptance.objects.filter(project__status="accepted").exists()
    assert ServiceEntry.objects.filter(ref__startswith="delivery.activity:").exists()
    call_command("load_demo")
    assert (Milestone.objects.count(), Activity.objects.count(), Expense.objects.count(),
            Report.objects.count()) == counts
    for username in ("org_member", "shangbao_staff", "beishan_officer", "xihu_reviewer"):
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        for project in Project.objects.filter(milestones__isnull=False).distinct():
            for tab in ("activities", "money", "documents"):
                response = client.get(f"/projects/{project.pk}/?tab={tab}")
                assert response.status_code in (200, 404), (username, project.title, tab)
                if username == "beishan_officer":
                    assert response.status_code == 200
        client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "beishan_officer", "password": DEMO_PASSWORD})
    meal = Project.objects.get(title="长者食堂助餐服务")
    html = client.get(f"/projects/{meal.pk}/?tab=money").content.decode()
    assert 'data-testid="co-funding-total"' in html  # the charity demo's allocation appears as co-funding
