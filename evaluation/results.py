"""An evaluation's result: each evaluator's dimension scores and total, the final score by the template's rule,
the grade. Reads through the evaluation's relations (no model import: the workflow's close effect uses it) in a
fixed number of queries; the arithmetic is ``scoring``'s."""

from dataclasses import dataclass, field
from decimal import Decimal

from . import scoring


@dataclass(frozen=True)
class Card:
    """One evaluator's scorecard: per dimension (code, points) in the template's order, the total, and whether
    every sub-indicator has a score."""

    kind: str
    dimensions: tuple[tuple[str, scoring.DimensionPoints], ...]
    total: Decimal
    complete: bool


@dataclass(frozen=True)
class EvaluationResult:
    cards: dict[str, Card] = field(default_factory=dict)
    final_score: Decimal | None = None
    grade: str = ""

    def total(self, kind: str) -> Decimal | None:
        card = self.cards.get(kind)
        return card.total if card else None


def card_of(kind: str, dimensions, values: dict[int, Decimal]) -> Card:
    """A scorecard from the template's dimensions (their indicators prefetched) and ``indicator id → score``."""
    rows, complete = [], True
    for dimension in dimensions:
        indicators = list(dimension.indicators.all())
        complete = complete and all(i.pk in values for i in indicators)
        rows.append((dimension.code, scoring.dimension_points(
            dimension.weight, [values.get(i.pk, scoring.ZERO) for i in indicators], [i.max_score for i in indicators])))
    return Card(kind, tuple(rows), scoring.total(points for _code, points in rows), complete)


def cards_of(evaluation, assignments=None) -> dict[str, Card]:
    """Every assignment's card (four queries: dimensions, indicators, assignments, scores)."""
    dimensions = evaluation.template.dimensions_with_indicators()
    if assignments is None:
        assignments = evaluation.assignments.prefetch_related("scores").order_by("kind")
    return {a.kind: card_of(a.kind, dimensions, {s.indicator_id: s.value for s in a.scores.all()})
            for a in assignments}


def result_of(evaluation) -> EvaluationResult:
    """The result as closing computes it: only submitted assignments count towards the final score."""
    assignments = list(evaluation.assignments.prefetch_related("scores").order_by("kind"))
    cards = cards_of(evaluation, assignments)
    submitted = {a.kind for a in assignments if a.submitted_at is not None}
    template = evaluation.template
    final = scoring.final_score(template.rule(), {k: c.total for k, c in cards.items() if k in submitted})
    return EvaluationResult(cards, final, scoring.grade(final, template.bands()))
