"""The volunteers' figures (declared once; see ``wuse.core.figures``)."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, register_figure

from .models import EntryStatus, ServiceEntry, Volunteer


def verified(period: Period):
    """Verified service entries that started in the period, placed where the service took place."""
    return ServiceEntry.objects.filter(status=EntryStatus.VERIFIED, started_at__gte=period.start_at,
                                       started_at__lt=period.end_at)


FIGURES = (
    Figure("volunteers.registered", _("Volunteers"),
           _("Active volunteers whose record is kept by the unit or a unit below it, registered by the end of the "
             "period."), _("person(s)"),
           rows=lambda period: Volunteer.objects.filter(active=True, registered_on__lt=period.end),
           action="volunteer.view", home=50),
    Figure("volunteers.served", _("Volunteers who served"),
           _("Distinct volunteers with at least one verified service in the unit in the period; a volunteer who "
             "served in two communities counts once for their street."), _("person(s)"),
           rows=verified, aggregate=lambda: Count("volunteer", distinct=True), action="volunteer.view", home=51),
    Figure("volunteers.hours", _("Hours of verified service"),
           _("Hours of verified volunteer service that started in the period, where the service took place."),
           _("hour(s)"), rows=verified, aggregate=lambda: Sum("hours"), action="volunteer.view",
           home=52),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
