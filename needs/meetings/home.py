"""What the meetings put on the home page (工作台): recording a meeting."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_shortcut


def register() -> None:
    register_home_shortcut(order=30, label=_("Record a meeting"), url_name="meetings:create",
                           action="meeting.create")
