"""The ledger's reminder rule (``wuse.notify``): a redemption order waiting too long to be handed over.

Part of the core: it imports ``wuse.notify`` and nothing of a step. The shop's community hands the item over
(``redemption.fulfil``); a week's delay reaches its street, never the district.
"""

from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule

GROUP = _("Time bank and charity points")


def register() -> None:
    from .models import Redemption, RedemptionStatus

    register_rule(Rule(
        key="ledger.order_unfulfilled", group=GROUP, order=50, label=_("Redemption not handed over"),
        help=_("A redemption order placed and neither handed over nor cancelled."),
        pending=lambda: Redemption.objects.filter(status=RedemptionStatus.PLACED, closed_at__isnull=True),
        anchor="placed_at", days=7, days_help=_("days after the order was placed"), escalate=(7, None),
        unit="region_id", action="redemption.fulfil", title="item__name", link=("ledger:orders", None),
    ))
