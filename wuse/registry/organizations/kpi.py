"""The organizations' and social workers' figures per unit, keyed by division code, read from the figure
registry (``wuse.core.figures``; declared in ``figures.py``) — no second way of computing them.

The caller authorizes: pass a prefix of units the user may see (``organization.view`` /
``social_worker.view``). Each function runs a constant number of queries whatever the number of units, and
returns ``{unit code: figure}`` keyed by the full 12-digit code of the unit at ``level`` (units with nothing
to count are absent: read them as 0). ``year``: the figures standing at the end of that year (None: now).
Records kept at a unit above ``level`` appear under that unit's own code (a street station's workers,
grouped by community, under the street's code).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from wuse.core import figures
from wuse.core.figures import Cell, Period, Share
from wuse.regions.levels import PREFIX_LENGTH, Level
from wuse.regions.models import Region

from .figures import CERTIFIED_TARGET

TARGET = float(CERTIFIED_TARGET)
SHARE = "community_workers.certified_share"
__all__ = ["TARGET", "Share", "certified_share", "certified_share_rows", "linkage_counts"]


@dataclass(frozen=True)
class UnitFigures:
    organizations_registered: int = 0
    organizations_serving: int = 0
    certified_social_workers: int = 0
    community_workers: int = 0
    certified_community_workers: int = 0


def period_of(year: int | None) -> Period:
    if year is not None:
        return Period.year(year)
    today = timezone.localdate()
    return Period(dt.date(1900, 1, 1), today + dt.timedelta(days=1))


def _by_code(code: str, prefix: str, level: str, year: int | None) -> dict:
    values = figures.compute([code], prefix, PREFIX_LENGTH[level], period_of(year))[code]
    return {key.ljust(12, "0"): value for key, value in sorted(values.items())}


def certified_share(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None) -> dict[str, Share]:
    """Certified full-time community workers per unit: ``{code: Share(certified, total)}``."""
    return _by_code(SHARE, prefix, level, year)


def certified_share_rows(top: Region, children: list[Region], *, year: int | None = None
                        ) -> list[tuple[Region, Cell]]:
    """``[(unit, Cell)]``: ``top`` and then each of ``children`` (units just below it), each counted at its
    own level (a constant number of queries)."""
    rows, total = figures.figure_table([SHARE], top, children, period_of(year))
    return [(row.region, row.cells[0]) for row in [total, *rows]]


def organizations_registered(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None) -> dict[str, int]:
    return _by_code("organizations.registered", prefix, level, year)


def organizations_serving(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None) -> dict[str, int]:
    return _by_code("organizations.serving", prefix, level, year)


def certified_social_workers(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None
                             ) -> dict[str, int]:
    return _by_code("social_workers.certified", prefix, level, year)


def community_workers(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None) -> dict[str, int]:
    return _by_code("community_workers.total", prefix, level, year)


def linkage_counts(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None
                   ) -> dict[str, UnitFigures]:
    """Every figure above per unit at ``level`` under ``prefix``."""
    registered = organizations_registered(prefix, level=level, year=year)
    served = organizations_serving(prefix, level=level, year=year)
    certified = certified_social_workers(prefix, level=level, year=year)
    shares = certified_share(prefix, level=level, year=year)
    codes = set(registered) | set(served) | set(certified) | set(shares)
    return {code: UnitFigures(
        organizations_registered=registered.get(code, 0), organizations_serving=served.get(code, 0),
        certified_social_workers=certified.get(code, 0), community_workers=shares.get(code, Share()).whole,
        certified_community_workers=shares.get(code, Share()).part) for code in sorted(codes)}
