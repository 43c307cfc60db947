"""What the charitable resources put on the home page (工作台): recording a donation."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_shortcut

NS = "registry:charity"


def register() -> None:
    register_home_shortcut(order=60, label=_("Record a donation"), url_name=f"{NS}:donation_create",
                           action="donation.create")
