"""Reads of the core's own pages: the home page (工作台)."""

from django.utils import timezone

from wuse.access import api as access
from wuse.regions.levels import PREFIX_LENGTH
from wuse.regions.models import Region

from . import figures
from .home import panels_for, queues_for, shortcuts_for


def unit_overview(user, *, year: int | None = None) -> list[dict]:
    """The units the user holds roles at (memberships read once, the units and their paths in one query),
    each with its path from the top, the user's roles there and the unit's key figures for ``year``."""
    grants = access.memberships(user)
    codes = list(dict.fromkeys(grant.prefix.ljust(12, "0") for grant in grants))
    if not codes:
        return []
    wanted = set(codes) | {prefix[:length].ljust(12, "0") for prefix in {g.prefix for g in grants}
                           for length in PREFIX_LENGTH.values() if length < len(prefix)}
    found = {region.code: region for region in Region.objects.filter(code__in=wanted)}
    year = year or timezone.localdate().year
    rows = []
    for code in codes:
        region = found.get(code)
        if region is None:
            continue
        path = [found[c] for c in region.ancestor_codes() if c in found] + [region]
        codes_here = [f.code for f in figures.home_figures(user, region)]
        rows.append({
            "region": region, "path": path, "can_open": access.can(user, "region.view", region),
            "roles": [g.role.label for g in grants if g.prefix.ljust(12, "0") == code],
            "year": year,
            "figures": figures.unit_values(codes_here, region, figures.Period.year(year)).cells if codes_here else [],
        })
    return rows


def home_page(user) -> dict:
    """Everything the home page shows for ``user``: a constant number of queries whatever the data size
    (one per queue count and per figure, memberships read once)."""
    return {
        "panels": panels_for(user),
        "queues": queues_for(user),
        "shortcuts": shortcuts_for(user),
        "units": unit_overview(user),
    }
