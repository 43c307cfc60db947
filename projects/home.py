"""What the projects step puts on the home page (工作台): projects waiting for the user's review or acceptance,
counted with the list's own selector so that the linked list shows exactly what was counted."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue, register_home_shortcut

from . import selectors
from .workflow import ACCEPTANCE, DISTRICT_REVIEW, RETURNED, STREET_REVIEW


def count(user, action: str, status: str) -> int:
    return selectors.waiting(user, action, status).count()


def register() -> None:
    register_home_queue(order=20, label=_("Projects to review (street)"), url_name="projects:list",
                        query={"status": STREET_REVIEW}, action="project.review_street",
                        count=lambda user: count(user, "project.review_street", STREET_REVIEW),
                        hint=_("Submitted by the communities: approve, return or refuse."))
    register_home_queue(order=21, label=_("Projects to review (district)"), url_name="projects:list",
                        query={"status": DISTRICT_REVIEW}, action="project.review_district",
                        count=lambda user: count(user, "project.review_district", DISTRICT_REVIEW),
                        hint=_("Above the district's review threshold."))
    register_home_queue(order=22, label=_("Projects to accept"), url_name="projects:list",
                        query={"status": ACCEPTANCE}, action="project.accept",
                        count=lambda user: count(user, "project.accept", ACCEPTANCE),
                        hint=_("Delivered: check and accept."))
    register_home_queue(order=23, label=_("Projects returned for changes"), url_name="projects:list",
                        query={"status": RETURNED}, action="project.submit",
                        count=lambda user: count(user, "project.submit", RETURNED), tone="warning",
                        hint=_("Change the plan as the reviewers asked and submit again."))
    register_home_shortcut(order=20, label=_("Plan a project"), url_name="projects:create", action="project.create")
