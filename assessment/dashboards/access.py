"""The dashboards' row in the role × action table.

- ``dashboard.view``: the government roles, each over its unit and the units below (as ``assessment.view``). An
  organization member sees no dashboard: the figures are the government's review of its units.
"""

from wuse.access.policy import GOVERNMENT, Scope, register

register({
    "dashboard.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
})
