"""What the co-building list puts on the home page (工作台): pledges due with nothing delivered."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue

from . import selectors


def register() -> None:
    register_home_queue(order=67, label=_("Pledges due, nothing delivered"), url_name="cobuild:waiting",
                        action="cobuild.change", count=lambda user: selectors.due_without_delivery(user).count(),
                        tone="warning", hint=_("Co-building pledges whose period has begun with nothing delivered."))
