"""Every write of the evaluation step: one function per action, guard → change → audit, in a transaction.

``templates.py`` holds the indicator templates (create, save as a new version once used, copy to next year),
``evaluations.py`` the evaluations (set up, assign, declare, score, submit, the state changes),
``satisfaction.py`` the residents' satisfaction survey (open, close, minimum sample, responses, results)."""

from .evaluations import (
    assignment_add,
    assignment_declare,
    assignment_remove,
    assignment_submit,
    evaluation_create,
    evaluation_transition,
    scores_save,
)
from .satisfaction import (
    AlreadyAnswered,
    SatisfactionResults,
    SurveyClosed,
    closed_message,
    has_answered,
    project_results,
    response_record,
    survey_by_token,
    survey_close,
    survey_open,
    survey_results,
    survey_set_minimum,
)
from .templates import (
    DimensionData,
    IndicatorData,
    TemplateData,
    check_template,
    template_copy_next_year,
    template_create,
    template_for,
    template_save,
)

__all__ = [
    "AlreadyAnswered",
    "SatisfactionResults",
    "SurveyClosed",
    "closed_message",
    "has_answered",
    "project_results",
    "response_record",
    "survey_by_token",
    "survey_close",
    "survey_open",
    "survey_results",
    "survey_set_minimum",
    "DimensionData",
    "IndicatorData",
    "TemplateData",
    "assignment_add",
    "assignment_declare",
    "assignment_remove",
    "assignment_submit",
    "check_template",
    "evaluation_create",
    "evaluation_transition",
    "scores_save",
    "template_copy_next_year",
    "template_create",
    "template_for",
    "template_save",
]
