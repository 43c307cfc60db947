"""What the organizations put on the home page (工作台): suspended organizations awaiting a decision for the
registrars, and the usual first actions (registering an organization, my organization)."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue, register_home_shortcut

from .selectors import organizations as selectors
from .workflow import SUSPENDED

NS = "registry:organizations"  # as in .apps (not imported from there: apps imports this module)


def count_suspended(user) -> int:
    return selectors.organizations_for_user(user, selectors.OrganizationFilters(status=SUSPENDED)).count()


def register() -> None:
    register_home_queue(order=40, label=_("Suspended organizations"), url_name=f"{NS}:list",
                        query={"status": SUSPENDED}, action="organization.set_status", count=count_suspended,
                        tone="warning", hint=_("Reactivate or deregister once the reason is settled."))
    register_home_shortcut(order=40, label=_("Register an organization"), url_name=f"{NS}:create",
                           action="organization.create")
    register_home_shortcut(order=42, label=_("My organization"), url_name=f"{NS}:mine", action="organization.own")
