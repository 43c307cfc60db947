"""Indicator templates (评估指标体系): set by the city, overridden per district, per year; versioned.

A ``TemplateFamily`` is one unit's template for one year; its ``TemplateVersion`` rows are numbered 1, 2, … and
each holds the five dimensions with their weights, the sub-indicators with their maximum scores and guidance, the
grade bands and the final-score rule. An evaluation keeps the exact version it is scored with: a version that an
evaluation uses is never changed again (``services.templates.template_save`` writes the next version instead).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.regions.levels import Level
from wuse.regions.models import Region

from ..choices import DimensionCode, EvaluatorKind, FigureCode
from ..scoring import EXCELLENT, GOOD, PASS

POINTS = {"max_digits": 4, "decimal_places": 1}  # 0.0 … 100.0
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class TemplateFamily(models.Model):
    """A unit's indicator template for a year: the city's, or a district's own that overrides it."""

    ACCESS_KEY = "evaluation_template"
    ACCESS_REGION_FIELD = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"),
                               limit_choices_to={"level__in": (Level.CITY, Level.DISTRICT)})
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("template name"), max_length=100)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("copied from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-year", "region", "id"]
        verbose_name = _("indicator template")
        verbose_name_plural = _("indicator templates")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="evaltemplate_unit_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def latest(self) -> "TemplateVersion | None":
        return self.versions.order_by("-number").first()


class TemplateVersion(models.Model):
    """One version of a template: frozen once an evaluation uses it."""

    family = models.ForeignKey(TemplateFamily, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    # The final-score rule: each evaluator kind's weight in per cent; 0 = shown but not counted.
    self_weight = models.DecimalField(_("self-assessment weight (%)"), default=Decimal("0"), validators=PERCENT,
                                      **POINTS)
    street_weight = models.DecimalField(_("street evaluation weight (%)"), default=Decimal("40"), validators=PERCENT,
                                        **POINTS)
    third_party_weight = models.DecimalField(_("third-party evaluation weight (%)"), default=Decimal("60"),
                                             validators=PERCENT, **POINTS)
    # Grade bands: the lower bound of each grade; below ``pass_from`` is 不合格.
    excellent_from = models.DecimalField(_("excellent from"), default=Decimal("90"), validators=PERCENT, **POINTS)
    good_from = models.DecimalField(_("good from"), default=Decimal("80"), validators=PERCENT, **POINTS)
    pass_from = models.DecimalField(_("pass from"), default=Decimal("60"), validators=PERCENT, **POINTS)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["family", "-number"]
        verbose_name = _("indicator template version")
        verbose_name_plural = _("indicator template versions")
        constraints = [
            models.UniqueConstraint(fields=["family", "number"], name="evaltemplate_version_once"),
            models.CheckConstraint(condition=models.Q(excellent_from__gt=models.F("good_from"),
                                                      good_from__gt=models.F("pass_from"), pass_from__gt=0,
                                                      excellent_from__lte=100),
                                   name="evaltemplate_bands_order"),
            models.CheckConstraint(condition=models.Q(self_weight__gte=0, street_weight__gte=0,
                                                      third_party_weight__gte=0),
                                   name="evaltemplate_rule_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.family} v{self.number}"

    def rule(self) -> dict[str, Decimal]:
        """The final-score rule: evaluator kind → weight (%); the counted ones (> 0) add up to 100."""
        return {EvaluatorKind.SELF: self.self_weight, EvaluatorKind.STREET: self.street_weight,
                EvaluatorKind.THIRD_PARTY: self.third_party_weight}

    def bands(self) -> tuple[tuple[str, Decimal], ...]:
        return ((EXCELLENT, self.excellent_from), (GOOD, self.good_from), (PASS, self.pass_from))

    @property
    def is_used(self) -> bool:
        return self.evaluations.exists()

    def dimensions_with_indicators(self) -> list["Dimension"]:
        """The dimensions in order, each with its indicators prefetched (two queries)."""
        return list(self.dimensions.order_by("position", "id").prefetch_related(
            models.Prefetch("indicators", queryset=SubIndicator.objects.order_by("position", "id"))))


class Dimension(models.Model):
    """A first-level indicator (一级指标) and its weight (the five add up to 100)."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("dimension"), max_length=20, choices=DimensionCode.choices)
    weight = models.DecimalField(_("weight"), validators=PERCENT, **POINTS)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("indicator dimension")
        verbose_name_plural = _("indicator dimensions")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="evaldimension_once"),
            models.CheckConstraint(condition=models.Q(weight__gt=0, weight__lte=100), name="evaldimension_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.weight}"


class SubIndicator(models.Model):
    """A second-level indicator (二级指标): its maximum score, how to score it, and the computed project figure it
    may draw on."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=100)
    max_score = models.DecimalField(_("maximum score"), validators=PERCENT, **POINTS)
    guidance = models.TextField(_("how to score it"), max_length=2000, blank=True)
    figure = models.CharField(_("computed figure"), max_length=20, choices=FigureCode.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension", "position", "id"]
        verbose_name = _("sub-indicator")
        verbose_name_plural = _("sub-indicators")
        constraints = [models.CheckConstraint(condition=models.Q(max_score__gt=0, max_score__lte=100),
                                              name="evalindicator_max_score")]

    def __str__(self) -> str:
        return self.name
