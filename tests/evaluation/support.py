"""Builders shared by the evaluation tests: the default template, an evaluation with its evaluators assigned,
scores for every sub-indicator."""

from decimal import Decimal

from evaluation import services
from evaluation.defaults import default_template_data
from evaluation.models import SubIndicator
from tests.projects.support import YEAR


def default_version(user, region, year: int = YEAR):
    return services.template_create(user=user, region=region, year=year, name="默认指标", data=default_template_data())


def indicators(evaluation):
    return list(SubIndicator.objects.filter(dimension__version=evaluation.template).order_by("dimension__position",
                                                                                             "position"))


def all_scores(evaluation, share: str = "1") -> dict[int, Decimal]:
    """Every sub-indicator scored at ``share`` of its maximum (to one decimal)."""
    return {i.pk: (i.max_score * Decimal(share)).quantize(Decimal("0.1")) for i in indicators(evaluation)}


def set_up(people, project, kinds=("third_party", "street")):
    """A final evaluation of ``project`` with the evaluators of ``kinds`` assigned and declared."""
    district = people["reviewer"]
    evaluation = services.evaluation_create(user=district, project=project, stage="final")
    who = {"third_party": people["evaluator"], "street": people["officer"], "self": people["member"]}
    parts = {}
    for kind in kinds:
        parts[kind] = services.assignment_add(user=district, evaluation=evaluation, kind=kind, assignee=who[kind])
        if kind != "self":
            services.assignment_declare(user=who[kind], assignment=parts[kind])
    return evaluation, parts, who


def score_and_submit(who, parts, shares):
    for kind, share in shares.items():
        evaluation = parts[kind].evaluation
        services.scores_save(user=who[kind], assignment=parts[kind], values=all_scores(evaluation, share))
        services.assignment_submit(user=who[kind], assignment=parts[kind])
