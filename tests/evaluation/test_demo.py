"""The evaluation demo: the city's default template for the demo projects' year and the final evaluation of the
project awaiting evaluation, with the third party's scores submitted and the street's saved; loaded once."""

import pytest
from django.core.management import call_command

from evaluation import selectors
from evaluation.models import Evaluation, Score, SubIndicator, TemplateFamily
from wuse.accounts.models import User

from ..projects.test_demo_projects import demo  # noqa: F401  (the fixture)


@pytest.mark.django_db
def test_the_evaluation_demo_loads_once(demo):  # noqa: F811
    evaluation = Evaluation.objects.get()
    assert evaluation.project.status == "evaluation" and evaluation.stage == "final"
    assert evaluation.status == "in_progress"
    assert evaluation.template.family.region_id == "330100000000"
    parts = {a.kind: a for a in evaluation.assignments.all()}
    assert set(parts) == {"third_party", "street"}
    assert parts["third_party"].submitted_at and parts["street"].submitted_at is None
    assert all(a.declared_at for a in parts.values())
    counts = (TemplateFamily.objects.count(), Score.objects.count())
    assert counts[1] == 2 * SubIndicator.objects.filter(dimension__version=evaluation.template).count() > 0
    call_command("load_demo")
    assert (TemplateFamily.objects.count(), Score.objects.count()) == counts
    evaluator, street = User.objects.get(username="evaluator"), User.objects.get(username="wuchang_officer")
    assert set(selectors.scorecard(evaluator, evaluation)) == {"third_party"}
    assert set(selectors.scorecard(street, evaluation)) == {"street"}
    assert list(selectors.waiting_for_me(street)) == [parts["street"]]
