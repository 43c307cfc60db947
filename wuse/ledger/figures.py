"""The time bank's and charity points' figures (declared once; see ``wuse.core.figures``)."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, register_figure

from .models import Entry, EntryKind, SchemeKind


def earned(period: Period, kind: str):
    """Credits (not spending, expiry or adjustments) booked in the period on accounts of a scheme kind."""
    return Entry.objects.filter(kind=EntryKind.EARN, created_at__gte=period.start_at, created_at__lt=period.end_at,
                                account__scheme__kind=kind)


FIGURES = (
    Figure("ledger.time_bank_hours", _("Time-bank credits"),
           _("Hours credited to time-bank accounts kept by the unit in the period (credits only)."), _("hour(s)"),
           rows=lambda period: earned(period, SchemeKind.TIME_BANK), column="account__region_id",
           aggregate=lambda: Sum("amount"), action="scheme.view"),
    Figure("ledger.points", _("Charity points credited"),
           _("Charity points credited to accounts kept by the unit in the period (credits only)."), _("point(s)"),
           rows=lambda period: earned(period, SchemeKind.POINTS), column="account__region_id",
           aggregate=lambda: Sum("amount"), action="scheme.view"),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
