"""The dashboards' own data: a few figures of every unit per month of a year (``MonthlyFigure``), for the trend
charts.

Written by the roll-up (``services.write_trends``, registered with ``assessment.services.register_after_rollup``)
inside the snapshot's transaction, from the same data: a killed roll-up leaves the previous months whole, a rerun
gives the same rows. Only values other than zero are stored (a month without a record has no row, and reads as
0), so a year costs units × months × figures with something counted, not 3,530 × 12 × figures.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models import CODE_LENGTH, DIGITS, PLACES
from wuse.regions.levels import Level
from wuse.regions.models import Region


class MonthlyFigure(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("figure"), max_length=CODE_LENGTH)
    value = models.DecimalField(_("value"), max_digits=DIGITS, decimal_places=PLACES)

    ACCESS_KEY = "dashboard"
    ACCESS_REGION_FIELD = "region"

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        # A unit's year (the trend chart reads it through this index: one range of at most 12 × figures rows).
        constraints = [models.UniqueConstraint(fields=["region", "year", "code", "month"],
                                               name="monthly_figure_unit_uniq")]
        indexes = [models.Index(fields=["year"], name="monthly_figure_year_idx")]  # a roll-up replaces a year

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.region_id} {self.code}"
