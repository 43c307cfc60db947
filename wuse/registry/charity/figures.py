"""The charitable resources' figures (declared once; see ``wuse.core.figures``)."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, register_figure

from .models import Allocation, AllocationStatus, Donation, DonationKind


def received(period: Period):
    return Donation.objects.filter(received_on__gte=period.start, received_on__lt=period.end)

def allocated(period: Period):
    """Allocations made in the period and not released."""
    return Allocation.objects.exclude(status=AllocationStatus.RELEASED).filter(
        created_at__gte=period.start_at, created_at__lt=period.end_at)

FIGURES = (
    Figure("charity.money", _("Money donated"),
           _("Money donations received by the unit in the period."), _("yuan"),
           rows=lambda period: received(period).filter(kind=DonationKind.MONEY), aggregate=lambda: Sum("amount"),
           money=True, action="donation.view", home=60),
    Figure("charity.goods_value", _("Goods and services donated"),
           _("Estimated value of goods and services donated to the unit in the period."), _("yuan"),
           rows=lambda period: received(period).exclude(kind=DonationKind.MONEY), aggregate=lambda: Sum("amount"),
           money=True, action="donation.view"),
    Figure("charity.donations", _("Donations"), _("Donations of any kind received by the unit in the period."),
           _("donation(s)"), rows=received, action="donation.view", home=61),
    Figure("charity.committed", _("Allocated to needs and projects"),
           _("Value of donations allocated to needs or projects of the unit in the period (released allocations "
             "not counted)."), _("yuan"), rows=allocated, aggregate=lambda: Sum("amount"), money=True,
           action="donation.view"),
    Figure("charity.used", _("Allocations used"),
           _("Value recorded as used of the allocations made in the period."), _("yuan"), rows=allocated,
           aggregate=lambda: Sum("used"), money=True, action="donation.view"),
)

def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
