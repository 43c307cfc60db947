"""Indicator templates (versioned) and evaluations with their evaluators' scores."""

from .evaluations import Assignment, Evaluation, Score
from .templates import Dimension, SubIndicator, TemplateFamily, TemplateVersion

__all__ = ["Assignment", "Dimension", "Evaluation", "Score", "SubIndicator", "TemplateFamily", "TemplateVersion"]
