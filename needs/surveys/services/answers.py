"""Answers: a questionnaire checked and recorded (staff entry or the public link), and a written answer
turned into a need of the community or counted as support for one, once."""

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needs.models import Channel, Need, Urgency
from needs.services import Proposer, need_create, need_support_add
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import TransitionError

from .. import selectors
from ..models import MAX_TEXT_ANSWER, Answer, Campaign, Question, QuestionKind, Response, ResponseChannel
from ..workflow import DRAFT, OPEN
from .campaigns import SurveyError


class SurveyClosed(SurveyError):
    """The survey does not accept answers now (not open, or outside its period)."""


# --------------------------------------------------------------------------------------------- answers

# Control characters other than tab and line feed: PostgreSQL refuses NUL, the rest only garble.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _clean_text(value: str) -> str:
    return _CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _is_blank(value) -> bool:
    if isinstance(value, list | tuple):
        return all(isinstance(v, str) and not v.strip() for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def clean_answer(question: Question, raw):
    """The stored value of one answer, or ValidationError with a message for the resident.
    ``None`` when an optional question is left blank."""
    if _is_blank(raw):
        if question.required:
            raise ValidationError(_("Please answer this question."))
        return None
    if question.kind == QuestionKind.SINGLE:
        if not isinstance(raw, str) or raw.strip() not in question.choices:
            raise ValidationError(_("Choose one of the options given."))
        return raw.strip()
    if question.kind == QuestionKind.MULTIPLE:
        picked = [raw] if isinstance(raw, str) else raw
        if not isinstance(picked, list | tuple) or not all(isinstance(v, str) for v in picked):
            raise ValidationError(_("Choose among the options given."))
        chosen = {v.strip() for v in picked if v.strip()}
        if not chosen <= set(question.choices):
            raise ValidationError(_("Choose among the options given."))
        return [c for c in question.choices if c in chosen]
    if question.kind == QuestionKind.SCALE:
        low, high = question.scale_min, question.scale_max
        message = _("Choose a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        if isinstance(raw, bool):
            raise ValidationError(message)
        if isinstance(raw, int):
            number = raw
        elif isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,3}", raw.strip()):
            number = int(raw.strip())
        else:
            raise ValidationError(message)
        if not low <= number <= high:
            raise ValidationError(message)
        return number
    if not isinstance(raw, str):
        raise ValidationError(_("Enter text."))
    text = _clean_text(raw)
    if not text:
        if question.required:
            raise ValidationError(_("Please answer this question."))
        return None
    if len(text) > MAX_TEXT_ANSWER:
        raise ValidationError(_("Keep the answer within %(max)s characters (it has %(n)s).")
                              % {"max": MAX_TEXT_ANSWER, "n": len(text)})
    return text


def clean_answers(questions: Iterable[Question], raw: dict) -> dict[int, object]:
    """Every answer checked against its question; ValidationError maps question ids to messages."""
    cleaned: dict[int, object] = {}
    errors: dict[str, str] = {}
    for question in questions:
        try:
            value = clean_answer(question, raw.get(question.pk))
        except ValidationError as exc:
            errors[str(question.pk)] = exc.messages[0]
            continue
        if value is not None:
            cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(_("Answer at least one question."))
    return cleaned


def check_accepting(campaign: Campaign) -> None:
    """SurveyClosed with the reason when the campaign does not take answers today."""
    if campaign.status == DRAFT:
        raise SurveyClosed(_("This survey is not collecting answers yet."))
    if campaign.status != OPEN:
        raise SurveyClosed(_("This survey has ended; answers are no longer accepted."))
    period = campaign.period_state()
    if period == "before":
        raise SurveyClosed(_("This survey starts on %(date)s.") % {"date": campaign.starts_on.isoformat()})
    if period == "after":
        raise SurveyClosed(_("This survey ended on %(date)s; answers are no longer accepted.")
                           % {"date": campaign.ends_on.isoformat()})


def _response_region(campaign: Campaign, region: Region | None) -> Region:
    if region is None or region.code == campaign.region_id:
        return campaign.region
    if not (campaign.is_street and region.level == Level.COMMUNITY and region.code.startswith(campaign.region.prefix)):
        raise ValidationError({"region": _("Choose one of the communities of this survey.")})
    return region


@transaction.atomic
def response_submit(*, campaign: Campaign, answers: dict, channel: str, user=None,
                    region: Region | None = None) -> Response:
    """Record one questionnaire. Staff entry needs ``survey.enter`` for the response's community; a
    public response comes without an account. Nothing about the respondent is stored."""
    if channel not in ResponseChannel.values:
        raise ValueError(f"unknown channel {channel!r}")
    check_accepting(campaign)
    region = _response_region(campaign, region)
    response = Response(campaign=campaign, region=region, channel=channel)
    if channel == ResponseChannel.STAFF:
        if not (access.can(user, "survey.enter", campaign)
                and selectors.unit_allows(user, "survey.enter", campaign, region)):
            raise PermissionDenied(_("You may not enter answers for this community."))
        response.entered_by = user
    questions = list(campaign.questions.all())
    known = {q.pk for q in questions}
    if any(key not in known for key in answers):
        raise ValidationError(_("The questionnaire has changed since the page was opened. Reload the page."))
    cleaned = clean_answers(questions, answers)
    response.save()
    Answer.objects.bulk_create(Answer(response=response, question_id=pk, value=value)
                               for pk, value in cleaned.items())
    audit_record(action="survey.respond", target=response, user=user if channel == ResponseChannel.STAFF else None,
                 changed_fields=["answers"], detail={"campaign": campaign.pk, "channel": channel,
                                                     "answers": len(cleaned)})
    return response


# --------------------------------------------------------------------------------------------- answer → need


def need_communities(user, response: Response):
    """The communities where a need from this response may be registered by the user: the response's
    community, or for an answer not tied to a community, the street's communities where they may."""
    from needs.selectors import communities_for_create

    if response.region.level == Level.COMMUNITY:
        return communities_for_create(user).filter(code=response.region_id)
    low, high = response.region_id, response.region.prefix.ljust(12, "9")
    return communities_for_create(user).filter(code__gte=low, code__lte=high)


def _locked_answer(user, answer: Answer) -> Answer:
    locked = Answer.objects.select_for_update().get(pk=answer.pk)
    locked.question = Question.objects.get(pk=locked.question_id)
    locked.response = Response.objects.select_related("campaign", "region").get(pk=locked.response_id)
    if not access.can(user, "survey.to_need", locked.response):
        raise PermissionDenied(_("You may not turn this answer into a need."))
    if locked.question.kind != QuestionKind.TEXT:
        raise SurveyError(_("Only written answers can become needs."))
    return locked


def _source_line(answer: Answer) -> str:
    response = answer.response
    return _("From the survey “%(title)s”, response #%(number)s of %(date)s, question “%(question)s”.") % {
        "title": response.campaign.title, "number": response.pk,
        "date": timezone.localtime(response.submitted_at).date().isoformat(), "question": answer.question.text}


def answer_to_need(*, user, answer: Answer, community: Region, title: str, category=None, description: str = "",
                   urgency: str = Urgency.NORMAL) -> Need:
    """Register the need a written answer describes, once: a second call returns the same need."""
    with transaction.atomic():
        locked = _locked_answer(user, answer)
        if locked.need_id:
            return Need.objects.get(pk=locked.need_id)
        if not need_communities(user, locked.response).filter(code=community.code).exists():
            raise PermissionDenied(_("You may not register needs for this community."))
        text = "\n\n".join(part for part in ((description or "").strip(), _source_line(locked)) if part)
        fields = {"description": text[:5000], "channel": Channel.SURVEY, "urgency": urgency}
        if category is not None:
            fields["category"] = category
        need = need_create(user=user, community=community, title=title, proposer=Proposer(anonymous=True),
                           **fields)
        locked.need = need
        locked.save(update_fields=["need"])
        audit_record(action="survey.to_need", target=locked, user=user, changed_fields=["need"],
                     detail={"need": need.pk, "campaign": locked.response.campaign_id})
    return need


def answer_add_support(*, user, answer: Answer, need: Need) -> Need:
    """The answer repeats a need already registered: count the resident as one more backer, once."""
    with transaction.atomic():
        locked = _locked_answer(user, answer)
        if locked.need_id:
            return Need.objects.get(pk=locked.need_id)
        if not need_communities(user, locked.response).filter(code=need.community_id).exists():
            raise PermissionDenied(_("This need belongs to a community this answer cannot go to."))
        note = _("Survey “%(title)s”, response #%(number)s") % {"title": locked.response.campaign.title,
                                                               "number": locked.response_id}
        try:
            need_support_add(user=user, need=need, residents=1, note=note[:500])
        except TransitionError as exc:
            raise SurveyError(str(exc)) from None
        locked.need = need
        locked.save(update_fields=["need"])
        audit_record(action="survey.to_need", target=locked, user=user, changed_fields=["need"],
                     detail={"need": need.pk, "campaign": locked.response.campaign_id, "as": "support"})
    return need
