"""The rectifications' indicators (declared once; see ``wuse.core.figures``): rectifications closed — verified
by the street — in the period, and those whose deadline fell in the period, has passed and that are still open.
A rectification sits at its project's unit (a street's own project: at the street, in no community).

**Records behind a number** (``Figure.records``): the rectifications list of the unit (``?region=``), verified
ones, or overdue ones (``?overdue=1``: still open past the deadline, today — the list does not filter the
deadline's year, so it also shows those of earlier years still open)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, list_url, register_figure

from .models import Rectification
from .workflow import LIVE, VERIFIED


def verified(period: Period):
    return Rectification.objects.filter(status=VERIFIED, verified_at__gte=period.start_at,
                                        verified_at__lt=period.end_at)


def overdue(period: Period):
    """Still open (to do, submitted or returned) with a deadline in the period that has passed (today)."""
    return Rectification.objects.filter(status__in=LIVE, deadline__gte=period.start,
                                        deadline__lt=min(period.end, timezone.localdate()))


FIGURES = (
    Figure("rectifications.verified", _("Rectifications closed"),
           _("Rectifications of the unit's service projects verified by the street in the period (cancelled ones "
             "not counted)."), _("rectification(s)"), rows=verified, action="rectification.view",
           records=lambda code, period: list_url("rectification:list", region=code, status=VERIFIED)),
    Figure("rectifications.overdue", _("Rectifications overdue"),
           _("Rectifications of the unit's service projects whose deadline falls in the period and has passed, and "
             "that are still neither verified nor cancelled."), _("rectification(s)"), rows=overdue,
           action="rectification.view", higher_is_better=False,
           records=lambda code, period: list_url("rectification:list", region=code, overdue=1)),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
