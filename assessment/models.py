"""The annual assessment's data (年度考评): the KPI snapshot of a year, written by the roll-up, and its runs.

``KpiSnapshot`` holds one row per unit × year × figure code: every figure of the registry
(``wuse.core.figures``) counted for every unit of every level, each at its own level. Pages read these rows
only, never the records behind them. ``RollupRun`` says when each roll-up ran, who (or the nightly beat) started
it, from what data (``as_of``: the moment its one transaction read the records) and how it ended.

Room left for what comes next (not built here): an assessment plan per year and level (KPI weights, target
bands, manual indicators), bottom-up approvals that lock a level (the roll-up will then leave a locked unit's
rows alone: ``level`` is on every row for that and for ranks per level) and scores and ranks per level, which
will refer to these rows by (year, region, code).
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
