"""The residents' satisfaction survey of a project: opened and closed by the street or the district (audited), a
minimum sample size they may set, responses recorded from the public page (one per device), and the results —
the three indices computed from one aggregate query.

Index arithmetic (``index_score``): an index is the mean of its items' answers over all responses (blank answers
left out) on the 1–5 scale, shown as (mean − 1) ÷ 4 × 100, rounded once, half up, to one decimal; computed
exactly as (Σ answers − n answers) × 25 ÷ n answers. The satisfaction score *counts* (in the evaluation's figure)
once the number of responses reaches the survey's minimum; below it the page says "not enough responses yet:
n of m"."""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Project
from projects.workflow import ACCEPTANCE, ACCEPTED, EVALUATION, IN_PROGRESS, UNDERTAKEN
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.public.device import keyed_hash

from .. import scoring
from ..errors import EvaluationError
from ..models import SatisfactionResponse, SatisfactionSurvey
from ..models.satisfaction import INDICES, ITEMS, MAX_COMMENT, MINIMUM_BOUNDS, SATISFACTION, SCALE

DEVICE_NAMESPACE = "satisfaction"  # wuse.public.device / wuse.public.ratelimit namespace
# The project states in which a survey may be opened: being delivered, up to its evaluation.
OPEN_STATES = (UNDERTAKEN, IN_PROGRESS, ACCEPTANCE, ACCEPTED, EVALUATION)


class SurveyClosed(EvaluationError):
    """The survey takes no answers (closed); the message says so, for the resident."""


class AlreadyAnswered(EvaluationError):
    """This device has answered this survey already."""


# --- opening, closing, the minimum ---------------------------------------------------------------------------


def _check_manage(user, survey: SatisfactionSurvey) -> None:
    if not access.can(user, "satisfaction.manage", survey):
        raise PermissionDenied(_("You may not open or close this project's satisfaction survey."))


def check_minimum(value) -> int:
    """The minimum sample: a whole number within the bounds, or ``ValidationError`` on ``min_responses``."""
    low, high = MINIMUM_BOUNDS
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError({"min_responses": _("The minimum number of responses is a whole number from "
                                                  "%(low)s to %(high)s.") % {"low": low, "high": high}})
    return value


@transaction.atomic
def survey_open(*, user, project: Project, min_responses: int | None = None) -> SatisfactionSurvey:
    """Open the project's survey: created the first time (with a new public token), reopened after a close."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    survey = SatisfactionSurvey.objects.select_for_update().filter(project=project).first()
    _check_manage(user, survey or SatisfactionSurvey(region_id=project.region_id))
    if project.status not in OPEN_STATES:
        raise EvaluationError(_("The project is “%(state)s”: its satisfaction survey opens once the project is "
                                "undertaken, and until its evaluation.") % {"state": project.status_label})
    if survey is None:
        survey = SatisfactionSurvey(project=project, region_id=project.region_id, created_by=user)
        if min_responses is not None:
            survey.min_responses = check_minimum(min_responses)
        survey.save()
        audit_record(action="satisfaction.open", target=survey, user=user,
                     changed_fields=["is_open", "min_responses"], detail={"project": project.pk})
        return survey
    if survey.is_open:
        raise EvaluationError(_("The satisfaction survey is already open."))
    survey.is_open, survey.closed_at, survey.opened_at = True, None, timezone.now()
    survey.save(update_fields=["is_open", "closed_at", "opened_at", *survey.touch()])
    audit_record(action="satisfaction.reopen", target=survey, user=user, changed_fields=["is_open"],
                 detail={"project": project.pk})
    return survey


def _locked(survey: SatisfactionSurvey) -> SatisfactionSurvey:
    return SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)


@transaction.atomic
def survey_close(*, user, survey: SatisfactionSurvey) -> SatisfactionSurvey:
    """Close the survey: the public page answers 410 with the date it closed; the answers stay."""
    survey = _locked(survey)
    _check_manage(user, survey)
    if not survey.is_open:
        raise EvaluationError(_("The satisfaction survey is already closed."))
    survey.is_open, survey.closed_at = False, timezone.now()
    survey.save(update_fields=["is_open", "closed_at", *survey.touch()])
    audit_record(action="satisfaction.close", target=survey, user=user, changed_fields=["is_open"],
                 detail={"project": survey.project_id})
    return survey


@transaction.atomic
def survey_set_minimum(*, user, survey: SatisfactionSurvey, min_responses) -> SatisfactionSurvey:
    """Change the minimum sample size before the score counts."""
    survey = _locked(survey)
    _check_manage(user, survey)
    survey.min_responses = check_minimum(min_responses)
    survey.save(update_fields=["min_responses", *survey.touch()])
    audit_record(action="satisfaction.minimum", target=survey, user=user, changed_fields=["min_responses"],
                 detail={"project": survey.project_id})
    return survey


# --- a resident's response -----------------------------------------------------------------------------------

_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F])
_LINE_BREAKS = re.compile(r"\r\n?")


def clean_comment(text) -> str:
    """The free text as stored: line breaks made ``\\n``, control characters (but line breaks and tabs) and
    direction overrides removed, surrounding blanks trimmed."""
    text = _LINE_BREAKS.sub("\n", str(text or "")).translate(_BIDI)
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc").strip()


def check_answers(answers: Mapping) -> dict:
    """Each item an integer 1–5 (or blank, where allowed): the values to save, or ``ValidationError`` naming
    every item in question. Strings of digits are accepted ("4"); 2.5, "abc", 0, 6, lists and booleans are not."""
    values, errors = {}, {}
    for item in ITEMS:
        raw = answers.get(item.field)
        if raw is None or raw == "":
            if item.required:
                errors[item.field] = _("Please choose an answer from 1 to 5.")
            values[item.field] = None
            continue
        if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
            raw = int(raw.strip())
        if isinstance(raw, bool) or not isinstance(raw, int) or not SCALE[0] <= raw <= SCALE[1]:
            errors[item.field] = _("Choose one of the answers 1 to 5.")
            continue
        values[item.field] = raw
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def response_record(*, survey: SatisfactionSurvey, answers: Mapping, comment: str = "",
                    device_token: str) -> SatisfactionResponse:
    """Save one resident's answers, once per device: ``AlreadyAnswered`` for a device that answered before (also
    when two submits race: the unique constraint decides), ``SurveyClosed`` once the survey is closed,
    ``ValidationError`` for values off the scale or too long a text. Nothing is saved on a refusal."""
    if not device_token:
        raise ValidationError(_("Your browser sent no device cookie: allow cookies and open the link again."))
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)  # waits for a close in progress
    if not survey.is_open:
        raise SurveyClosed(closed_message(survey))
    values = check_answers(answers)
    text = clean_comment(comment)
    if len(text) > MAX_COMMENT:
        raise ValidationError({"comment": _("At most %(max)s characters, please.") % {"max": MAX_COMMENT}})
    device = keyed_hash(DEVICE_NAMESPACE, device_token)
    if survey.responses.filter(device=device).exists():
        raise AlreadyAnswered(_("This phone has already answered this survey. Thank you!"))
    try:
        with transaction.atomic():
            response = SatisfactionResponse.objects.create(survey=survey, comment=text, device=device, **values)
    except IntegrityError:
        raise AlreadyAnswered(_("This phone has already answered this survey. Thank you!")) from None
    audit_record(action="satisfaction.respond", target=response,
                 changed_fields=[f for f, v in values.items() if v is not None] + (["comment"] if text else []),
                 detail={"survey": survey.pk})
    return response


def survey_by_token(token: str) -> SatisfactionSurvey | None:
    """The survey behind a public link (None: no such survey), with its project and unit for the page."""
    if not (8 <= len(token) <= 43) or not token.isascii() or not all(c.isalnum() or c in "-_" for c in token):
        return None
    return SatisfactionSurvey.objects.select_related("project", "region").filter(public_token=token).first()


def has_answered(survey: SatisfactionSurvey, device_token: str) -> bool:
    """Whether this device has answered the survey (a read of the unique index)."""
    return survey.responses.filter(device=keyed_hash(DEVICE_NAMESPACE, device_token)).exists()


def closed_message(survey: SatisfactionSurvey) -> str:
    closed = timezone.localtime(survey.closed_at).date().isoformat() if survey.closed_at else ""
    return _("This satisfaction survey was closed on %(date)s and takes no more answers. Thank you for your "
             "interest.") % {"date": closed}


# --- results -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexScore:
    """One index: its label and definition, the number of answers it reads and its score (0–100, one decimal;
    None without answers), and each item's mean on 1–5."""

    code: str
    label: str
    definition: str
    answers: int
    score: Decimal | None
    items: tuple[tuple[str, Decimal | None], ...]


@dataclass(frozen=True)
class SatisfactionResults:
    responses: int
    minimum: int
    indices: tuple[IndexScore, ...]

    @property
    def counts(self) -> bool:
        """Whether the sample reaches the minimum: only then does the satisfaction score count."""
        return self.responses >= self.minimum

    @property
    def satisfaction(self) -> Decimal | None:
        """The satisfaction index's score (whether or not it counts yet)."""
        return next(i.score for i in self.indices if i.code == SATISFACTION)

    @property
    def score(self) -> Decimal | None:
        """The score the evaluation uses: the satisfaction index, once the sample reaches the minimum."""
        return self.satisfaction if self.counts else None

    @property
    def state(self) -> str:
        """"Counts", or why not (for the pages and the evaluation's figure)."""
        if self.counts:
            return _("Counts: %(n)s responses (minimum %(m)s).") % {"n": self.responses, "m": self.minimum}
        return _("Not enough responses yet: %(n)s of %(m)s.") % {"n": self.responses, "m": self.minimum}


def index_score(total: int, answers: int) -> Decimal | None:
    """(mean − 1) ÷ 4 × 100 of ``answers`` answers adding up to ``total``, exactly, then rounded once to one
    decimal (half up); None without answers."""
    if not answers:
        return None
    return scoring.round1(Decimal(total - answers) * 25 / Decimal(answers))


def _mean(total: int, answers: int) -> Decimal | None:
    return scoring.round1(Decimal(total) / Decimal(answers)) if answers else None


def aggregates(prefix: str = "") -> dict:
    """The one aggregate: the number of responses, and each item's sum and count of answers (``prefix``:
    through a relation, e.g. ``"responses__"``)."""
    found = {"n": Count(f"{prefix}pk")}
    for item in ITEMS:
        found[f"{item.field}_sum"] = Sum(f"{prefix}{item.field}")
        found[f"{item.field}_n"] = Count(f"{prefix}{item.field}")
    return found


def results_from(row: Mapping, minimum: int) -> SatisfactionResults:
    """The results from the aggregate's row (pure: the arithmetic of the indices)."""
    indices = []
    for index in INDICES:
        items = [item for item in ITEMS if item.index == index.code]
        total = sum(row.get(f"{item.field}_sum") or 0 for item in items)
        answers = sum(row.get(f"{item.field}_n") or 0 for item in items)
        indices.append(IndexScore(
            index.code, str(index.label), str(index.definition), answers, index_score(total, answers),
            tuple((str(item.question), _mean(row.get(f"{item.field}_sum") or 0, row.get(f"{item.field}_n") or 0))
                  for item in items)))
    return SatisfactionResults(row.get("n") or 0, minimum, tuple(indices))


def survey_results(survey: SatisfactionSurvey) -> SatisfactionResults:
    """The survey's results, in one aggregate query."""
    return results_from(survey.responses.order_by().aggregate(**aggregates()), survey.min_responses)


def project_results(project) -> SatisfactionResults | None:
    """The results of a project's survey (None: no survey), in one query: the survey row with its aggregate."""
    row = (SatisfactionSurvey.objects.filter(project_id=project.pk).order_by().values("pk", "min_responses")
           .annotate(**aggregates("responses__")).first())
    return None if row is None else results_from(row, row["min_responses"])
