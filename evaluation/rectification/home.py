"""What the rectifications put on the home page (工作台): what the street has to verify, and what waits for the
owner organization's members; each counted with the list's own condition, linked to the list filtered the same
way."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue

from . import selectors
from .forms import DUE
from .workflow import SUBMITTED


def register() -> None:
    register_home_queue(order=42, label=_("Rectifications to verify"), url_name="rectification:list",
                        query={"status": SUBMITTED}, action="rectification.verify",
                        count=lambda user: selectors.to_verify(user).count(),
                        hint=_("The owner has submitted what was done: check the evidence, verify or return."))
    register_home_queue(order=43, label=_("Rectifications due"), url_name="rectification:list",
                        query={"status": DUE}, action="rectification.own", tone="warning",
                        count=lambda user: selectors.due(user).count(),
                        hint=_("Findings of an evaluation your organization is to rectify: submit what was done "
                               "with evidence before the deadline."))
