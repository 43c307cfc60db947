"""The fixed vocabularies of evaluation: stages, evaluator kinds, the guideline's five dimensions, grades."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoring import EXCELLENT, FAIL, GOOD, PASS


class Stage(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term evaluation")
    FINAL = "final", _("Final evaluation")


class EvaluatorKind(models.TextChoices):
    SELF = "self", _("Self-assessment (undertaker)")
    STREET = "street", _("Street evaluation")
    THIRD_PARTY = "third_party", _("Third-party evaluation")


class DimensionCode(models.TextChoices):
    """The five first-level indicators of the guideline (DOMAIN.md §8), in their order."""

    MANAGEMENT = "management", _("Project management")
    FINANCE = "finance", _("Financial management")
    QUALITY = "quality", _("Service quality")
    IMPACT = "impact", _("Social benefit")
    SATISFACTION = "satisfaction", _("Resident satisfaction")


class Grade(models.TextChoices):
    EXCELLENT = EXCELLENT, _("Excellent")
    GOOD = GOOD, _("Good")
    PASS = PASS, _("Pass")
    FAIL = FAIL, _("Fail")


class FigureCode(models.TextChoices):
    """The computed project figures a sub-indicator may draw on (``evaluation.figures``): each an achieved and a
    planned number, scored by the output bands (≥ 100 % / 80 % / 60 %), except the satisfaction survey's score
    (a percentage, scored in proportion)."""

    HEADCOUNT = "headcount", _("People served against people planned")
    ACTIVITIES = "activities", _("Activities held against activities planned")
    BUDGET = "budget", _("Budget executed against the budget")
    MILESTONES = "milestones", _("Milestones done on time against all milestones")
    VOLUNTEER_HOURS = "volunteer_hours", _("Verified volunteer hours (shown, no plan to compare)")
    # Not banded: the points are the maximum × the score ÷ 100, once the survey has its minimum sample.
    SATISFACTION = "satisfaction", _("Resident satisfaction survey score")
