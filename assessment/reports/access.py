"""The yearly report's row in the role × action table: ``report.export`` for the government roles, each over its
unit and the units below (the same reach as ``assessment.view``: a report shows nothing the assessment pages do
not)."""

from wuse.access.policy import GOVERNMENT, Scope, register

register({"report.export": dict.fromkeys(GOVERNMENT, Scope.SUBTREE)})
