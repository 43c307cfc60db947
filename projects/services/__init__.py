"""Every write to projects: one function per action, guard → change → audit, in a transaction.

``plans.py`` holds the plan (create, edit, copy), ``links.py`` what a draft links to (needs, co-design,
participants), ``lifecycle.py`` the state changes, the undertaker, change requests and thresholds. Callers use the
package (``from projects import services``): the names below are its interface.
"""

from .lifecycle import (
    change_request_create,
    change_request_transition,
    project_change_undertaker,
    project_close,
    project_terminate,
    project_transition,
    project_undertake,
    threshold_set,
)
from .links import (
    background_from,
    codesign_add,
    codesign_remove,
    participant_add,
    participant_remove,
    project_link_need,
    project_unlink_need,
)
from .plans import PlanData, check_plan, project_copy_next_year, project_create, project_update

__all__ = [
    "PlanData",
    "background_from",
    "change_request_create",
    "change_request_transition",
    "check_plan",
    "codesign_add",
    "codesign_remove",
    "participant_add",
    "participant_remove",
    "project_change_undertaker",
    "project_close",
    "project_copy_next_year",
    "project_create",
    "project_link_need",
    "project_terminate",
    "project_transition",
    "project_undertake",
    "project_unlink_need",
    "project_update",
    "threshold_set",
]
