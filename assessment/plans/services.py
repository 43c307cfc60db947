"""Writes of the assessment plans: save a plan with its indicators, publish it, copy it into a new year, and give a
unit its points on a manual indicator. Every write checks who may, refuses a year that is approved, and is audited.

**Validation of a plan** (``check_indicators``, also run at publication): every indicator is a KPI whose code is a
declared figure (at most once per plan) or a manual indicator with a name; weights are 0 … 100 and each level the
plan weighs adds up to exactly 100 (a weight of 0 leaves the indicator out of that level); a level the plan does not
weigh (a district plan's districts) carries no weight; a KPI weighed at a level has a band there whose full-marks
value differs from its no-marks value and lies on the figure's good side of it (above where higher is better,
below where lower is); a share's band is in percent, 0 … 100. At most ``MAX_INDICATORS`` lines.

**Approved years are read-only.** ``assessment.approvals.approved_within(year, unit)``: once the unit (or any unit
under it) is approved for the year, its plan is no longer changed, published or scored, and a manual score of an
approved unit no longer changes.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.approvals import approved_within
from assessment.services import AssessmentError, check_year
from wuse.audit.services import audit_record
from wuse.core import figures
from wuse.core.errors import DomainError
from wuse.core.files import save_with_file, upload_name
from wuse.regions.levels import Level
from wuse.regions.models import Region

from . import files, scoring, selectors
from .models import LEVELS, Indicator, IndicatorKind, ManualScore, Plan, PlanStatus

MAX_INDICATORS = 60
HUNDRED = Decimal(100)
LEVEL_NAMES = {Level.DISTRICT: gettext_lazy("districts"), Level.STREET: gettext_lazy("streets"),
               Level.COMMUNITY: gettext_lazy("communities")}
TEXT_FIELDS = {"name": 100, "description": 1000}


class PlanError(DomainError):
    """A refused plan write (an approved year, a plan not in force)."""


class IndicatorsInvalid(ValidationError):
    """The lines of a plan that are wrong (``rows``: {line index: {field: [messages]}}) and what is wrong with the
    plan as a whole (``plan``: messages, e.g. a level whose weights do not add up to 100)."""

    def __init__(self, rows: dict[int, dict[str, list[str]]] | None = None, plan: list[str] | None = None):
        self.rows, self.plan = rows or {}, plan or []
        super().__init__(self.plan + [m for errors in self.rows.values() for ms in errors.values() for m in ms])


def _refuse_approved(year: int, region: Region) -> None:
    if approved_within(year, region):
        raise PlanError(_("%(year)s is approved for %(unit)s: its plan and scores can no longer be changed. "
                          "Unlock the approval first.") % {"year": year, "unit": region.name})


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def _clean_row(row: dict, levels: tuple, errors: dict[str, list[str]]) -> dict:
    """One line, normalised; problems go in ``errors`` by field."""
    def error(name, message):
        errors.setdefault(name, []).append(message)

    kind = row.get("kind")
    clean = {"id": row.get("id") or None, "kind": kind, "code": "", "name": "", "description": ""}
    if kind not in IndicatorKind.values:
        error("kind", _("Choose KPI or manual indicator."))
        return clean
    for name, limit in TEXT_FIELDS.items():
        text = " ".join(str(row.get(name) or "").split()) if name == "name" else str(row.get(name) or "").strip()
        if len(text) > limit:
            error(name, _("At most %(limit)s characters.") % {"limit": limit})
        clean[name] = text[:limit]
    figure = None
    if kind == IndicatorKind.KPI:
        code = str(row.get("code") or "")
        figure = figures.FIGURES.get(code)
        if figure is None:
            error("code", _("No figure has the code “%(code)s”.") % {"code": code[:100]} if code
                  else _("Choose a figure."))
        clean["code"] = code[:100]
    elif not clean["name"]:
        error("name", _("Give the manual indicator a name."))
    for level in LEVELS:
        names = {"weight": f"weight_{level}", "full": f"full_{level}", "zero": f"zero_{level}"}
        try:
            weight = _decimal(row.get(names["weight"])) or Decimal(0)
            full, zero = _decimal(row.get(names["full"])), _decimal(row.get(names["zero"]))
        except ValueError:
            error(names["weight"], _("Enter a number."))
            continue
        if weight < 0 or weight > HUNDRED:
            error(names["weight"], _("A weight is between 0 and 100."))
        elif weight != weight.quantize(Decimal("0.1")):
            error(names["weight"], _("A weight has at most one decimal."))
        elif weight and level not in levels:
            error(names["weight"], _("This plan does not assess %(level)s.") % {"level": LEVEL_NAMES[level]})
        clean[names["weight"]] = weight if level in levels else Decimal(0)
        if kind != IndicatorKind.KPI or not weight or figure is None or level not in levels:
            clean[names["full"]] = clean[names["zero"]] = None
            continue
        clean[names["full"]], clean[names["zero"]] = full, zero
        _check_band(figure, level, full, zero, names, error)
    return clean


def _check_band(figure, level, full, zero, names, error) -> None:
    where = LEVEL_NAMES[level]
    if full is None or zero is None:
        error(names["full"] if full is None else names["zero"],
              _("Give the full-marks and the no-marks value for %(level)s.") % {"level": where})
        return
    bound = HUNDRED if figure.ratio else Decimal(10) ** 15
    for name, value in (("full", full), ("zero", zero)):
        if value < 0 or value > bound:
            error(names[name], _("A share is entered in percent, 0 to 100.") if figure.ratio
                  else _("Enter a value between 0 and %(max)s.") % {"max": bound})
            return
    if full == zero:
        error(names["full"], _("The full-marks and the no-marks value are the same (%(value)s): no band to score on.")
              % {"value": scoring.plain(full)})
    elif figure.higher_is_better and full < zero:
        error(names["full"], _("Higher is better for this figure: full marks must be above no marks."))
    elif not figure.higher_is_better and full > zero:
        error(names["full"], _("Lower is better for this figure: full marks must be below no marks."))


def check_indicators(levels: tuple, rows: list[dict], *, known_ids: set[int] = frozenset()) -> list[dict]:
    """The plan's lines, normalised, or ``IndicatorsInvalid`` naming every problem (see the module docstring)."""
    if len(rows) > MAX_INDICATORS:
        raise IndicatorsInvalid(plan=[_("A plan has at most %(n)s indicators.") % {"n": MAX_INDICATORS}])
    row_errors: dict[int, dict[str, list[str]]] = {}
    plan_errors: list[str] = []
    cleaned, seen = [], {}
    for index, row in enumerate(rows):
        errors: dict[str, list[str]] = {}
        clean = _clean_row(row, levels, errors)
        if clean["id"] is not None and clean["id"] not in known_ids:
            plan_errors.append(_("Line %(n)s is not an indicator of this plan.") % {"n": index + 1})
        if clean["code"] and clean["kind"] == IndicatorKind.KPI:
            if clean["code"] in seen:
                errors.setdefault("code", []).append(_("This figure is already line %(n)s.")
                                                     % {"n": seen[clean["code"]]})
            seen.setdefault(clean["code"], index + 1)
        if errors:
            row_errors[index] = errors
        cleaned.append(clean)
    if not rows:
        plan_errors.append(_("Add at least one indicator."))
    for level in levels:
        total = sum((c.get(f"weight_{level}") or Decimal(0) for c in cleaned), Decimal(0))
        if total != HUNDRED:
            plan_errors.append(_("The weights for %(level)s add up to %(sum)s, not 100.")
                                % {"level": LEVEL_NAMES[level], "sum": scoring.plain(total)})
    if row_errors or plan_errors:
        raise IndicatorsInvalid(row_errors, plan_errors)
    return cleaned


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("region").get(pk=plan.pk)


def _refuse_scored_removals(plan: Plan, cleaned: list[dict]) -> None:
    """A manual indicator already scored is not removed with its scores and their evidence by an edit."""
    kept = {line["id"] for line in cleaned if line["id"]}
    scored = (Indicator.objects.filter(plan=plan, scores__isnull=False).exclude(pk__in=kept)
              .values_list("name", flat=True).distinct())
    if scored:
        raise IndicatorsInvalid(plan=[_("“%(name)s” already has manual scores: it cannot be removed.")
                                      % {"name": name} for name in scored])


def _write_indicators(plan: Plan, cleaned: list[dict]) -> None:
    existing = {i.pk: i for i in plan.indicators.all()}
    kept = set()
    for position, line in enumerate(cleaned, start=1):
        indicator = existing.get(line["id"]) or Indicator(plan=plan)
        for name, value in line.items():
            if name != "id":
                setattr(indicator, name, value)
        indicator.position = position
        indicator.save()
        kept.add(indicator.pk)
    plan.indicators.exclude(pk__in=kept).delete()


@transaction.atomic
def plan_save(*, user, region: Region, year, rows: list[dict], plan: Plan | None = None) -> Plan:
    """Create the plan of ``region`` for ``year`` (``plan`` None) or replace ``plan``'s indicators with ``rows``
    (each a dict of the indicator's fields; ``id`` names an existing line of this plan)."""
    if plan is not None:
        plan = _locked(plan)
        region, year = plan.region, plan.year
    if not selectors.may_edit(user, region):
        raise PermissionDenied(_("You may not write the assessment plan of %(unit)s.") % {"unit": region.name})
    try:
        year = check_year(year)
    except AssessmentError as exc:
        raise ValidationError({"year": str(exc)}) from None
    _refuse_approved(year, region)
    levels = (Plan(region=region).levels)
    known = set(plan.indicators.values_list("pk", flat=True)) if plan else set()
    cleaned = check_indicators(levels, rows, known_ids=known)
    now = timezone.now()
    if plan is None:
        if Plan.objects.filter(year=year, region=region).exists():
            raise ValidationError({"year": _("%(unit)s already has a plan for %(year)s.")
                                   % {"unit": region.name, "year": year}})
        try:
            with transaction.atomic():
                plan = Plan.objects.create(year=year, region=region, created_by=user, created_at=now, updated_at=now)
        except IntegrityError:
            raise ValidationError({"year": _("%(unit)s already has a plan for %(year)s.")
                                   % {"unit": region.name, "year": year}}) from None
        action = "plan.create"
    else:
        _refuse_scored_removals(plan, cleaned)
        plan.updated_at = now
        plan.save(update_fields=["updated_at"])
        action = "plan.change"
    _write_indicators(plan, cleaned)
    audit_record(action=action, target=plan, user=user,
                 detail={"year": year, "region": region.code, "indicators": len(cleaned), "status": plan.status})
    return plan


def _stored_rows(plan: Plan) -> list[dict]:
    names = ["id", "kind", "code", "name", "description"] + [f"{p}_{level}" for level in LEVELS
                                                              for p in ("weight", "full", "zero")]
    return [{name: getattr(i, name) for name in names} for i in plan.indicators.order_by("position", "id")]


@transaction.atomic
def plan_publish(*, user, plan: Plan) -> Plan:
    """Put a draft in force: checked once more as a whole, then published (the scores read it from now on)."""
    plan = _locked(plan)
    if not selectors.may_edit(user, plan.region):
        raise PermissionDenied(_("You may not publish this plan."))
    _refuse_approved(plan.year, plan.region)
    if plan.published:
        raise PlanError(_("This plan is already published."))
    rows = _stored_rows(plan)
    check_indicators(plan.levels, rows, known_ids={r["id"] for r in rows})
    plan.status, plan.published_at = PlanStatus.PUBLISHED, timezone.now()
    plan.save(update_fields=["status", "published_at"])
    audit_record(action="plan.publish", target=plan, user=user, detail={"year": plan.year, "region": plan.region_id})
    return plan


@transaction.atomic
def plan_copy(*, user, plan: Plan, year) -> Plan:
    """A draft for ``year`` with ``plan``'s indicators (weights and bands), to adjust and publish."""
    rows = [dict(row, id=None) for row in _stored_rows(plan)]
    copy = plan_save(user=user, region=plan.region, year=year, rows=rows)
    audit_record(action="plan.copy", target=copy, user=user, detail={"from": plan.pk, "year": copy.year})
    return copy


def _checked_points(raw, weight: Decimal) -> Decimal:
    try:
        points = _decimal(raw)
    except ValueError:
        points = None
    if points is None:
        raise ValidationError({"points": _("Enter the points as a number.")})
    if points < 0 or points > weight:
        raise ValidationError({"points": _("Points are between 0 and %(weight)s (the weight).")
                               % {"weight": scoring.plain(weight)}})
    if points != points.quantize(Decimal("0.1")):
        raise ValidationError({"points": _("Points have at most one decimal.")})
    return points


@transaction.atomic
def score_manual(*, user, indicator: Indicator, region: Region, points, note: str = "", upload=None) -> ManualScore:
    """Give ``region`` its points on a manual indicator of the plan that assesses it, with a note and evidence
    (required the first time; a new file replaces the old one)."""
    plan = _locked(indicator.plan)
    indicator = Indicator.objects.get(pk=indicator.pk)
    if not selectors.may_score(user, region):
        raise PermissionDenied(_("You may not score %(unit)s.") % {"unit": region.name})
    if not indicator.manual or not plan.published or selectors.plan_for(plan.year, region) != plan:
        raise PlanError(_("This indicator is not one %(unit)s is scored on by hand.") % {"unit": region.name})
    weight = indicator.weight(region.level)
    if not weight:
        raise PlanError(_("This indicator is not one %(unit)s is scored on by hand.") % {"unit": region.name})
    _refuse_approved(plan.year, region)
    points = _checked_points(points, weight)
    note = str(note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("At most %(limit)s characters.") % {"limit": 2000}})
    score = ManualScore.objects.select_for_update().filter(indicator=indicator, region=region).first()
    if upload is None and (score is None or not score.file):
        raise ValidationError({"file": _("Attach the evidence (a PDF, a photo or a text file).")})
    content_type = None
    if upload is not None:
        try:
            content_type = files.checked_type(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
    created = score is None
    score = score or ManualScore(indicator=indicator, region=region)
    old_file = score.file.name if score.file else ""
    score.points, score.note, score.scored_by, score.scored_at = points, note, user, timezone.now()
    if upload is not None:
        score.content_type, score.size, score.original_name = content_type, upload.size, upload_name(upload.name)
        save_with_file(score, upload, name="evidence")
        if old_file:
            storage = score.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    else:
        score.save()
    audit_record(action="plan.score", target=score, user=user,
                 detail={"indicator": indicator.pk, "region": region.code, "points": str(points),
                         "created": created, "file": bool(upload)})
    return score
