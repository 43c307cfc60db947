"""The rectification demo: the mid-term evaluation of 长者食堂助餐服务 closed with findings, and three of them as
rectifications — open and overdue, submitted, verified — for 乐龄 (``org_member``) and 北山街道; loaded once."""

import pytest
from django.core.management import call_command

from evaluation.models import Evaluation
from evaluation.rectification import selectors
from evaluation.rectification.models import Rectification
from wuse.accounts.models import User

from ..projects.test_demo_projects import demo  # noqa: F401  (the fixture)


@pytest.mark.django_db
def test_the_rectification_demo_loads_once(demo):  # noqa: F811
    rows = {r.status: r for r in Rectification.objects.select_related("evaluation", "project")}
    assert set(rows) == {"open", "submitted", "verified"} and Rectification.objects.count() == 3
    assert rows["open"].is_overdue and not rows["submitted"].is_overdue
    evaluation = rows["open"].evaluation
    assert evaluation.stage == "midterm" and evaluation.status == "closed"
    assert evaluation.project.title == "长者食堂助餐服务" and evaluation.project.status == "in_progress"
    assert rows["verified"].verification_note
    final = Evaluation.objects.get(project__title="加装电梯居民协商议事")  # the evaluation demo's own row, untouched
    assert final.status == "in_progress"
    member, officer = User.objects.get(username="org_member"), User.objects.get(username="beishan_officer")
    assert [r.pk for r in selectors.due(member)] == [rows["open"].pk]
    assert [r.pk for r in selectors.to_verify(officer)] == [rows["submitted"].pk]
    evaluations = Evaluation.objects.count()
    call_command("load_demo")
    assert Rectification.objects.count() == 3 and Evaluation.objects.count() == evaluations
