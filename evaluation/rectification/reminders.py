"""The rectifications' reminder rule (``wuse.notify``): a rectification past its deadline and not yet submitted.

Told: the person responsible named on it (``owner_user``; a rectification that names none reaches nobody at first
and goes straight on to the escalation); then the street of the project's unit, which verifies rectifications, and
its district.
"""

from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule

from .workflow import TO_DO

GROUP = _("Project evaluation")


def register() -> None:
    from .models import Rectification

    register_rule(Rule(
        key="evaluation.rectification_overdue", group=GROUP, order=31, label=_("Rectification overdue"),
        help=_("A rectification not submitted by its deadline (open, or returned for more work)."),
        pending=lambda: Rectification.objects.filter(status__in=TO_DO),
        anchor="deadline", days=1, days_help=_("days after the deadline"),
        unit="region_id", user="owner_user", title="project__title", link=("rectification:detail", "pk"),
    ))
