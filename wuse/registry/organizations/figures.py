"""The organizations' and social workers' figures (declared once; see ``wuse.core.figures``).

Stock figures: what stood at the end of the period — records registered in wuse by then, and their
*current* status and post (the registry keeps no history of them: an organization suspended today is
not counted in past years either; the annual assessment's snapshots freeze a closed year).

Records behind a number (``Figure.records``): the organizations list or the social workers list of the unit
(``?region=``); neither filters by status, certificate or date, so they show every record of the unit.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, code_range, list_url, register_figure
from wuse.regions.levels import PREFIX_LENGTH
from wuse.regions.models import Region

from .access import ancestor_codes
from .models import Organization, OrgStatus, ServiceArea, SocialWorker

CERTIFIED_TARGET = Decimal("0.60")  # Zhejiang: at least 60 % of full-time community workers certified


def active_organizations(period: Period, path: str = "") -> dict:
    return {f"{path}status": OrgStatus.ACTIVE, f"{path}created_at__lt": period.end_at}


def organizations_linked(prefix: str, width: int, period: Period) -> dict[str, int]:
    """Distinct active organizations registered in a unit or with a service area in it (two queries)."""
    active = Organization.objects.filter(**active_organizations(period))
    links = list(active.filter(code_range(prefix, "region_id")).values_list("id", "region_id"))
    links += list(ServiceArea.objects.filter(code_range(prefix, "region_id"),
                                             **active_organizations(period, "organization__"))
                  .values_list("organization_id", "region_id"))
    found: dict[str, set[int]] = defaultdict(set)
    for organization, code in links:
        found[code[:width]].add(organization)
    return {key: len(ids) for key, ids in found.items()}


def organizations_serving(prefix: str, width: int, period: Period) -> dict[str, int]:
    """Distinct active organizations serving each unit at ``width``: a service area inside the unit, or
    above it (a street-wide organization serves each of the street's communities). Three queries."""
    areas = (ServiceArea.objects.filter(code_range(prefix, "region_id") | Q(region__in=ancestor_codes(prefix)))
             .filter(**active_organizations(period, "organization__"))
             .values_list("organization_id", "region_id", "region__level"))
    below: dict[str, set[int]] = defaultdict(set)  # unit prefix at `width` → organizations serving inside it
    above: dict[str, set[int]] = defaultdict(set)  # unit code above `width` → organizations serving all of it
    for organization, code, level in areas:
        (below[code[:width]] if PREFIX_LENGTH[level] >= width else above[code]).add(organization)
    level = {length: name for name, length in PREFIX_LENGTH.items()}[width]
    units = Region.objects.filter(code_range(prefix, "code"), level=level).values_list("code", flat=True)
    result = {}
    for code in units:
        key = code[:width]
        served = set(below.get(key, ()))
        for ancestor in ancestor_codes(key):
            served |= above.get(ancestor, set())
        if served:
            result[key] = len(served)
    return result


def workers(period: Period):
    return SocialWorker.objects.filter(active=True, created_at__lt=period.end_at)


def certified(period: Period) -> Q:
    """Holding a certificate obtained by the end of the period (a certificate whose year is not recorded
    counts: it was entered as held)."""
    return ~Q(certificate_level="") & (Q(certified_year__isnull=True) | Q(certified_year__lte=period.last_year))


def organization_records(code: str, period: Period) -> str:
    """The organizations list of the unit (it lists every organization, not only those active by the period's end)."""
    return list_url("registry:organizations:list", region=code)


def worker_records(code: str, period: Period) -> str:
    """The social workers list of the unit (every worker: the list filters neither the certificate nor the post)."""
    return list_url("registry:organizations:workers", region=code)


FIGURES = (
    Figure("organizations.linked", _("Social organizations"),
           _("Active social organizations registered in the unit or with a service area in it, each counted once; "
             "one serving a whole street counts in the street's figure, not in each community's."),
           _("organization(s)"), grouped=organizations_linked, action="organization.view", home=40),
    Figure("organizations.registered", _("Social organizations registered"),
           _("Active social organizations registered (or filed) with the unit or a unit below it by the end of "
             "the period."), _("organization(s)"), rows=lambda period: Organization.objects.filter(
               **active_organizations(period)), action="organization.view",
           records=organization_records),
    Figure("organizations.serving", _("Social organizations serving"),
           _("Active social organizations with a service area in the unit or covering it from above."),
           _("organization(s)"), grouped=organizations_serving, action="organization.view"),
    Figure("social_workers.certified", _("Certified social workers"),
           _("Social workers and community workers in post holding a social-work certificate obtained by the end "
             "of the period."), _("person(s)"), rows=lambda period: workers(period).filter(certified(period)),
           action="social_worker.view", records=worker_records),
    Figure("community_workers.total", _("Full-time community workers"),
           _("Full-time community workers (专职社区工作者) in post."), _("person(s)"),
           rows=lambda period: workers(period).filter(is_community_worker=True), action="social_worker.view",
           records=worker_records),
    Figure("community_workers.certified", _("Certified community workers"),
           _("Full-time community workers in post holding a social-work certificate obtained by the end of the "
             "period."), _("person(s)"),
           rows=lambda period: workers(period).filter(certified(period), is_community_worker=True),
           action="social_worker.view", records=worker_records),
    Figure("community_workers.certified_share", _("Certified share of community workers"),
           _("Certified full-time community workers as a share of all full-time community workers in post; "
             "Zhejiang's target is at least 60%."), "%",
           ratio=("community_workers.certified", "community_workers.total"), target=CERTIFIED_TARGET,
           action="social_worker.view", home=41, records=worker_records),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
