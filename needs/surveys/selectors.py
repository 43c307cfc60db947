"""Reads of surveys, always through the access layer (a street campaign's reach, declared in ``.access``,
is part of its answers).

The results summary runs a fixed number of queries whatever the number of responses: the
answers of choice and scale questions are counted by the database, grouped by value.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from wuse.access import api as access
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .models import Answer, Campaign, Question, QuestionKind, Response, ResponseChannel
from .workflow import DRAFT

LATEST_TEXT_ANSWERS = 5


def campaigns_for_user(user, status: str = ""):
    """The campaigns the user may see (unordered: the page orders)."""
    campaigns = access.scoped(user, "survey.view", Campaign.objects.for_table())
    return campaigns.filter(status=status) if status else campaigns


def campaign_for_user(user, pk: int, *, action: str | None = None, queryset=None) -> Campaign:
    """One campaign the user may see (404 otherwise, like a missing one, and a look outside the user's
    scope is audited), then ``action`` checked (403); a street campaign's reach included."""
    queryset = Campaign.objects.for_detail() if queryset is None else queryset
    return access.get_for_user(user, queryset, pk=pk, action=action)


def campaign_by_token(token: str) -> Campaign:
    """The campaign behind a public link; drafts are not public (404 like an unknown link)."""
    if not (8 <= len(token) <= 43) or not all(c.isalnum() or c in "-_" for c in token) or not token.isascii():
        raise Http404
    campaign = Campaign.objects.select_related("region").filter(public_token=token).exclude(status=DRAFT).first()
    if campaign is None:
        raise Http404
    return campaign


def response_counts(campaign_ids) -> dict[int, int]:
    """Responses per campaign for one page of the list (one query)."""
    rows = (Response.objects.filter(campaign_id__in=list(campaign_ids)).order_by().values("campaign_id")
            .annotate(n=Count("id")))
    return {row["campaign_id"]: row["n"] for row in rows}


def units_for_create(user):
    """Communities and streets where the user may create a survey."""
    return access.scoped(user, "survey.create", Region.objects.filter(
        level__in=[Level.COMMUNITY, Level.STREET])).order_by("code")


def responses_for_user(user, campaign: Campaign, unit: Region | None = None):
    """The campaign's responses the user may see, optionally those of one of its units."""
    responses = access.scoped(user, "survey.view", Response.objects.filter(campaign=campaign))
    if unit is not None:
        responses = responses.filter(region_id=unit.code) if unit.level == Level.STREET else responses.filter(
            region_id__gte=unit.code, region_id__lte=unit.prefix.ljust(12, "9"))
    return responses


def answer_units(campaign: Campaign):
    """The units a response of this campaign may belong to: the campaign's own unit, and for a street
    campaign each of its communities."""
    if not campaign.is_street:
        return Region.objects.filter(code=campaign.region_id)
    low, high = campaign.region_id, campaign.region.prefix.ljust(12, "9")
    return Region.objects.filter(code__gte=low, code__lte=high).filter(
        level__in=[Level.COMMUNITY, Level.STREET]).order_by("code")


def unit_allows(user, action: str, campaign: Campaign, unit: Region) -> bool:
    """Whether the user holds ``action`` on the campaign's responses from ``unit``, before any exists.

    A response of the campaign's own unit (for a street campaign: an answer not tied to a community) is
    placed as the campaign is, so it answers as the campaign does, a street's reach included; a
    community's is placed below the street, where the reach never applies, so the table answers alone.
    """
    if unit.code == campaign.region_id:
        return access.can(user, action, campaign)
    return access.can(user, action, Response(campaign=campaign, region=unit), with_reach=False)


def filter_units(user, campaign: Campaign) -> list[Region]:
    """The units of a street campaign whose answers the user may see (the results' "answers from" filter)."""
    if not campaign.is_street:
        return []
    return [unit for unit in answer_units(campaign) if unit_allows(user, "survey.view", campaign, unit)]


def entry_units(user, campaign: Campaign) -> list[Region]:
    """The units the user may enter answers for: the campaign's own unit or, for a street campaign, the
    street (not tied to a community) and each community where they hold ``survey.enter``."""
    return [unit for unit in answer_units(campaign) if unit_allows(user, "survey.enter", campaign, unit)]


def mark_to_need(user, campaign: Campaign, answers) -> None:
    """Set ``can_to_need`` on each of one page's written answers: not turned into a need yet, and of a
    response the user may turn into needs (a street's reach included). The responses are checked in one
    query for the whole page, not one per answer, and not at all when the user may not turn this
    campaign's answers into needs."""
    answers = list(answers)
    allowed: set[int] = set()
    if answers and access.can(user, "survey.to_need", campaign):
        keys = {answer.response_id for answer in answers}
        allowed = set(access.scoped(user, "survey.to_need", Response.objects.filter(pk__in=keys))
                      .values_list("pk", flat=True))
    for answer in answers:
        answer.can_to_need = answer.response_id in allowed and not answer.need_id


# --------------------------------------------------------------------------------------------- summary


@dataclass
class OptionCount:
    label: str
    count: int
    percent: float


@dataclass
class QuestionSummary:
    question: Question
    total: int = 0
    answered: int = 0
    options: list[OptionCount] = field(default_factory=list)
    average: float | None = None
    latest: list[Answer] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return max(self.total - self.answered, 0)


@dataclass
class Summary:
    total: int
    by_channel: dict[str, int]
    questions: list[QuestionSummary]

    @property
    def staff(self) -> int:
        return self.by_channel.get(ResponseChannel.STAFF, 0)

    @property
    def public(self) -> int:
        return self.by_channel.get(ResponseChannel.PUBLIC, 0)


def _percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def summarize(questions: list[Question], responses) -> Summary:
    """Counts per question over ``responses`` (a queryset): 4 queries, whatever their number.

    Choices and scales: how many chose each option or value (percent of those who answered the
    question; a multiple-choice question's percentages can add up to more than 100). Scales: the
    average. Text: how many answered, and the latest few.
    """
    by_channel = dict(responses.order_by().values_list("channel").annotate(n=Count("id")))
    total = sum(by_channel.values())
    answers = Answer.objects.filter(response__in=responses.order_by().values("pk"))
    answered = dict(answers.order_by().values_list("question_id").annotate(n=Count("id")))
    grouped: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    counted = [q.pk for q in questions if q.kind != QuestionKind.TEXT]
    if counted:
        for row in (answers.filter(question_id__in=counted).order_by().values("question_id", "value")
                    .annotate(n=Count("id"))):
            values = row["value"] if isinstance(row["value"], list) else [row["value"]]
            for value in values:
                grouped[row["question_id"]][value] += row["n"]
    latest: dict[int, list[Answer]] = defaultdict(list)
    texts = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    if texts:
        ranked = (answers.filter(question_id__in=texts)
                  .annotate(rank=Window(RowNumber(), partition_by=[F("question_id")],
                                        order_by=[F("response__submitted_at").desc(), F("id").desc()]))
                  .filter(rank__lte=LATEST_TEXT_ANSWERS).select_related("response__region", "need")
                  .order_by("question_id", "rank"))
        for answer in ranked:
            latest[answer.question_id].append(answer)
    result = []
    for question in questions:
        n = answered.get(question.pk, 0)
        counts = grouped.get(question.pk, {})
        summary = QuestionSummary(question=question, answered=n, total=total, latest=latest.get(question.pk, []))
        if question.is_choice:
            summary.options = [OptionCount(c, counts.get(c, 0), _percent(counts.get(c, 0), n))
                               for c in question.choices]
        elif question.kind == QuestionKind.SCALE:
            summary.options = [OptionCount(str(v), counts.get(v, 0), _percent(counts.get(v, 0), n))
                               for v in question.scale_values]
            weighted = sum(v * c for v, c in counts.items() if isinstance(v, int))
            summary.average = round(weighted / n, 2) if n else None
        result.append(summary)
    return Summary(total=total, by_channel=by_channel, questions=result)


def text_answers(question: Question, responses):
    """The written answers to ``question`` among ``responses``, newest first (for a paginated page)."""
    return (Answer.objects.filter(question=question, response__in=responses.order_by().values("pk"))
            .select_related("response__region", "need")
            .order_by("-response__submitted_at", "-id"))


def answers_by_response(responses: list[Response]) -> dict[int, dict[int, Answer]]:
    """The answers of one page of responses, keyed by response and question (one query)."""
    found: dict[int, dict[int, Answer]] = defaultdict(dict)
    for answer in Answer.objects.filter(response__in=[r.pk for r in responses]).select_related("need"):
        found[answer.response_id][answer.question_id] = answer
    return found
