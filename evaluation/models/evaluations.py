"""An evaluation of a project at a stage (中期 / 末期), scored against one template version by up to three
evaluators — the undertaker's self-assessment, the street, a third party — each on an ``Assignment`` of their own
with their ``Score`` rows and findings, kept apart until the evaluation is closed (``selectors.visible_scores``).

The aggregates the annual roll-up reads are plain columns: ``final_score`` and ``grade`` on the evaluation, each
score a row (evaluation → assignment → score → indicator → dimension), so a year's results group in SQL.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from wuse.core.models import Tracked
from wuse.regions.models import Region

from ..choices import EvaluatorKind, Grade, Stage
from ..workflow import EVALUATION_PROCESS
from .templates import POINTS, SubIndicator, TemplateVersion

MAX_TEXT = 5000


class EvaluationQuerySet(models.QuerySet):
    def for_table(self) -> "EvaluationQuerySet":
        return self.select_related("project", "region", "template__family")


class Evaluation(Tracked):
    ACCESS_KEY = "evaluation"
    ACCESS_REGION_FIELD = "region"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="evaluations",
                                verbose_name=_("service project"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False,
                               verbose_name=_("unit"))  # the project's unit, copied: scoped like the project
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    template = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="evaluations",
                                 verbose_name=_("indicator template"))
    status = models.CharField(_("status"), max_length=20, choices=EVALUATION_PROCESS.choices,
                              default=EVALUATION_PROCESS.initial)
    final_score = models.DecimalField(_("final score"), null=True, blank=True, **POINTS)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    reopen_reason = models.TextField(_("reopened because"), max_length=1000, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        # The third-party evaluator's object grant (django-guardian), given with the assignment.
        permissions = [("evaluate_evaluation", "Score an evaluation as its assigned third-party evaluator")]
        indexes = [
            models.Index(fields=["region", "created_at", "id"], name="evaluation_region_created_idx"),
            models.Index(fields=["status", "created_at", "id"], name="evaluation_status_idx"),
            # the list's wide scopes (a district beyond its few units, the city) read in this order (bench: the
            # city's page 1 was a sequential scan and a sort of every evaluation, 84 ms at 85k; 16 ms with it)
            models.Index(fields=["created_at", "id"], name="evaluation_created_idx"),
            # rectification.marks: the closed final evaluations graded 不合格
            models.Index(fields=["project"], condition=models.Q(stage="final", status="closed", grade="fail"),
                         name="evaluation_failed_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="evaluation_once_per_stage"),
            models.CheckConstraint(condition=models.Q(final_score__isnull=True)
                                   | models.Q(final_score__gte=0, final_score__lte=100),
                                   name="evaluation_final_score_range"),
            models.CheckConstraint(condition=~models.Q(status="closed")
                                   | models.Q(final_score__isnull=False) & ~models.Q(grade=""),
                                   name="evaluation_closed_has_result"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()}"

    @property
    def status_label(self):
        return EVALUATION_PROCESS.label(self.status)

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


class Assignment(models.Model):
    """One evaluator's part: who, their declaration of no conflict of interest, their findings, their submission."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(_("evaluation by"), max_length=20, choices=EvaluatorKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("evaluator"))
    declared_at = models.DateTimeField(_("no conflict of interest declared"), null=True, blank=True)
    findings = models.TextField(_("findings"), max_length=MAX_TEXT, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        ordering = ["evaluation", "kind", "id"]
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        indexes = [models.Index(fields=["user", "evaluation"], name="evalassignment_user_idx")]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "kind"], name="evalassignment_once_per_kind"),
            models.CheckConstraint(condition=models.Q(submitted_at__isnull=True) | models.Q(kind="self")
                                   | models.Q(declared_at__isnull=False), name="evalassignment_declared_first"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.get_kind_display()}"

    @property
    def needs_declaration(self) -> bool:
        """Everyone but the undertaker declares no conflict of interest before scoring."""
        return self.kind != EvaluatorKind.SELF


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(SubIndicator, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("indicator"))
    value = models.DecimalField(_("score"), **POINTS)
    note = models.CharField(_("why this score"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment", "indicator"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "indicator"], name="evalscore_once"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="evalscore_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"
