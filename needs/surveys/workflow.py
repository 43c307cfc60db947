"""A survey campaign's process as data: 草稿 → 收集中 → 已结束 (and back to collecting when reopened).

Questions can be changed only while the campaign is a draft: once residents answer, the
questionnaire is frozen so that every answer stays comparable. Answers are accepted only
while the campaign is collecting *and* today falls within its period.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition

DRAFT, OPEN, CLOSED = "draft", "open", "closed"


def _has_questions(step) -> str | None:
    if not step.obj.questions.exists():
        return _("Add at least one question before collecting answers.")
    return None


def _last_day_to_come(step) -> str | None:
    if step.obj.ends_on < timezone.localdate():
        return _("The last day (%(date)s) has passed: set a later last day first.") % {
            "date": step.obj.ends_on.isoformat()}
    return None

SURVEY_PROCESS = Process(
    key="survey",
    initial=DRAFT,
    states=(
        State(DRAFT, _("Draft"), tone="neutral"),
        State(OPEN, _("Collecting answers"), tone="progress"),
        State(CLOSED, _("Ended"), tone="muted"),
    ),
    transitions=(
        Transition("open", _("Start collecting answers"), (DRAFT,), OPEN, "survey.open", style="success",
                   guards=(_has_questions, _last_day_to_come),
                   confirm=_("Start collecting answers? The questions can no longer be changed afterwards.")),
        Transition("close", _("End the survey"), (OPEN,), CLOSED, "survey.close", style="warning",
                   confirm=_("End the survey? The public link will stop taking answers; you can reopen it later.")),
        Transition("reopen", _("Reopen the survey"), (CLOSED,), OPEN, "survey.open", style="secondary",
                   guards=(_has_questions, _last_day_to_come)),
    ),
)
