"""A survey campaign's process as data: 草稿 → 收集中 → 已结束 (and back to collecting when reopened).

Questions can be changed only while the campaign is a draft: once residents answer, the
questionnaire is frozen so that every answer stays comparable. Answers are accepted only
while the campaign is collecting *and* today falls within its period.
"""

from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition

DRAFT, OPEN, CLOSED = "draft", "open", "closed"

SURVEY_PROCESS = Process(
    key="survey",
    initial=DRAFT,
    states=(
        State(DRAFT, _("Draft")),
        State(OPEN, _("Collecting answers")),
        State(CLOSED, _("Ended")),
    ),
    transitions=(
        Transition("open", _("Start collecting answers"), (DRAFT,), OPEN, "survey.open", style="success"),
        Transition("close", _("End the survey"), (OPEN,), CLOSED, "survey.close", style="warning"),
        Transition("reopen", _("Reopen the survey"), (CLOSED,), OPEN, "survey.open", style="secondary"),
    ),
)
