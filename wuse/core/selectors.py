from wuse.access import api as access
from wuse.regions.models import Region


def unit_overview(user) -> list[dict]:
    """The units the user holds roles at, each with its path from the city (one query per unit)."""
    rows, seen = [], set()
    for grant in access.memberships(user):
        region = Region.objects.filter(code__startswith=grant.prefix).order_by("code").first()
        if region is None or region.code in seen:
            continue
        seen.add(region.code)
        rows.append({"region": region, "path": region.path(), "can_open": access.can(user, "region.view", region),
                     "roles": [
            g.role.label for g in access.memberships(user) if g.prefix == grant.prefix]})
    return rows
