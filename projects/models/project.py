"""The project (项目书): a community's (or a street's, across its communities) service project, its needs and
the review threshold of its district."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from needs.models import Need
from wuse.core.models import Tracked
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization

from ..choices import FocusArea, LinkageMode, Vehicle
from ..workflow import EDITABLE_STATES, PROJECT_PROCESS

MAX_TEXT = 5000
MAX_HEADCOUNT = 1_000_000
MONEY = {"max_digits": 12, "decimal_places": 2}
# Above this total budget (yuan) a project is also reviewed by the district, unless the district set its own.
DEFAULT_THRESHOLD = Decimal("100000.00")


def default_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "WUSE_PROJECT_REVIEW_THRESHOLD", DEFAULT_THRESHOLD)))


def district_code(code: str) -> str:
    return code[:6].ljust(12, "0")


class ProjectQuerySet(models.QuerySet):
    def for_table(self) -> "ProjectQuerySet":
        return self.select_related("region", "undertaker").only(
            "id", "code", "title", "status", "year", "vehicle", "focus_area", "linkage_mode", "total_budget",
            "created_at", "period_start", "period_end",
            "region__code", "region__name", "region__level", "undertaker__id", "undertaker__name")

    def for_detail(self) -> "ProjectQuerySet":
        return self.select_related("region", "undertaker", "created_by", "approved_by", "copied_from")


class Project(Tracked):
    """A service project: the plan (项目书) designed with residents, its review and its delivery."""

    ACCESS_KEY = "project"
    ACCESS_REGION_FIELD = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"),
                               limit_choices_to={"level__in": (Level.COMMUNITY, Level.STREET)})
    code = models.CharField(_("project no."), max_length=40, unique=True, editable=False)
    seq = models.PositiveIntegerField(editable=False)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=100)
    status = models.CharField(_("status"), max_length=20, choices=PROJECT_PROCESS.choices,
                              default=PROJECT_PROCESS.initial)
    vehicle = models.CharField(_("how it is published"), max_length=20, choices=Vehicle.choices,
                               default=Vehicle.DIRECT)
    focus_area = models.CharField(_("focus area"), max_length=30, choices=FocusArea.choices)
    background = models.TextField(_("background"), max_length=MAX_TEXT, blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    planned_headcount = models.PositiveIntegerField(_("people to serve"), null=True, blank=True,
                                                    validators=[MaxValueValidator(MAX_HEADCOUNT)])
    objectives = models.TextField(_("objectives (SMART)"), max_length=MAX_TEXT, blank=True)
    linkage_mode = models.CharField(_("linkage mode"), max_length=20, choices=LinkageMode.choices)
    risk_plan = models.TextField(_("risks and how they are handled"), max_length=MAX_TEXT, blank=True)
    period_start = models.DateField(_("starts"), null=True, blank=True)
    period_end = models.DateField(_("ends"), null=True, blank=True)
    # Kept equal to the sum of the budget lines by the services (the form asks for both and compares them).
    total_budget = models.DecimalField(_("total budget (yuan)"), default=Decimal("0"), **MONEY)
    # Indexed by project_undertaker_region_idx (led by it): "my projects", and which organizations undertake
    # projects in a unit (the list's filter) probe it per organization within the unit's range.
    undertaker = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, db_index=False,
                                   related_name="undertaken_projects", verbose_name=_("undertaking organization"))
    undertaken_at = models.DateTimeField(_("undertaken"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    return_reason = models.TextField(_("returned for"), blank=True)
    reject_reason = models.TextField(_("why it was not approved"), blank=True)
    suspended_from = models.CharField(max_length=20, blank=True, editable=False)
    suspend_reason = models.TextField(_("why it is suspended"), blank=True)
    terminate_reason = models.TextField(_("why it was terminated"), blank=True)
    funds_to_recover = models.DecimalField(_("funds to recover (yuan)"), default=Decimal("0"), **MONEY)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("copied from"))

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")
        indexes = [
            models.Index(fields=["region", "created_at", "id"], name="project_region_created_idx"),
            models.Index(fields=["created_at", "id"], name="project_created_idx"),  # wide scopes: city, district
            models.Index(fields=["region", "status", "created_at", "id"], name="project_region_status_idx"),
            models.Index(fields=["status", "created_at", "id"], name="project_status_created_idx"),
            models.Index(fields=["undertaker", "status"], name="project_undertaker_idx"),
            models.Index(fields=["undertaker", "region"], name="project_undertaker_region_idx"),
            models.Index(fields=["year", "region"], name="project_year_region_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "seq"], name="project_unique_seq"),
            models.CheckConstraint(condition=models.Q(total_budget__gte=0), name="project_budget_not_negative"),
            models.CheckConstraint(condition=models.Q(funds_to_recover__gte=0), name="project_recover_not_negative"),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True) | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")), name="project_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def status_label(self):
        return PROJECT_PROCESS.label(self.status)

    @property
    def is_editable(self) -> bool:
        """The plan is edited directly (before approval, or once returned); afterwards by change request."""
        return self.status in EDITABLE_STATES

    @property
    def is_street_project(self) -> bool:
        return self.region.level == Level.STREET

    @property
    def district(self) -> str:
        return district_code(self.region_id)

    def lines_total(self) -> Decimal:
        return self.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")

    def review_threshold(self) -> Decimal:
        """The total budget above which the district reviews too: the district's own, else the default."""
        amount = ReviewThreshold.objects.filter(district_id=self.district).values_list("amount", flat=True).first()
        return default_threshold() if amount is None else amount

    def linkable_units(self) -> tuple[str, str]:
        """The closed range of community codes whose needs the project may link: its own community, or every
        community of its street."""
        prefix = self.region.prefix
        return prefix.ljust(12, "0"), prefix.ljust(12, "9")


class ProjectNeed(models.Model):
    """A listed need the project answers. A need is in one live project at a time; a link is released (kept,
    for the record) when the project ends before delivery and the need returns to the needs list."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="need_links")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="+", verbose_name=_("need"))
    released = models.BooleanField(_("returned to the needs list"), default=False)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("need of a project")
        verbose_name_plural = _("needs of projects")
        constraints = [
            models.UniqueConstraint(fields=["need"], condition=models.Q(released=False), name="projectneed_live_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} ↔ {self.need_id}"


class ReviewThreshold(models.Model):
    """A district's review threshold: a project with a larger total budget is also reviewed by the district."""

    district = models.OneToOneField(Region, on_delete=models.CASCADE, primary_key=True, related_name="+",
                                    verbose_name=_("district"), limit_choices_to={"level": Level.DISTRICT})
    amount = models.DecimalField(_("district review above (yuan)"), **MONEY)

    class Meta:
        verbose_name = _("project review threshold")
        verbose_name_plural = _("project review thresholds")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="threshold_not_negative")]

    def __str__(self) -> str:
        return f"{self.district_id}: {self.amount}"
