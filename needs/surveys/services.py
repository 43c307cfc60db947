"""Every write to surveys: one function per action, guard → change → audit, in a transaction."""

import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from needs.models import Channel, Need, Urgency
from needs.services import Proposer, need_create, need_support_add
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import TransitionError, transition_apply

from . import access as survey_access
from .models import (
    MAX_CHOICE_CHARS,
    MAX_CHOICES,
    MAX_QUESTIONS,
    MAX_TEXT_ANSWER,
    SCALE_BOUNDS,
    Answer,
    Campaign,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
)
from .workflow import DRAFT, OPEN, SURVEY_PROCESS

CAMPAIGN_FIELDS = ("title", "description", "starts_on", "ends_on")
QUESTION_FIELDS = ("kind", "text", "help_text", "choices", "scale_min", "scale_max", "scale_min_label",
                   "scale_max_label", "required")
MAX_PERIOD_DAYS = 366


class SurveyError(Exception):
    """An action the survey's state does not allow now; the message is for the user."""


class SurveyClosed(SurveyError):
    """The survey does not accept answers now (not open, or outside its period)."""


class CampaignConflict(SurveyError):
    """Someone else saved the campaign since the form was opened."""


# --------------------------------------------------------------------------------------------- campaigns


def _clean_title(value: str) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise ValidationError({"title": _("Enter a title.")})
    return title


def _check_period(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    if (ends_on - starts_on).days >= MAX_PERIOD_DAYS:
        raise ValidationError({"ends_on": _("A survey runs for at most a year; choose an earlier last day.")})


@transaction.atomic
def campaign_create(*, user, region: Region, title: str, starts_on: dt.date, ends_on: dt.date,
                    description: str = "") -> Campaign:
    """Create a draft campaign for a community or a street; questions are added next."""
    if region.level not in (Level.COMMUNITY, Level.STREET):
        raise PermissionDenied(_("A survey belongs to a community or a street."))
    campaign = Campaign(region=region, title=_clean_title(title), description=description.strip(),
                        starts_on=starts_on, ends_on=ends_on, created_by=user)
    if not access.can(user, "survey.create", campaign):
        raise PermissionDenied(_("You may not create surveys for this unit."))
    _check_period(starts_on, ends_on)
    campaign.full_clean()
    campaign.save()
    audit_record(action="survey.create", target=campaign, user=user,
                 changed_fields=["region", *(f for f in CAMPAIGN_FIELDS if getattr(campaign, f))])
    return campaign


@transaction.atomic
def campaign_update(*, user, campaign: Campaign, version: int, **fields) -> Campaign:
    """Save edits made on ``version``; refuse if the campaign changed since (no silent overwrite)."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not access.can(user, "survey.change", locked):
        raise PermissionDenied(_("You may not edit this survey."))
    if locked.version != version:
        raise CampaignConflict(_("This survey was changed by someone else while you were editing it. "
                                 "Your text is kept below; check it against the saved version and save again."))
    if "title" in fields:
        fields["title"] = _clean_title(fields["title"])
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    changed = [f for f in CAMPAIGN_FIELDS if f in fields and getattr(locked, f) != fields[f]]
    for f in changed:
        setattr(locked, f, fields[f])
    _check_period(locked.starts_on, locked.ends_on)
    locked.full_clean()
    locked.version += 1
    locked.save(update_fields=[*changed, "version", "updated_at"])
    audit_record(action="survey.change", target=locked, changed_fields=changed, user=user)
    return locked


def campaign_transition(*, user, campaign: Campaign, name: str, reason: str = "") -> Campaign:
    """Open, close or reopen a campaign. Opening needs questions and a last day still to come (the guards
    declared in ``workflow.py``)."""
    return transition_apply(process=SURVEY_PROCESS, obj=campaign, name=name, user=user, reason=reason)


# --------------------------------------------------------------------------------------------- questions


def _locked_draft(user, campaign: Campaign) -> Campaign:
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not access.can(user, "survey.change", locked):
        raise PermissionDenied(_("You may not edit this survey."))
    if locked.status != DRAFT:
        raise SurveyError(_("The questions can only be changed while the survey is a draft: answers already "
                            "collected must stay comparable."))
    return locked


def clean_question(*, kind: str, text: str, help_text: str = "", choices: Iterable[str] = (), scale_min: int = 1,
                   scale_max: int = 5, scale_min_label: str = "", scale_max_label: str = "",
                   required: bool = True) -> dict:
    """The question's fields tidied and checked; ValidationError names the field at fault."""
    errors: dict[str, str] = {}
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")})
    text = " ".join((text or "").split())
    if not text:
        errors["text"] = _("Enter the question.")
    options: list[str] = []
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        for option in choices:
            option = " ".join(str(option).split())
            if not option:
                continue
            if len(option) > MAX_CHOICE_CHARS:
                errors["choices"] = _("Keep each option within %(max)s characters: “%(option)s…”.") % {
                    "max": MAX_CHOICE_CHARS, "option": option[:20]}
            elif option in options:
                errors["choices"] = _("The option “%(option)s” is listed twice.") % {"option": option}
            options.append(option)
        if "choices" not in errors and len(options) < 2:
            errors["choices"] = _("Give at least two options, one per line.")
        elif "choices" not in errors and len(options) > MAX_CHOICES:
            errors["choices"] = _("Give at most %(max)s options.") % {"max": MAX_CHOICES}
    if kind == QuestionKind.SCALE:
        low, high = SCALE_BOUNDS
        if not (low <= scale_min <= high and low <= scale_max <= high):
            errors["scale_max"] = _("A scale runs within %(low)s–%(high)s.") % {"low": low, "high": high}
        elif scale_min >= scale_max:
            errors["scale_max"] = _("The highest value must be above the lowest.")
    else:
        scale_min, scale_max, scale_min_label, scale_max_label = 1, 5, "", ""
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "text": text, "help_text": " ".join((help_text or "").split()), "choices": options,
            "scale_min": scale_min, "scale_max": scale_max, "scale_min_label": scale_min_label.strip(),
            "scale_max_label": scale_max_label.strip(), "required": bool(required)}


@transaction.atomic
def question_add(*, user, campaign: Campaign, **fields) -> Question:
    locked = _locked_draft(user, campaign)
    if locked.questions.count() >= MAX_QUESTIONS:
        raise SurveyError(_("A survey has at most %(max)s questions.") % {"max": MAX_QUESTIONS})
    data = clean_question(**fields)
    last = locked.questions.aggregate(m=Max("position"))["m"]
    question = Question(campaign=locked, position=0 if last is None else last + 1, **data)
    question.full_clean()
    question.save()
    audit_record(action="survey.question_add", target=question, user=user,
                 changed_fields=[f for f in QUESTION_FIELDS if data.get(f) not in ("", [], None)],
                 detail={"campaign": locked.pk})
    return question


@transaction.atomic
def question_update(*, user, question: Question, **fields) -> Question:
    _locked_draft(user, question.campaign)
    current = Question.objects.get(pk=question.pk)
    data = clean_question(**{**{f: getattr(current, f) for f in QUESTION_FIELDS}, **fields})
    changed = [f for f in QUESTION_FIELDS if getattr(current, f) != data[f]]
    for f in changed:
        setattr(current, f, data[f])
    current.full_clean()
    current.save(update_fields=changed or None)
    audit_record(action="survey.question_change", target=current, user=user, changed_fields=changed,
                 detail={"campaign": current.campaign_id})
    return current


@transaction.atomic
def question_delete(*, user, question: Question) -> None:
    locked = _locked_draft(user, question.campaign)
    audit_record(action="survey.question_delete", target=question, user=user, detail={"campaign": locked.pk})
    Question.objects.filter(pk=question.pk).delete()
    for position, pk in enumerate(locked.questions.order_by("position", "id").values_list("pk", flat=True)):
        Question.objects.filter(pk=pk).exclude(position=position).update(position=position)


@transaction.atomic
def question_move(*, user, question: Question, direction: str) -> None:
    """Swap a question with the one above (``"up"``) or below (``"down"``)."""
    locked = _locked_draft(user, question.campaign)
    order = list(locked.questions.order_by("position", "id").values_list("pk", flat=True))
    index = order.index(question.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(order):
        return
    order[index], order[other] = order[other], order[index]
    for position, pk in enumerate(order):
        Question.objects.filter(pk=pk).exclude(position=position).update(position=position)
    audit_record(action="survey.question_move", target=question, user=user, changed_fields=["position"],
                 detail={"campaign": locked.pk, "direction": direction})


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


def answer_units(campaign: Campaign):
    """The units a response of this campaign may belong to: the campaign's own unit, and for a street
    campaign each of its communities."""
    if not campaign.is_street:
        return Region.objects.filter(code=campaign.region_id)
    low, high = campaign.region_id, campaign.region.prefix.ljust(12, "9")
    return Region.objects.filter(code__gte=low, code__lte=high).filter(
        level__in=[Level.COMMUNITY, Level.STREET]).order_by("code")


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
        if not (survey_access.can(user, "survey.enter", campaign) and survey_access.can(user, "survey.enter",
                                                                                         response)):
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
    if not survey_access.can(user, "survey.to_need", locked.response):
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
