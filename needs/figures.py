"""The needs step's figures (declared once; see ``wuse.core.figures``)."""

from django.utils.translation import gettext_lazy as _

from wuse.core.figures import Figure, Period, register_figure

from .models import Need
from .workflow import CLOSED, FOLLOWED_UP, MERGED, RESOLVED


def registered(period: Period):
    """Needs registered in the period; a duplicate merged into another need is not a need of its own."""
    return Need.objects.filter(created_at__gte=period.start_at, created_at__lt=period.end_at).exclude(status=MERGED)


FIGURES = (
    Figure("needs.collected", _("Needs collected"),
           _("Residents' needs registered in the unit in the period, online and offline; merged duplicates are "
             "not counted."), _("need(s)"), rows=registered, column="community_id", action="need.view", home=10),
    Figure("needs.resolved", _("Needs resolved"),
           _("Needs registered in the period that are now resolved directly, closed or followed up."), _("need(s)"),
           rows=lambda period: registered(period).filter(status__in=(RESOLVED, CLOSED, FOLLOWED_UP)),
           column="community_id", action="need.view", home=11),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
