"""What the surveys put on the home page (工作台): the campaigns collecting answers (paper questionnaires to
enter, written answers to turn into needs) and starting a survey."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue, register_home_shortcut

from . import selectors
from .workflow import OPEN


def register() -> None:
    register_home_queue(order=20, label=_("Surveys collecting answers"), url_name="surveys:list",
                        query={"status": OPEN}, action="survey.enter",
                        count=lambda user: selectors.campaigns_for_user(user, OPEN).count(),
                        hint=_("Enter paper questionnaires; turn written answers into needs."))
    register_home_shortcut(order=20, label=_("New survey"), url_name="surveys:create", action="survey.create")
