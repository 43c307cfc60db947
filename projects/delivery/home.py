"""What the delivery puts on the home page (工作台): overdue milestones and final reports due on the projects the
user records, counted with the lists' own selectors, so that each linked list shows exactly what was counted."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue

from . import selectors


def register() -> None:
    register_home_queue(order=24, label=_("Milestones overdue"), url_name="projects:delivery:milestones_overdue",
                        action="project.deliver", count=lambda user: selectors.overdue_milestones(user).count(),
                        tone="warning", hint=_("Past their due date and not done: update their progress."))
    register_home_queue(order=25, label=_("Final reports due"), url_name="projects:delivery:reports_due",
                        action="project.deliver", count=lambda user: selectors.final_reports_due(user).count(),
                        hint=_("Projects ending within 30 days (or ended) without their final report."))
