from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from wuse.access import api as access
from wuse.audit.models import Outcome
from wuse.audit.services import audit_record
from wuse.regions.models import Region

from .pagination import paginate
from .selectors import home_page
from .shell import breadcrumbs, region_links_for


@login_required
def home(request):
    return render(request, "core/home.html", home_page(request.user))


@login_required
def region_detail(request, code: str):
    region = access.get_for_user(request.user, Region, code=code)
    children = paginate(request, Region.objects.filter(parent=region).order_by("code"))
    return render(request, "core/region_detail.html", {
        "region": region, "breadcrumbs": breadcrumbs(request.user, region), "children": children,
        "links": region_links_for(request.user, region),
    })


def permission_denied(request, exception=None):
    """403 page; every refusal is audited (path and method only)."""
    audit_record(action="access.denied", target=None, outcome=Outcome.DENIED,
                 detail={"path": request.path[:200], "method": request.method})
    return render(request, "403.html", status=403)
