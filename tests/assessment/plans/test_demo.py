"""The plans' demo: the city's plans of both years and 西湖区's, last year's manual scores with evidence, numbers on
the scores page; loaded once."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.plans import selectors
from assessment.plans.models import ManualScore, Plan
from tests.assessment.plans.support import YEAR
from wuse.accounts.models import User
from wuse.regions.models import Region

from ...projects.test_demo_projects import demo  # noqa: F401  (the fixture)


@pytest.mark.django_db
def test_the_plans_demo_scores_last_year_and_loads_once(demo, client):  # noqa: F811
    plans = set(Plan.objects.values_list("region_id", "year", "status"))
    assert plans == {("330100000000", YEAR - 1, "published"), ("330100000000", YEAR, "published"),
                     ("330106000000", YEAR, "published")}
    scores = ManualScore.objects.filter(indicator__plan__year=YEAR - 1)
    assert scores.filter(region__level="district").count() == 2 * Region.objects.filter(level="district").count()
    assert scores.filter(region__parent_id="330106002000").exists() and not scores.filter(file="").exists()
    admin = User.objects.get(username="city_admin")
    districts = selectors.unit_scores(admin, Region.objects.get(code="330100000000"), YEAR)
    assert all(d.previous_total and d.previous_rank for d in districts)
    assert any(d.total for d in districts)
    reviewer = User.objects.get(username="xihu_reviewer")
    streets = selectors.unit_scores(reviewer, Region.objects.get(code="330106000000"), YEAR)
    assert {s.plan.region_id for s in streets} == {"330106000000"}
    client.force_login(reviewer)
    page = client.get(reverse("plans:scores", args=["330106000000"]) + f"?year={YEAR - 1}")
    assert page.status_code == 200 and b'data-testid="rank"' in page.content
    count = ManualScore.objects.count()
    call_command("load_demo")
    assert ManualScore.objects.count() == count and Plan.objects.count() == 3
