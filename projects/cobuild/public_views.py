"""The public pages of the co-building lists (公示, no account): a community's published lists by period, and one
list's units, resources, quantities and fulfilment. Units' public names only: no contact person, phone or staff."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from wuse.core.pagination import paginate
from wuse.public.pages import public_headers
from wuse.regions.levels import Level
from wuse.regions.models import Region

from . import selectors
from .forms import PublicFilterForm
from .models import CobuildList, summarize


def public_community(request, code: str):
    community = get_object_or_404(Region, code=code, level=Level.COMMUNITY)
    form = PublicFilterForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    page = paginate(request, selectors.public_lists(community, year=year))
    return public_headers(render(request, "cobuild/public_index.html", {
        "community": community, "path": community.path(), "page": page, "form": form,
    }))


def public_list(request, code: str, pk: int):
    try:
        cobuild_list = selectors.public_lists_all().select_related("region").get(pk=pk, region_id=code)
    except CobuildList.DoesNotExist:
        raise Http404 from None
    pledges = list(selectors.public_pledges(cobuild_list))
    return public_headers(render(request, "cobuild/public.html", {
        "object": cobuild_list, "pledges": pledges, "summary": summarize(pledges),
        "path": cobuild_list.region.path(),
    }))
