from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.regions.models import Region
from wuse.spreadsheets.export import Sheet, xlsx_response

from .hub import sections_for
from .linkage import CERTIFIED_TARGET, linkage_summary

EARLIEST_YEAR = 2020


@login_required
def home(request):
    return render(request, "registry/home.html", {"sections": sections_for(request.user)})


def _year(request) -> int:
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    if not raw:
        return this_year
    if not (raw.isascii() and raw.isdigit() and EARLIEST_YEAR <= int(raw) <= this_year):
        raise Http404
    return int(raw)


def _unit(request) -> Region:
    """The unit asked for (``?region=``), or the user's own first unit."""
    if not access.has_action(request.user, "organization.view"):
        raise PermissionDenied
    region = region_from_query(request)
    if region is None:
        _global, prefixes = access.prefixes(request.user, "organization.view")
        if not prefixes:
            raise PermissionDenied
        region = Region.objects.get(code=prefixes[0].ljust(12, "0"))
    if not access.can(request.user, "organization.view", region):
        raise PermissionDenied
    return region


@login_required
def linkage(request):
    region, year = _unit(request), _year(request)
    rows, total = linkage_summary(region, year)
    if request.GET.get("format") == "xlsx":
        return _export(region, year, rows, total)
    this_year = timezone.localdate().year
    return render(request, "registry/linkage.html", {
        "region": region, "year": year, "rows": rows, "total": total, "target": CERTIFIED_TARGET,
        "years": range(this_year, EARLIEST_YEAR - 1, -1), "breadcrumbs": breadcrumbs(request.user, region),
    })


def _export(region: Region, year: int, rows, total):
    headers = [_("Unit"), _("Social organizations"), _("Certified social workers"), _("Full-time community workers"),
               _("Certified community workers"), _("Certified share"), _("Volunteers"), _("Volunteers who served"),
               _("Verified service hours"), _("Time-bank hours credited"), _("Charity points credited"),
               _("Donated money (yuan)"), _("Donated goods and services (yuan)"), _("Donations"),
               _("Committed (yuan)"), _("Used (yuan)")]

    def line(row):
        share = row.certified_share
        return [row.region.name, row.organizations, row.certified_workers, row.community_workers,
                row.certified_community_workers, "" if share is None else float(share), row.volunteers,
                row.volunteers_served, row.hours, row.time_bank_hours, row.points, row.money, row.goods_value,
                row.donations, row.committed, row.used]

    body = [line(row) for row in rows] + [[_("Total")] + line(total)[1:]]
    filename = _("Linkage summary %(unit)s %(year)d.xlsx") % {"unit": region.name, "year": year}
    return xlsx_response(filename, [Sheet(name=str(year), headers=headers, rows=body)])
