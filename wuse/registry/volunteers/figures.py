"""The volunteers' figures (declared once; see ``wuse.core.figures``).

**Volunteers per community.** The guideline's "volunteers per 1,000 residents" needs each unit's population, which
wuse does not hold; the annual assessment uses volunteers per community instead: the unit's registered volunteers
(as ``volunteers.registered`` counts them, a street's own records included) divided by the number of communities
in the unit, to one decimal (a community's value is its own count).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, code_range, register_figure
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .models import EntryStatus, ServiceEntry, Volunteer

ONE_PLACE = Decimal("0.1")


def verified(period: Period):
    """Verified service entries that started in the period, placed where the service took place."""
    return ServiceEntry.objects.filter(status=EntryStatus.VERIFIED, started_at__gte=period.start_at,
                                       started_at__lt=period.end_at)


def registered(period: Period):
    return Volunteer.objects.filter(active=True, registered_on__lt=period.end)


REGISTERED = Figure(
    "volunteers.registered", _("Volunteers"),
    _("Active volunteers whose record is kept by the unit or a unit below it, registered by the end of the period."),
    _("person(s)"), rows=registered, action="volunteer.view", home=50)


def per_community(prefix: str, width: int, period: Period) -> dict[str, Decimal]:
    """``{unit: volunteers ÷ communities}``: the registered volunteers counted at the unit's level (one grouped
    query) over the unit's communities (one grouped query on the region tree)."""
    volunteers = REGISTERED.compute(prefix, width, period)
    communities = dict(Region.objects.filter(code_range(prefix, "code"), level=Level.COMMUNITY).order_by()
                       .annotate(_unit=Substr("code", 1, width)).values("_unit").annotate(n=Count("code"))
                       .values_list("_unit", "n"))
    return {unit: (Decimal(count) / communities[unit]).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
            for unit, count in volunteers.items() if communities.get(unit)}


FIGURES = (
    REGISTERED,
    Figure("volunteers.served", _("Volunteers who served"),
           _("Distinct volunteers with at least one verified service in the unit in the period; a volunteer who "
             "served in two communities counts once for their street."), _("person(s)"),
           rows=verified, aggregate=lambda: Count("volunteer", distinct=True), action="volunteer.view", home=51),
    Figure("volunteers.hours", _("Hours of verified service"),
           _("Hours of verified volunteer service that started in the period, where the service took place."),
           _("hour(s)"), rows=verified, aggregate=lambda: Sum("hours"), action="volunteer.view",
           home=52),
    Figure("volunteers.per_community", _("Volunteers per community"),
           _("Registered volunteers of the unit (as counted in “Volunteers”) divided by the number of its "
             "communities, to one decimal; used instead of volunteers per 1,000 residents because the population "
             "of each unit is not known."), _("person(s) per community"), grouped=per_community,
           action="volunteer.view"),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
