"""Indicator templates (versioned), evaluations with their evaluators' scores, and the residents' satisfaction
survey of a project."""

from .evaluations import Assignment, Evaluation, Score
from .satisfaction import SatisfactionResponse, SatisfactionSurvey
from .templates import Dimension, SubIndicator, TemplateFamily, TemplateVersion

__all__ = ["Assignment", "Dimension", "Evaluation", "SatisfactionResponse", "SatisfactionSurvey", "Score",
           "SubIndicator", "TemplateFamily", "TemplateVersion"]
