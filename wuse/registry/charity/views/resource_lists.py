"""Pages of the resource list (资源清单): staff pages per community and year, publishing, and the public
page (公示) without an account that shows the latest published version — no personal data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .. import resource_lists, selectors
from ..errors import CharityError
from ..forms import YearForm
from ..models import ResourceList
from . import NS

MIN_YEAR = 2000


@login_required
def resource_list_index(request):
    if not access.has_action(request.user, "resource_list.view"):
        raise PermissionDenied
    form = YearForm(request.GET or None)
    year = form.chosen_year()
    return render(request, "charity/resource_list_index.html", {
        "form": form, "year": year,
        "units": paginate(request, selectors.units_with_donations(request.user, year)),
    })


def _community(request, code: str, year: int, action: str = "resource_list.view") -> Region:
    """The community of the page, 404 when missing or out of the user's scope, 403 without ``action``."""
    if not MIN_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    community = access.get_for_user(request.user, Region.objects.filter(level=Level.COMMUNITY), code=code)
    probe = ResourceList(region=community, year=year)
    if not access.can(request.user, "resource_list.view", probe):
        raise Http404
    if action != "resource_list.view" and not access.can(request.user, action, probe):
        raise PermissionDenied
    return community


def _detail_context(request, community, year) -> dict:
    rows = resource_lists.resource_rows(community.code, year)
    versions = list(ResourceList.objects.filter(region=community, year=year).select_related("published_by")
                    .defer("items").order_by("-number"))
    return {
        "community": community, "year": year, "rows": resource_lists.labelled(rows),
        "totals": resource_lists.totals(rows), "versions": versions,
        "breadcrumbs": breadcrumbs(request.user, community),
        "can_publish": bool(rows) and access.can(request.user, "resource_list.publish",
                                                 ResourceList(region=community, year=year)),
    }


@login_required
def resource_list_detail(request, code: str, year: int):
    community = _community(request, code, year)
    return render(request, "charity/resource_list_detail.html", _detail_context(request, community, year))


@login_required
@require_POST
def resource_list_publish(request, code: str, year: int):
    community = _community(request, code, year, action="resource_list.publish")
    try:
        published = resource_lists.resource_list_publish(user=request.user, region=community, year=year)
    except CharityError as exc:
        messages.error(request, str(exc))
        return render(request, "charity/resource_list_detail.html", _detail_context(request, community, year),
                      status=409)
    messages.success(request, _("Resource list published as version %(n)s.") % {"n": published.number})
    return redirect(f"{NS}:resource_list", code=code, year=year)


@login_required
def resource_list_version(request, code: str, year: int, number: int):
    community = _community(request, code, year)
    if number >= 2**31:
        raise Http404
    version = get_object_or_404(ResourceList.objects.select_related("published_by"), region=community, year=year,
                                number=number)
    return render(request, "charity/resource_list_version.html", _version_context(community, version, public=False))


def _version_context(community, version, *, public: bool) -> dict:
    return {"community": community, "year": version.year, "version": version, "public": public,
            "rows": resource_lists.labelled(version.items), "totals": resource_lists.totals(version.items),
            "path": community.path()}


# --- public 公示 page: no account, no personal data ---------------------------------------------

def public_resource_list(request, code: str, year: int):
    community = get_object_or_404(Region, code=code, level=Level.COMMUNITY)
    version = resource_lists.latest_published(code, year)
    if version is None:
        raise Http404
    return render(request, "charity/resource_list_version.html", _version_context(community, version, public=True))

