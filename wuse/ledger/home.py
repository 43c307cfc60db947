"""What the time bank and charity points put on the home page (工作台): adjustments awaiting a second person's
approval (four eyes) and redemption orders to hand over, each counted with its list's own selector; the shop
counter as a first action."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue, register_home_shortcut

from . import selectors
from .models import AdjustmentStatus, RedemptionStatus


def count_adjustments(user) -> int:
    return selectors.adjustments_for_user(user, status=AdjustmentStatus.PENDING).count()


def count_orders(user) -> int:
    return selectors.redemptions_for_user(user, status=RedemptionStatus.PLACED).count()


def register() -> None:
    register_home_queue(order=60, label=_("Adjustments to approve"), url_name="ledger:adjustments",
                        query={"status": AdjustmentStatus.PENDING.value}, action="ledger_adjustment.decide",
                        count=count_adjustments,
                        hint=_("Approved by someone other than the person who asked for it."))
    register_home_queue(order=61, label=_("Redemption orders to hand over"), url_name="ledger:orders",
                        query={"status": RedemptionStatus.PLACED.value}, action="redemption.fulfil",
                        count=count_orders)
    register_home_shortcut(order=65, label=_("Redemption shop"), url_name="ledger:shop",
                           action="redemption.place")
