"""The public 公示 page of a community's projects: no account, no personal data."""

from django.shortcuts import get_object_or_404, render

from wuse.core.pagination import paginate
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .. import selectors
from ..rows import public_rows


def public_community(request, code: str):
    community = get_object_or_404(Region, code=code, level=Level.COMMUNITY)
    page = paginate(request, selectors.public_projects(community))
    return render(request, "projects/public.html", {"community": community, "path": community.path(), "page": page,
                                                    "rows": public_rows(page.object_list)})
