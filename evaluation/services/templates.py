"""Indicator templates: create, save (a version in use is never changed: the next version is written instead),
copy to next year. Every write: guard → change → audit row, in a transaction."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level

from .. import scoring
from ..choices import DimensionCode, FigureCode
from ..errors import EvaluationError
from ..models import Dimension, SubIndicator, TemplateFamily, TemplateVersion

MAX_INDICATORS = 20  # per dimension


@dataclass
class IndicatorData:
    name: str
    max_score: Decimal
    guidance: str = ""
    figure: str = ""


@dataclass
class DimensionData:
    code: str
    weight: Decimal
    indicators: list[IndicatorData] = field(default_factory=list)


@dataclass
class TemplateData:
    """A whole template version as a form or a data function gives it."""

    dimensions: list[DimensionData]
    rule: dict[str, Decimal] = field(default_factory=lambda: {
        "self": Decimal("0"), "street": Decimal("40"), "third_party": Decimal("60")})
    bands: tuple[Decimal, Decimal, Decimal] = (Decimal("90"), Decimal("80"), Decimal("60"))
    note: str = ""

    @classmethod
    def of(cls, version: TemplateVersion) -> "TemplateData":
        return cls(
            dimensions=[DimensionData(d.code, d.weight, [IndicatorData(i.name, i.max_score, i.guidance, i.figure)
                                                         for i in d.indicators.all()])
                        for d in version.dimensions_with_indicators()],
            rule={str(k): v for k, v in version.rule().items()},
            bands=(version.excellent_from, version.good_from, version.pass_from))

    def as_comparable(self) -> tuple:
        return (tuple((d.code, Decimal(d.weight), tuple((i.name.strip(), Decimal(i.max_score), i.guidance.strip(),
                                                          i.figure) for i in d.indicators)) for d in self.dimensions),
                tuple(sorted((k, Decimal(v)) for k, v in self.rule.items())), tuple(Decimal(b) for b in self.bands))


def _problem(call, *args) -> str | None:
    try:
        call(*args)
    except scoring.ScoringError as exc:
        return str(exc)
    return None


def _indicator_problems(dimension: DimensionData) -> list[str]:
    label = DimensionCode(dimension.code).label
    if not dimension.indicators:
        return [_("%(dimension)s: add at least one sub-indicator.") % {"dimension": label}]
    if len(dimension.indicators) > MAX_INDICATORS:
        return [_("%(dimension)s: at most %(n)s sub-indicators.") % {"dimension": label, "n": MAX_INDICATORS}]
    problems = []
    for indicator in dimension.indicators:
        if not indicator.name.strip():
            problems.append(_("%(dimension)s: every sub-indicator has a name.") % {"dimension": label})
        maximum = indicator.max_score
        if not (isinstance(maximum, Decimal) and scoring.has_one_decimal_at_most(maximum)
                and scoring.ZERO < maximum <= scoring.HUNDRED):
            problems.append(_("%(dimension)s: “%(name)s” has a maximum score above 0 and at most 100, with at most "
                              "one decimal.") % {"dimension": label, "name": indicator.name})
        if indicator.figure and indicator.figure not in FigureCode.values:
            problems.append(_("%(dimension)s: “%(name)s” draws on an unknown figure.") % {
                "dimension": label, "name": indicator.name})
    return problems


def check_template(data: TemplateData) -> None:
    """Refuse a template that does not add up: the five dimensions once each, weights summing to 100, every
    sub-indicator named with a maximum score, the final-score rule and the grade bands. One ``ValidationError``
    with every problem, keyed by the part of the form."""
    errors: dict[str, list[str]] = {}
    codes = [d.code for d in data.dimensions]
    if sorted(codes) != sorted(DimensionCode.values):
        errors.setdefault("dimensions", []).append(_("A template has the five dimensions of the guideline, each "
                                                     "once: 项目管理, 财务管理, 服务质量, 社会效益, 居民满意度."))
    if problem := _problem(scoring.check_weights, [d.weight for d in data.dimensions]):
        errors.setdefault("weights", []).append(problem)
    for dimension in data.dimensions:
        if dimension.code in DimensionCode.values:
            errors.setdefault("indicators", []).extend(_indicator_problems(dimension))
    if set(data.rule) != {"self", "street", "third_party"}:
        errors.setdefault("rule", []).append(_("Give the weight of each kind of evaluation."))
    elif problem := _problem(scoring.check_rule, data.rule):
        errors.setdefault("rule", []).append(problem)
    if problem := _problem(scoring.check_bands, tuple(zip(("excellent", "good", "pass"), data.bands, strict=True))):
        errors.setdefault("bands", []).append(problem)
    errors = {key: messages for key, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def _write_rows(version: TemplateVersion, data: TemplateData) -> None:
    order = {code: n for n, code in enumerate(DimensionCode.values)}
    for dimension in data.dimensions:
        row = Dimension.objects.create(version=version, code=dimension.code, weight=dimension.weight,
                                       position=order[dimension.code])
        SubIndicator.objects.bulk_create(
            SubIndicator(dimension=row, name=i.name.strip(), max_score=i.max_score, guidance=i.guidance.strip(),
                         figure=i.figure, position=n) for n, i in enumerate(dimension.indicators))


def _version_fields(data: TemplateData) -> dict:
    excellent, good, passing = data.bands
    return {"self_weight": data.rule["self"], "street_weight": data.rule["street"],
            "third_party_weight": data.rule["third_party"], "excellent_from": excellent, "good_from": good,
            "pass_from": passing, "note": data.note.strip()[:200]}


def _may_manage(user, region) -> None:
    if region.level not in (Level.CITY, Level.DISTRICT):
        raise ValidationError({"region": _("An indicator template is set by the city or a district.")})
    if not access.can(user, "evaluation_template.manage", TemplateFamily(region=region)):
        raise PermissionDenied(_("You may not manage this unit's indicator templates."))


@transaction.atomic
def template_create(*, user, region, year: int, name: str, data: TemplateData,
                    copied_from: TemplateFamily | None = None) -> TemplateVersion:
    """A unit's template for a year, as version 1."""
    _may_manage(user, region)
    if not name.strip():
        raise ValidationError({"name": _("Give the template a name.")})
    check_template(data)
    try:
        with transaction.atomic():
            family = TemplateFamily.objects.create(region=region, year=year, name=name.strip()[:100],
                                                   copied_from=copied_from, created_by=user)
    except IntegrityError:
        raise EvaluationError(_("This unit already has an indicator template for %(year)s.") % {"year": year}) from None
    version = TemplateVersion.objects.create(family=family, number=1, created_by=user, **_version_fields(data))
    _write_rows(version, data)
    audit_record(action="evaluation_template.create", target=family, user=user,
                 changed_fields=["dimensions", "rule", "bands"], detail={"version": version.pk, "year": year})
    return version


@transaction.atomic
def template_save(*, user, version: TemplateVersion, data: TemplateData) -> TemplateVersion:
    """Save the template edited from ``version`` (its latest). A version no evaluation uses is changed in place;
    one in use stays exactly as it was scored with, and the edit becomes the next version."""
    family = TemplateFamily.objects.select_for_update().get(pk=version.family_id)
    _may_manage(user, family.region)
    latest = family.latest()
    if latest.pk != version.pk:
        raise EvaluationError(_("Version %(number)s of this template has been saved since: edit the latest "
                                "version.") % {"number": latest.number})
    check_template(data)
    if TemplateData.of(latest).as_comparable() == data.as_comparable():
        return latest
    if latest.is_used:
        target = TemplateVersion.objects.create(family=family, number=latest.number + 1, created_by=user,
                                                **_version_fields(data))
    else:
        target = latest
        for name, value in _version_fields(data).items():
            setattr(target, name, value)
        target.save()
        Dimension.objects.filter(version=target).delete()
    _write_rows(target, data)
    audit_record(action="evaluation_template.save", target=family, user=user,
                 changed_fields=["dimensions", "rule", "bands"],
                 detail={"version": target.number, "new_version": target.pk != latest.pk})
    return target


def template_copy_next_year(*, user, family: TemplateFamily) -> TemplateVersion:
    """The template's latest version as next year's template of the same unit (version 1)."""
    latest = family.latest()
    data = TemplateData.of(latest)
    data.note = _("Copied from %(year)s version %(number)s") % {"year": family.year, "number": latest.number}
    return template_create(user=user, region=family.region, year=family.year + 1, name=family.name, data=data,
                           copied_from=family)


def template_for(project) -> TemplateVersion | None:
    """The template version a project is evaluated with: its district's template of the project's year, else
    its city's; the latest version of it."""
    district = project.region_id[:6].ljust(12, "0")
    city = project.region_id[:4].ljust(12, "0")
    families = {f.region_id: f for f in TemplateFamily.objects.filter(year=project.year,
                                                                      region_id__in=(district, city))}
    family = families.get(district) or families.get(city)
    return family.latest() if family else None
