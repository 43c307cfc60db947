"""Every write to surveys: one function per action, guard → change → audit, in a transaction.

``campaigns.py`` holds the campaign and its questionnaire, ``answers.py`` the questionnaires answered and
answers turned into needs, ``export.py`` the audited export of the results. Callers use the package
(``from needs.surveys import services``): the names below are its interface.
"""

from .answers import (
    SurveyClosed,
    answer_add_support,
    answer_to_need,
    check_accepting,
    clean_answer,
    clean_answers,
    need_communities,
    response_submit,
)
from .campaigns import (
    CAMPAIGN_FIELDS,
    MAX_PERIOD_DAYS,
    QUESTION_FIELDS,
    CampaignConflict,
    SurveyError,
    campaign_create,
    campaign_transition,
    campaign_update,
    clean_question,
    question_add,
    question_delete,
    question_move,
    question_update,
)
from .export import Export, export_results

__all__ = [
    "CAMPAIGN_FIELDS",
    "MAX_PERIOD_DAYS",
    "QUESTION_FIELDS",
    "CampaignConflict",
    "Export",
    "SurveyClosed",
    "SurveyError",
    "answer_add_support",
    "answer_to_need",
    "campaign_create",
    "campaign_transition",
    "campaign_update",
    "check_accepting",
    "clean_answer",
    "clean_answers",
    "clean_question",
    "export_results",
    "need_communities",
    "question_add",
    "question_delete",
    "question_move",
    "question_update",
    "response_submit",
]
