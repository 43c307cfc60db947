"""The project (项目书) and its planning records."""

from .plan import BudgetLine, CoDesignRecord, Indicator, Participant, PlannedActivity
from .project import Project, ProjectNeed, ProjectQuerySet, ReviewThreshold, default_threshold
from .versions import ChangeRequest, PlanVersion

__all__ = ["BudgetLine", "ChangeRequest", "CoDesignRecord", "Indicator", "Participant", "PlanVersion",
           "PlannedActivity", "Project", "ProjectNeed", "ProjectQuerySet", "ReviewThreshold", "default_threshold"]
