"""The 不合格 mark: an undertaking organization whose project's final evaluation closed with the grade *fail*.

DOMAIN.md §6: 不合格 loses eligibility for next year's projects. A call for year ``Y + 1`` asks
``failed_undertakers(Y)`` which organizations to bar; the rectification pages and the project's 整改 tab show
``undertaker_marks`` beside an owner organization. Both read the closed final evaluations (``evaluation.Evaluation``:
stage final, state closed, grade fail) and their projects' undertakers, live: an evaluation reopened (its result
cleared) or closed again with a passing grade removes the mark at once, with nothing to keep in step.

The mark is a fact about an organization across the installation (a district bars an organization that failed
in another district), as published results are, not a record of a unit: it names the project, its year and the
final score, nothing more."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from evaluation.choices import Grade, Stage
from evaluation.models import Evaluation
from evaluation.workflow import CLOSED


@dataclass(frozen=True)
class Mark:
    organization_id: int
    evaluation_id: int
    project_code: str
    project_title: str
    year: int
    final_score: Decimal | None


def failed_evaluations() -> QuerySet:
    """The closed final evaluations graded *fail* of projects with an undertaker."""
    return Evaluation.objects.filter(stage=Stage.FINAL, status=CLOSED, grade=Grade.FAIL,
                                     project__undertaker__isnull=False)


def failed_undertakers(year: int) -> frozenset[int]:
    """The ids of the organizations that undertook a project of ``year`` whose final evaluation failed (one
    query): a call for the next year bars them."""
    return frozenset(failed_evaluations().filter(project__year=year)
                     .values_list("project__undertaker_id", flat=True).distinct())


def undertaker_marks(organization_ids: Iterable[int | None]) -> dict[int, list[Mark]]:
    """Each of ``organization_ids`` that carries a mark → its marks, latest year first (one query; none for an
    empty list)."""
    wanted = sorted({pk for pk in organization_ids if pk})
    if not wanted:
        return {}
    rows = (failed_evaluations().filter(project__undertaker_id__in=wanted)
            .order_by("-project__year", "-closed_at", "-id")
            .values_list("project__undertaker_id", "pk", "project__code", "project__title", "project__year",
                         "final_score"))
    marks: dict[int, list[Mark]] = {}
    for organization_id, pk, code, title, year, score in rows:
        marks.setdefault(organization_id, []).append(Mark(organization_id, pk, code, title, year, score))
    return marks
