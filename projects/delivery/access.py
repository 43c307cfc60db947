"""The delivery's rows in the role × action table. Recording activities, expenses, reports and milestones is the
projects step's ``project.deliver`` (planners, and the undertaking organization's members through its reach);
the street approves budget adjustments; the acceptance checklist goes with ``project.accept``."""

from wuse.access.policy import Scope, register
from wuse.accounts.roles import Role

register({"project.budget_approve": {Role.STREET_OFFICER: Scope.SUBTREE}})
