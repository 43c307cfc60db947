from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from wuse.access import api as access
from wuse.regions.models import Region

from .pagination import paginate
from .selectors import unit_overview


@login_required
def home(request):
    return render(request, "core/home.html", {"units": unit_overview(request.user)})


@login_required
def region_detail(request, code: str):
    region = access.get_for_user(request.user, Region, code=code)
    children = paginate(request, Region.objects.filter(parent=region).order_by("code"))
    return render(request, "core/region_detail.html", {
        "region": region, "breadcrumbs": region.path(), "children": children,
    })
