"""The assessment plan (考评方案) of a year: who is assessed on what, with which weight, against which band.

``Plan``: one per year and assessing unit. The city's plan assesses the districts, and the streets and communities
of every district that has no published plan of its own; a district's plan assesses its streets and communities.
A plan is drafted, then published; only a published plan is in force (scores, manual scoring).

``Indicator``: a line of a plan, either a KPI (a figure code of ``wuse.core.figures``, its value read from the
year's ``assessment.KpiSnapshot``) or a manual indicator (a name and a description, scored by hand with evidence).
Each carries a weight per level it applies to (0: not at that level; each level's weights add up to 100) and, for a
KPI, a band per level: the value that earns full marks and the value that earns none, linear in between. A share is
entered in percent (60 for 60 %), as the pages print it. The levels are columns, not rows: a plan has at most three
levels and a form row edits them side by side.

``ManualScore``: the points a unit earned on a manual indicator (0 … the weight at its level), the note and the
evidence file the assessing unit gave.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.regions.levels import Level
from wuse.regions.models import Region

CODE_LENGTH = 100  # as assessment.models.CODE_LENGTH
LEVELS = (Level.DISTRICT, Level.STREET, Level.COMMUNITY)  # the levels a plan may weigh (its columns' suffixes)
WEIGHT = {"max_digits": 5, "decimal_places": 1}  # 0.0 … 100.0
BAND = {"max_digits": 20, "decimal_places": 4}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("in force")


class IndicatorKind(models.TextChoices):
    KPI = "kpi", _("KPI")
    MANUAL = "manual", _("manual indicator")


class Plan(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessing unit"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    ACCESS_KEY = "plan"
    ACCESS_REGION_FIELD = "region"

    class Meta:
        ordering = ["-year", "region_id"]
        verbose_name = _("assessment plan")
        verbose_name_plural = _("assessment plans")
        constraints = [models.UniqueConstraint(fields=["year", "region"], name="plan_year_region_uniq")]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}"

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels this plan weighs: the city's all three, a district's its streets and communities."""
        return LEVELS if self.region.level == Level.CITY else LEVELS[1:]

    @property
    def published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    code = models.CharField(_("figure"), max_length=CODE_LENGTH, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    weight_district = models.DecimalField(_("weight (districts)"), default=0, **WEIGHT)
    weight_street = models.DecimalField(_("weight (streets)"), default=0, **WEIGHT)
    weight_community = models.DecimalField(_("weight (communities)"), default=0, **WEIGHT)
    full_district = models.DecimalField(_("full marks at (districts)"), null=True, blank=True, **BAND)
    zero_district = models.DecimalField(_("no marks at (districts)"), null=True, blank=True, **BAND)
    full_street = models.DecimalField(_("full marks at (streets)"), null=True, blank=True, **BAND)
    zero_street = models.DecimalField(_("no marks at (streets)"), null=True, blank=True, **BAND)
    full_community = models.DecimalField(_("full marks at (communities)"), null=True, blank=True, **BAND)
    zero_community = models.DecimalField(_("no marks at (communities)"), null=True, blank=True, **BAND)

    class Meta:
        ordering = ["plan_id", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind="manual") | ~models.Q(code=""), name="plan_kpi_has_code"),
            models.CheckConstraint(condition=models.Q(kind="kpi") | ~models.Q(name=""), name="plan_manual_has_name"),
        ]

    def __str__(self) -> str:
        return self.code or self.name

    def weight(self, level: str):
        return getattr(self, f"weight_{level}")

    def band(self, level: str):
        """(full marks at, no marks at) of ``level``."""
        return getattr(self, f"full_{level}"), getattr(self, f"zero_{level}")

    @property
    def manual(self) -> bool:
        return self.kind == IndicatorKind.MANUAL


def _evidence_path(instance, filename: str) -> str:
    """A random name: the uploaded file's name never reaches the disk or a URL."""
    return f"assessment/plans/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class ManualScore(models.Model):
    EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "text/plain": "txt"}

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    points = models.DecimalField(_("points scored"), **WEIGHT)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    file = models.FileField(_("evidence"), upload_to=_evidence_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=30, blank=True)
    size = models.PositiveIntegerField(default=0)
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(_("scored"), default=timezone.now)

    ACCESS_KEY = "plan"
    ACCESS_REGION_FIELD = "region"

    class Meta:
        verbose_name = _("manual score")
        verbose_name_plural = _("manual scores")
        constraints = [models.UniqueConstraint(fields=["indicator", "region"], name="plan_score_unit_uniq")]
        indexes = [models.Index(fields=["region", "indicator"], name="plan_score_region_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.points}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")
