"""The annual assessment's data (年度考评): the KPI snapshot of a year, written by the roll-up, and its runs.

``KpiSnapshot`` holds one row per unit × year × figure code: every figure of the registry
(``wuse.core.figures``) counted for every unit of every level, each at its own level. Pages read these rows
only, never the records behind them. ``RollupRun`` says when each roll-up ran, who (or the nightly beat) started
it, from what data (``as_of``: the moment its one transaction read the records) and how it ended.

``Approval`` is the level above's confirmation (审核确认) of one unit's figures for a year: a street confirms
each of its communities, a district each of its streets, the city each of its districts (the top unit has none).
An approved unit is locked: the roll-up leaves its rows of that year as they are. One row per (year, unit),
enforced by a unique constraint so two approvals given at once leave one. An unlock deletes the row (and those
of the levels above it); ``ApprovalEvent`` keeps the history of both — who, when, and an unlock's reason — and
the unit page shows it. Both are also in the audit log.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.regions.levels import Level
from wuse.regions.models import Region

CODE_LENGTH = 100  # a figure's code ("community_workers.certified_share")
# Values keep four decimals: counts and money (two) exactly, averages rounded half up.
DIGITS, PLACES = 20, 4


class Trigger(models.TextChoices):
    BEAT = "beat", _("nightly schedule")
    BUTTON = "button", _("started by hand")
    DEMO = "demo", _("demo set-up")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    INTERRUPTED = "interrupted", _("interrupted")


BADGES = {RunStatus.RUNNING: "text-bg-info", RunStatus.DONE: "text-bg-success", RunStatus.FAILED: "text-bg-danger",
          RunStatus.INTERRUPTED: "text-bg-warning"}


class RollupRun(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("user"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING)
    rows = models.PositiveIntegerField(_("rows written"), default=0)
    figures = models.PositiveSmallIntegerField(_("figures"), default=0)
    # The moment the records were read: the start of the run's one transaction (every figure reads the same data).
    as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("roll-up run")
        verbose_name_plural = _("roll-up runs")
        indexes = [models.Index(fields=["year", "-started_at"], name="rollup_run_year_idx")]
        constraints = [
            # Two roll-ups of a year never run together (the service refuses the second before this is reached).
            models.UniqueConstraint(fields=["year"], condition=Q(status="running"), name="rollup_run_one_running"),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.started_at:%Y-%m-%d %H:%M} · {self.status}"

    @property
    def badge(self) -> str:
        """The Bootstrap class of the run's status badge."""
        return BADGES[self.status]


class KpiSnapshot(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("figure"), max_length=CODE_LENGTH)
    # A ratio's share (part ÷ whole, three decimals), or None when its whole is zero (nothing to measure).
    value = models.DecimalField(_("value"), max_digits=DIGITS, decimal_places=PLACES, null=True, blank=True)
    part = models.DecimalField(_("part"), max_digits=DIGITS, decimal_places=PLACES, null=True, blank=True)
    whole = models.DecimalField(_("whole"), max_digits=DIGITS, decimal_places=PLACES, null=True, blank=True)
    run = models.ForeignKey(RollupRun, on_delete=models.PROTECT, related_name="+", db_index=False)

    ACCESS_KEY = "assessment"
    ACCESS_REGION_FIELD = "region"

    class Meta:
        verbose_name = _("KPI snapshot")
        verbose_name_plural = _("KPI snapshots")
        constraints = [models.UniqueConstraint(fields=["year", "region", "code"], name="kpi_snapshot_unit_uniq")]
        # A year's figure across units (ranks of a level, later), beside the unique index (a unit's figures).
        indexes = [models.Index(fields=["year", "code", "region"], name="kpi_snapshot_figure_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id} {self.code}"


class ApprovalKind(models.TextChoices):
    APPROVED = "approved", _("approval given")
    UNLOCKED = "unlocked", _("unlocked")
    # Removed because a unit below it was unlocked (the unlock re-opens the levels above).
    REOPENED = "reopened", _("re-opened by an unlock below")


REASON_LENGTH = 1000  # an unlock's reason: a few sentences, bounded


class Approval(models.Model):
    """A unit's figures of a year confirmed by the level above (see the module's docstring)."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    ACCESS_KEY = "assessment"
    ACCESS_REGION_FIELD = "region"

    class Meta:
        ordering = ["year", "region_id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        # The unique index (year, region) also serves "every approval of a year" and a subtree's prefix range.
        constraints = [models.UniqueConstraint(fields=["year", "region"], name="assessment_approval_unit_uniq")]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}"


class ApprovalEvent(models.Model):
    """One approval or unlock of a unit's year, kept after the approval itself is gone."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("event"), max_length=10, choices=ApprovalKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=REASON_LENGTH, blank=True)
    # For a re-opening: the unit whose unlock caused it.
    cause = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("unlocked unit"))

    ACCESS_KEY = "assessment"
    ACCESS_REGION_FIELD = "region"

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")
        indexes = [models.Index(fields=["region", "year", "-at"], name="approval_event_unit_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id} {self.kind}"
