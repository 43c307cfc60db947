"""The evaluation step's indicators for the annual assessment (declared once; see ``wuse.core.figures``):
evaluations closed, the average final score and the grade distribution of closed final (末期) evaluations, and the
residents' satisfaction. (``figures.py`` is something else: the project figures a scoring template draws on.)

An evaluation sits at its project's unit (``Evaluation.region``): a street's own project counts at the street, in
no community. The evaluations of a period are those closed in it (``closed_at``; a reopened evaluation has none
until it is closed again). The average and the grades read the final evaluations only, so that a project graded
at mid-term and at the end counts once.

**Resident satisfaction** is the mean, over the projects of the unit whose satisfaction survey was opened in the
period and has reached its minimum sample, of each project's satisfaction score as its page shows it (the
satisfaction index, 0–100, one decimal: ``services.satisfaction.index_score``), rounded once, half up, to one
decimal. One grouped query (per survey) and the means in Python; the average score likewise divides one grouped
sum exactly, so the rounding is the scoring's on every database.

**Records behind a number** (``Figure.records``): the evaluations list of the unit (``?region=``), closed ones
(``?status=closed``), final ones for the average and the grades (``?stage=final``); the list filters neither the
closing date nor the grade, so it shows the unit's closed evaluations of every year. Satisfaction: no list.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, code_range, list_url, register_figure

from . import scoring
from .choices import Grade
from .models import Evaluation, SatisfactionSurvey
from .models.satisfaction import ITEMS, SATISFACTION
from .services.satisfaction import index_score
from .workflow import CLOSED, FINAL

SATISFACTION_FIELDS = tuple(item.field for item in ITEMS if item.index == SATISFACTION)


def closed(period: Period):
    return Evaluation.objects.filter(status=CLOSED, closed_at__gte=period.start_at, closed_at__lt=period.end_at)


def closed_final(period: Period):
    return closed(period).filter(stage=FINAL)


def average_score(prefix: str, width: int, period: Period) -> dict[str, Decimal]:
    """``{unit: mean final score}`` of the final evaluations closed in the period: one grouped query for the sum
    and the number, divided exactly and rounded once, half up, to one decimal (the scoring's rule)."""
    grouped = (closed_final(period).filter(code_range(prefix, "region_id")).order_by()
               .annotate(_unit=Substr("region_id", 1, width)).values("_unit")
               .annotate(total=Sum("final_score"), n=Count("id")).values_list("_unit", "total", "n"))
    return {unit: scoring.round1(Decimal(total) / n) for unit, total, n in grouped if n}


def satisfaction_mean(prefix: str, width: int, period: Period) -> dict[str, Decimal]:
    """``{unit: mean satisfaction score}`` of the surveys opened in the period that reached their minimum."""
    surveys = (SatisfactionSurvey.objects.filter(code_range(prefix, "region_id"), created_at__gte=period.start_at,
                                                 created_at__lt=period.end_at)
               .order_by().values("pk", "region_id", "min_responses")
               .annotate(n=Count("responses"), **{f"{f}_sum": Sum(f"responses__{f}") for f in SATISFACTION_FIELDS},
                         **{f"{f}_n": Count(f"responses__{f}") for f in SATISFACTION_FIELDS}))
    scores: dict[str, list[Decimal]] = defaultdict(list)
    for row in surveys:
        if not row["n"] or row["n"] < row["min_responses"]:
            continue
        total = sum(row[f"{f}_sum"] or 0 for f in SATISFACTION_FIELDS)
        answers = sum(row[f"{f}_n"] for f in SATISFACTION_FIELDS)
        score = index_score(total, answers)
        if score is not None:
            scores[row["region_id"][:width]].append(score)
    return {unit: scoring.round1(sum(values) / len(values)) for unit, values in scores.items()}


def closed_records(code: str, period: Period) -> str:
    return list_url("evaluation:list", region=code, status=CLOSED)


def final_records(code: str, period: Period) -> str:
    return list_url("evaluation:list", region=code, stage=FINAL, status=CLOSED)


def _graded(grade: str, label):
    return Figure(f"evaluations.grade.{grade}", format_lazy(_("Final evaluations graded {grade}"), grade=label),
                  _("Final (末期) evaluations of the unit's service projects closed in the period with this grade "
                    "(≥ 90 excellent, ≥ 80 good, ≥ 60 pass, below fail, unless the template sets other bands)."),
                  _("evaluation(s)"), rows=lambda period: closed_final(period).filter(grade=grade),
                  action="evaluation.view", higher_is_better=grade != Grade.FAIL, records=final_records)


FIGURES = (
    Figure("evaluations.closed", _("Evaluations closed"),
           _("Mid-term and final evaluations of the unit's service projects closed (scored and graded) in the "
             "period."), _("evaluation(s)"), rows=closed, action="evaluation.view", records=closed_records),
    Figure("evaluations.average_score", _("Average evaluation score"),
           _("The mean final score (out of 100) of the final (末期) evaluations of the unit's service projects closed "
             "in the period, rounded to one decimal."), _("point(s) of 100"), grouped=average_score,
           action="evaluation.view", average=True, records=final_records),
    *(_graded(grade, label) for grade, label in Grade.choices),
    Figure("evaluations.satisfaction", _("Resident satisfaction"),
           _("The mean satisfaction score (0–100) of the unit's service projects whose residents' satisfaction "
             "survey was opened in the period and has reached its minimum number of responses; each project's "
             "score is the survey's satisfaction index, (mean answer − 1) ÷ 4 × 100."), _("point(s) of 100"),
           grouped=satisfaction_mean, action="satisfaction.view", average=True),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
