"""公益创投: a round (the unit's call with its fund, cap, timetable, criteria and panel), the organizations'
applications, each reviewer's scores, the award's tranches and the debarments that bar an organization."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuse.core.models import Tracked
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization

from .workflow import APPLICATION_PROCESS, DRAFT, ROUND_PROCESS, SUBMITTED, TRANCHE_PLANNED

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class TrancheStatus(models.TextChoices):
    PLANNED = TRANCHE_PLANNED, _("Planned")
    PAID = "paid", _("Paid")
    FROZEN = "frozen", _("Frozen")
    RECOVERED = "recovered", _("Recovered")


class Round(Tracked):
    ACCESS_KEY = "venture_round"
    ACCESS_REGION_FIELD = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=20, choices=ROUND_PROCESS.choices, default=DRAFT)
    total_fund = models.DecimalField(_("total fund (yuan)"), **MONEY)
    project_cap = models.DecimalField(_("cap per project (yuan)"), **MONEY)
    focus_areas = models.CharField(_("focus areas"), max_length=200, blank=True)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=2, default=Decimal("60"),
                                    validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    call_closes = models.DateField(_("applications close"))
    review_closes = models.DateField(_("review closes"))
    publicity_ends = models.DateField(_("publicity ends"), null=True, blank=True)
    signing_by = models.DateField(_("agreements signed by"), null=True, blank=True)
    midterm_on = models.DateField(_("mid-term evaluation"), null=True, blank=True)
    final_on = models.DateField(_("final evaluation"), null=True, blank=True)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True,
                                       verbose_name=_("review panel"))
    # The evaluation step's indicator template the round's projects are evaluated with (optional).
    evaluation_template = models.ForeignKey("evaluation.TemplateVersion", on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+", verbose_name=_("evaluation template"))

    class Meta:
        verbose_name = _("venture round")
        verbose_name_plural = _("venture rounds")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["region", "status"], name="venture_round_region_idx")]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=50)
    weight = models.PositiveSmallIntegerField(_("weight (%)"), validators=[MinValueValidator(1),
                                                                           MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Application(Tracked):
    ACCESS_KEY = "venture_application"
    ACCESS_REGION_FIELD = "region"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    title = models.CharField(_("project title"), max_length=100)
    summary = models.TextField(_("project book summary"), max_length=4000)
    requested = models.DecimalField(_("amount requested (yuan)"), **MONEY)
    status = models.CharField(_("status"), max_length=20, choices=APPLICATION_PROCESS.choices, default=SUBMITTED)
    check_reason = models.TextField(_("formal check"), blank=True)
    mean_score = models.DecimalField(_("weighted mean score"), max_digits=6, decimal_places=2, null=True,
                                     blank=True)
    min_score = models.DecimalField(_("lowest reviewer score"), max_digits=6, decimal_places=2, null=True,
                                    blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    awarded = models.DecimalField(_("amount awarded (yuan)"), default=Decimal("0"), **MONEY)
    midterm_passed = models.BooleanField(_("mid-term evaluation passed"), null=True, blank=True)
    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("project"))

    class Meta:
        verbose_name = _("venture application")
        verbose_name_plural = _("venture applications")
        ordering = ["round", "rank", "id"]
        indexes = [models.Index(fields=["round", "status"], name="venture_app_round_idx"),
                   models.Index(fields=["organization", "status"], name="venture_app_org_idx")]
        constraints = [models.UniqueConstraint(fields=["round", "organization", "title"],
                                               name="venture_app_unique_title")]

    def __str__(self):
        return self.title


class Score(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer", "criterion"],
                                               name="venture_score_unique"),
                       models.CheckConstraint(condition=models.Q(value__gte=0, value__lte=100),
                                              name="venture_score_range")]

    def __str__(self):
        return f"{self.application_id}/{self.reviewer_id}/{self.criterion_id}: {self.value}"


class Tranche(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tranches")
    seq = models.PositiveSmallIntegerField(_("tranche"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=TrancheStatus.choices,
                              default=TrancheStatus.PLANNED)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("funding tranche")
        verbose_name_plural = _("funding tranches")
        ordering = ["application", "seq"]
        constraints = [models.UniqueConstraint(fields=["application", "seq"], name="venture_tranche_unique")]

    def __str__(self):
        return f"{self.application_id}#{self.seq}"


class Debarment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    until = models.DateField(_("barred until"))
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("debarment")
        verbose_name_plural = _("debarments")
        indexes = [models.Index(fields=["organization", "until"], name="venture_debar_idx")]

    def __str__(self):
        return f"{self.organization_id} → {self.until}"
