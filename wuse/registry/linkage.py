"""The five-society linkage summary: per unit and year, what each society brought.

For a unit the user may see and a year, one row per child unit (districts of the city, streets of a
district, communities of a street) plus the unit's own row, with the figures of ``COLUMNS`` — each declared
once in the figure registry (``wuse.core.figures``; the societies' ``figures.py``) with its definition:

- social organizations linked to the unit, social workers certified, the certified share of full-time
  community workers (Zhejiang: ≥ 60 %);
- volunteers registered, volunteers who served in the year, verified service hours;
- time-bank hours and charity points credited in the year;
- donations received in the year (money, goods and services), committed and used;
- after them, the figures a later step declares with ``Figure(linkage=order)`` (the projects step: projects
  delivered per linkage mode, their activities and the residents taking part), for a viewer who may see them.

Every figure is counted at the level of its row, never added up from the rows below: a volunteer who
served in two communities is one volunteer of the street, an organization serving two streets is one
organization of the district. A record kept at a unit above the rows (a street's own station, an
organization serving a whole street) counts in that unit's row only. Each figure is one grouped query for
the rows and one for the unit (a constant number of queries whatever the number of units).
"""

from wuse.core.figures import FigureRow, Period, figure, figure_table, linkage_figures
from wuse.regions.models import Region

from .organizations.figures import CERTIFIED_TARGET

COLUMNS = (
    "organizations.linked", "social_workers.certified", "community_workers.certified_share",
    "volunteers.registered", "volunteers.served", "volunteers.hours", "ledger.time_bank_hours", "ledger.points",
    "charity.money", "charity.goods_value", "charity.donations", "charity.committed", "charity.used",
)
__all__ = ["CERTIFIED_TARGET", "COLUMNS", "columns", "linkage_summary"]


def columns(user=None, region: Region | None = None):
    """The summary's figures: the registry's own, then the steps' (those ``user`` may see at ``region``;
    without a user, all of them)."""
    return [figure(code) for code in COLUMNS] + linkage_figures(user, region)


def linkage_summary(region: Region, year: int, user=None) -> tuple[list[FigureRow], FigureRow]:
    """(one row per child unit, the unit's own row) for ``year``, with ``columns(user, region)``. The caller
    authorizes ``region``."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    codes = [f.code for f in columns(user, region)]
    return figure_table(codes, region, children, Period.year(year))
