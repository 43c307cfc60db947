"""A round: create it (with its criteria and panel), move it along, close the panel (rank and award)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.workflow.services import transition_apply

from .. import ranking
from ..errors import VentureError
from ..models import Application, Criterion, Round, Score
from ..workflow import APPLICATION_PROCESS, PASSED, REVIEW, ROUND_PROCESS

MAX_FUND = Decimal("9999999999.99")


@dataclass
class RoundData:
    title: str
    year: int
    total_fund: Decimal
    project_cap: Decimal
    call_closes: object
    review_closes: object
    criteria: list[tuple[str, int]] = field(default_factory=list)
    reviewers: list = field(default_factory=list)
    focus_areas: str = ""
    publicity_ends: object = None
    signing_by: object = None
    midterm_on: object = None
    final_on: object = None
    pass_mark: Decimal = Decimal("60")
    evaluation_template: object = None  # an evaluation.TemplateVersion of the round's unit or a unit above it


def _check(data: RoundData) -> None:
    if not data.title or not data.title.strip():
        raise VentureError(_("Please give the round a title."))
    if len(data.title) > 100:
        raise VentureError(_("The title is at most 100 characters."))
    for amount in (data.total_fund, data.project_cap):
        if amount is None or amount <= 0 or amount > MAX_FUND:
            raise VentureError(_("The fund and the cap must be positive amounts."))
    if data.project_cap > data.total_fund:
        raise VentureError(_("The cap per project cannot exceed the round's fund."))
    if data.review_closes < data.call_closes:
        raise VentureError(_("The review cannot close before the applications close."))
    if not data.criteria:
        raise VentureError(_("Give at least one review criterion."))
    if any(not name.strip() or len(name) > 50 or not 1 <= weight <= 100 for name, weight in data.criteria):
        raise VentureError(_("Each criterion needs a name (at most 50 characters) and a weight from 1 to 100."))
    if sum(weight for _name, weight in data.criteria) != 100:
        raise VentureError(_("The criteria's weights must add up to 100."))
    if len({name for name, _weight in data.criteria}) != len(data.criteria):
        raise VentureError(_("Two criteria have the same name."))


def _check_template(region, template) -> None:
    if template is None:
        return
    if not region.code.startswith(template.family.region.prefix):
        raise VentureError(_("The evaluation template must be the round's unit's own or that of a unit above it."))


def round_create(*, user, region, data: RoundData) -> Round:
    if region.level not in (Level.STREET, Level.DISTRICT, Level.CITY):
        raise VentureError(_("A round is run by a street, a district or the city."))
    _check(data)
    _check_template(region, data.evaluation_template)
    venture_round = Round(region=region, title=data.title.strip(), year=data.year, total_fund=data.total_fund,
                          project_cap=data.project_cap, focus_areas=data.focus_areas[:200],
                          call_closes=data.call_closes, review_closes=data.review_closes,
                          publicity_ends=data.publicity_ends, signing_by=data.signing_by,
                          midterm_on=data.midterm_on, final_on=data.final_on, pass_mark=data.pass_mark,
                          evaluation_template=data.evaluation_template, created_by=user)
    if not access.can(user, "venture_round.manage", venture_round):
        raise PermissionDenied(_("You may not run rounds for this unit."))
    try:
        venture_round.full_clean()
    except ValidationError as exc:
        raise VentureError(" ".join(exc.messages)) from None
    with transaction.atomic():
        venture_round.save()
        Criterion.objects.bulk_create(Criterion(round=venture_round, name=name.strip(), weight=weight, position=i)
                                      for i, (name, weight) in enumerate(data.criteria))
        venture_round.reviewers.set(data.reviewers)
        audit_record(action="venture_round.create", target=venture_round, user=user,
                     changed_fields=["title", "total_fund", "project_cap", "criteria", "reviewers"])
    return venture_round


def round_transition(*, user, venture_round: Round, name: str, reason: str = "") -> Round:
    if name == "close_panel":
        return panel_close(user=user, venture_round=venture_round)
    return transition_apply(process=ROUND_PROCESS, obj=venture_round, name=name, user=user, reason=reason,
                            manual_only=True)


def panel_close(*, user, venture_round: Round) -> Round:
    """Close the panel: compute each passed application's weighted mean, rank them and award within the fund
    (``ranking``'s rules), all in one transaction."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=venture_round.pk)
        if locked.status != REVIEW:
            raise VentureError(_("The panel is closed only while the round is in review."))
        if not access.can(user, "venture_round.manage", locked):
            raise PermissionDenied(_("You may not run this round."))
        weights = dict(locked.criteria.values_list("id", "weight"))
        applications = list(Application.objects.select_for_update().filter(round=locked, status=PASSED))
        per_app: dict[int, dict[int, dict[int, Decimal]]] = {}
        for app_id, reviewer_id, criterion_id, value in Score.objects.filter(
                application__in=applications).values_list("application_id", "reviewer_id", "criterion_id",
                                                          "value"):
            per_app.setdefault(app_id, {}).setdefault(reviewer_id, {})[criterion_id] = value
        entries = []
        for app in applications:
            totals = [ranking.reviewer_total(scores, weights) for scores in per_app.get(app.pk, {}).values()]
            app.mean_score, app.min_score = ranking.mean_and_min(totals)
            entries.append(ranking.Entry(app.pk, app.mean_score, app.min_score, app.created_at, app.requested))
        ordered = ranking.rank(entries)
        awards = ranking.award(ordered, fund=locked.total_fund, cap=locked.project_cap, pass_mark=locked.pass_mark)
        by_id = {app.pk: app for app in applications}
        for position, entry in enumerate(ordered, start=1):
            app = by_id[entry.id]
            app.rank = position
            app.awarded = awards.get(entry.id, Decimal("0"))
            app.save(update_fields=["mean_score", "min_score", "rank", "awarded", "updated_at"])
            transition_apply(process=APPLICATION_PROCESS, obj=app, user=user,
                             name="award" if entry.id in awards else "not_award")
        locked = transition_apply(process=ROUND_PROCESS, obj=locked, name="close_panel", user=user)
    return locked
