"""A campaign and its questionnaire: create, edit, open and close it; add, change, delete and order its
questions (only while it is a draft)."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.errors import ConflictError, DomainError
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import transition_apply

from ..models import MAX_CHOICE_CHARS, MAX_CHOICES, MAX_QUESTIONS, SCALE_BOUNDS, Campaign, Question, QuestionKind
from ..workflow import DRAFT, SURVEY_PROCESS

CAMPAIGN_FIELDS = ("title", "description", "starts_on", "ends_on")
QUESTION_FIELDS = ("kind", "text", "help_text", "choices", "scale_min", "scale_max", "scale_min_label",
                   "scale_max_label", "required")
MAX_PERIOD_DAYS = 366


class SurveyError(DomainError):
    """An action the survey's state does not allow now; the message is for the user."""


class CampaignConflict(SurveyError, ConflictError):
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
    locked.save(update_fields=[*changed, *locked.touch()])
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
