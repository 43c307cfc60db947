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
from wuse.spreadsheets.export import Sheet, money, xlsx_response

from .hub import sections_for
from .linkage import CERTIFIED_TARGET, columns, linkage_summary

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
    rows, total = linkage_summary(region, year, request.user)
    shown = columns(request.user, region)
    if request.GET.get("format") == "xlsx":
        return _export(region, year, rows, total, shown)
    this_year = timezone.localdate().year
    return render(request, "registry/linkage.html", {
        "region": region, "year": year, "rows": rows, "total": total, "target": CERTIFIED_TARGET,
        "columns": shown,
        "years": range(this_year, EARLIEST_YEAR - 1, -1), "breadcrumbs": breadcrumbs(request.user, region),
    })


def _export(region: Region, year: int, rows, total, shown):
    headers = [_("Unit")] + [f"{figure.name} ({figure.unit})" if figure.unit else str(figure.name)
                             for figure in shown]

    def line(name, row):
        return [name] + [money(cell.number) if cell.figure.money else cell.number for cell in row.cells]

    body = [line(row.region.name, row) for row in rows] + [line(f"{_('Total')} · {region.name}", total)]
    filename = _("Linkage summary %(unit)s %(year)d.xlsx") % {"unit": region.name, "year": year}
    definitions = Sheet(name=_("Definitions"), headers=[_("Figure"), _("Definition")],
                        rows=[[str(figure.name), str(figure.definition)] for figure in shown])
    return xlsx_response(filename, [Sheet(name=str(year), headers=headers, rows=body), definitions])
