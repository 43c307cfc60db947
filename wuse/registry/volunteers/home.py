"""What the volunteers put on the home page (工作台): the service entries awaiting verification, recording a
service or registering a volunteer, and the volunteer's own card (her hours, balances and certificate, with
links to her record, her points and the shop)."""

from django.utils.translation import gettext_lazy as _

from wuse.access import api as access
from wuse.core.home import register_home_panel, register_home_queue, register_home_shortcut

from . import selectors
from .certificate import PUBLICITY_DAYS
from .models import EntryStatus

NS = "registry:volunteers"


def count_to_verify(user) -> int:
    return selectors.entries_for_user(user, selectors.EntryFilters(status=EntryStatus.RECORDED)).count()


def volunteer_panel(user) -> dict | None:
    """The volunteer's own card, for holders of ``volunteer.self`` (four queries)."""
    if not access.has_action(user, "volunteer.self"):
        return None
    volunteer = selectors.volunteer_of_user(user)
    panel = {"volunteer": volunteer, "publicity_days": PUBLICITY_DAYS,
             "can_shop": access.has_action(user, "ledger.self")}
    if volunteer is not None:
        panel.update(hours=selectors.hours_summary(volunteer),
                     certificate=selectors.volunteer_certificates(volunteer).first(),
                     balances=selectors.balances(volunteer.person))
    return panel


def register() -> None:
    register_home_queue(order=50, label=_("Service entries to verify"), url_name=f"{NS}:entries",
                        query={"status": EntryStatus.RECORDED.value}, action="service_entry.verify",
                        count=count_to_verify,
                        hint=_("Someone other than the recorder verifies; verified hours are credited."))
    register_home_shortcut(order=50, label=_("Record a service"), url_name=f"{NS}:entry_create",
                           action="service_entry.create")
    register_home_shortcut(order=51, label=_("Register a volunteer"), url_name=f"{NS}:create",
                           action="volunteer.create")
    register_home_panel(order=10, template="volunteers/_home_panel.html", context=volunteer_panel)
