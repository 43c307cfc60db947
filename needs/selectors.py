from django.db.models import Count

from wuse.access import api as access
from wuse.regions.models import Region

from .models import Need
from .workflow import NEED_PROCESS


def needs_for_user(user, *, status: str = "", region: Region | None = None):
    needs = access.scoped(user, "need.view", Need.objects.for_table())
    if status in dict(NEED_PROCESS.choices):
        needs = needs.filter(status=status)
    if region is not None:
        needs = needs.filter(community__code__startswith=region.prefix)
    return needs.order_by("-created_at", "-id")


def status_counts(needs) -> list[tuple[str, str, int]]:
    counts = dict(needs.order_by().values_list("status").annotate(n=Count("id")))
    return [(code, label, counts.get(code, 0)) for code, label in NEED_PROCESS.choices]


def communities_for_create(user):
    """The communities where the user may register needs."""
    return access.scoped(user, "need.create", Region.objects.of_level("community"))
