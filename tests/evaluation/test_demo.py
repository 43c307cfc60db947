"""The evaluation demo: the city's default template for the demo projects' year; the final evaluation of the
project awaiting evaluation with its third party assigned (not started) and the street's scores saved; closed
evaluations in every grade (优秀 final — its project closed —, 良好 and 不合格 mid-term here, 合格 the rectifications'
mid-term); loaded once."""

import pytest
from django.core.management import call_command

from evaluation import selectors
from evaluation.models import Evaluation, Score, SubIndicator, TemplateFamily
from wuse.accounts.models import User

from ..projects.test_demo_projects import demo  # noqa: F401  (the fixture)


@pytest.mark.django_db
def test_the_evaluation_demo_loads_once(demo):  # noqa: F811
    evaluation = Evaluation.objects.get(project__title="加装电梯居民协商议事")
    assert evaluation.project.status == "evaluation" and evaluation.stage == "final"
    assert evaluation.status == "in_progress"
    assert evaluation.template.family.region_id == "330100000000"
    parts = {a.kind: a for a in evaluation.assignments.all()}
    assert set(parts) == {"third_party", "street"}
    assert parts["third_party"].declared_at is None and parts["third_party"].submitted_at is None
    assert parts["street"].declared_at and parts["street"].submitted_at is None
    assert Score.objects.filter(assignment__evaluation=evaluation).count() == SubIndicator.objects.filter(
        dimension__version=evaluation.template).count() > 0
    counts = (TemplateFamily.objects.count(), Score.objects.count(), Evaluation.objects.count())
    call_command("load_demo")
    assert (TemplateFamily.objects.count(), Score.objects.count(), Evaluation.objects.count()) == counts
    evaluator, street = User.objects.get(username="evaluator"), User.objects.get(username="wuchang_officer")
    assert set(selectors.scorecard(evaluator, evaluation)) == {"third_party"}  # their own card, not the street's
    assert not parts["third_party"].scores.exists()
    assert set(selectors.scorecard(street, evaluation)) == {"street"}
    assert parts["street"] in list(selectors.waiting_for_me(street))
    assert parts["third_party"] in list(selectors.waiting_for_me(evaluator))


@pytest.mark.django_db
def test_the_demo_has_closed_evaluations_in_every_grade(demo):  # noqa: F811
    closed = Evaluation.objects.filter(status="closed")
    assert set(closed.values_list("grade", flat=True)) == {"excellent", "good", "pass", "fail"}
    final = closed.get(stage="final")
    assert final.grade == "excellent" and final.project.status == "closed"
    assert all(e.final_score is not None for e in closed)
