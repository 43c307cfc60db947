"""The scoring arithmetic of an evaluation, as pure functions on ``Decimal`` (no model, no query).

Rules, decided once here and used by the services and (later) the pages and the annual roll-up:

- A **sub-indicator score** lies in ``0 … max`` and has at most one decimal (``7.5``; ``7.50`` is the same value
  and accepted; ``7.25`` is refused).
- A **dimension's score** is its weight × (points scored ÷ points possible), kept exact; it is shown rounded to one
  decimal but the total is summed from the exact values.
- An **evaluator's total** (out of 100) is the sum of the exact dimension scores, rounded once, ``ROUND_HALF_UP`` to
  one decimal: 59.95 → 60.0, 89.95 → 90.0, 59.94 → 59.9.
- The **final score** combines the evaluators' rounded totals (the numbers they saw) with the template's rule, e.g.
  third party 60 % + street 40 % (self-assessment shown, weight 0), and is rounded the same way.
- The **grade reads the rounded number**, the one the page shows: a total shown as 60.0 is never 不合格 and one
  shown as 90.0 is 优秀 (so 59.95 → 60.0 → 合格, 89.95 → 90.0 → 优秀). Bands are lower bounds: ``≥ 90`` 优秀,
  ``≥ 80`` 良好, ``≥ 60`` 合格, else 不合格 (configurable per template).
- **Output bands** ("achieved ratio → share of points", DOMAIN.md §6): achieved ÷ planned ≥ 100 % → all the points,
  ≥ 80 % → 80 %, ≥ 60 % → 60 %, else none; the ratio is compared exactly (79.99 % is below 80 %).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

ZERO, HUNDRED = Decimal("0"), Decimal("100")
ONE_PLACE = Decimal("0.1")


class ScoringError(ValueError):
    """A figure the arithmetic refuses; the message is for the user."""


def round1(value: Decimal) -> Decimal:
    """``ROUND_HALF_UP`` to one decimal (59.95 → 60.0; 59.94 → 59.9)."""
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def has_one_decimal_at_most(value: Decimal) -> bool:
    try:
        return value.is_finite() and value == value.quantize(ONE_PLACE)
    except InvalidOperation:
        return False


def as_decimal(value) -> Decimal:
    """A number typed or stored (``"7.5"``, ``7``, ``Decimal``) as a ``Decimal``; floats are refused (binary)."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ScoringError(_("“%(value)s” is not a number.") % {"value": value}) from None
    else:
        raise ScoringError(_("“%(value)s” is not a number.") % {"value": value})
    if not result.is_finite():
        raise ScoringError(_("“%(value)s” is not a number.") % {"value": value})
    return result


def plain(value: Decimal) -> str:
    """A number as a message shows it: ``90`` (not ``9E+1``, what ``normalize`` gives), ``7.5``."""
    return format(value.normalize(), "f")


def check_score(value, maximum: Decimal) -> Decimal:
    """The score as a ``Decimal`` within ``0 … maximum`` with at most one decimal, or ``ScoringError``."""
    score = as_decimal(value)
    if not has_one_decimal_at_most(score):
        raise ScoringError(_("A score has at most one decimal (e.g. 7.5): “%(value)s”.") % {"value": value})
    if score < ZERO or score > maximum:
        raise ScoringError(_("A score lies between 0 and %(max)s: “%(value)s”.") % {
            "max": plain(maximum), "value": value})
    return score


def check_weights(weights: Iterable[Decimal]) -> None:
    """Weights are positive, have at most one decimal and add up to exactly 100."""
    weights = [as_decimal(w) for w in weights]
    if any(w <= ZERO or not has_one_decimal_at_most(w) for w in weights):
        raise ScoringError(_("Each weight is a positive number with at most one decimal."))
    total = sum(weights, ZERO)
    if total != HUNDRED:
        raise ScoringError(_("The weights add up to %(total)s, not 100.") % {"total": plain(total)})


@dataclass(frozen=True)
class DimensionPoints:
    """One dimension as an evaluator scored it: its weight, the points scored and the points possible."""

    weight: Decimal
    scored: Decimal
    possible: Decimal

    @property
    def exact(self) -> Decimal:
        """weight × scored ÷ possible, unrounded (a dimension with nothing to score counts nothing)."""
        if self.possible <= ZERO:
            return ZERO
        return self.weight * self.scored / self.possible

    @property
    def shown(self) -> Decimal:
        return round1(self.exact)


def dimension_points(weight: Decimal, scores: Iterable[Decimal], maxima: Iterable[Decimal]) -> DimensionPoints:
    return DimensionPoints(Decimal(weight), sum(scores, ZERO), sum(maxima, ZERO))


def total(dimensions: Iterable[DimensionPoints]) -> Decimal:
    """An evaluator's total out of 100: the exact dimension scores summed, then rounded once."""
    return round1(sum((d.exact for d in dimensions), ZERO))


# --- the final score: the evaluators' totals combined by the template's rule ---------------------------------


def check_rule(rule: Mapping[str, Decimal]) -> None:
    """The weights of the evaluator kinds: each 0 … 100 with at most one decimal; the counted ones add to 100."""
    values = [as_decimal(v) for v in rule.values()]
    if any(v < ZERO or v > HUNDRED or not has_one_decimal_at_most(v) for v in values):
        raise ScoringError(_("The weight of each kind of evaluation lies between 0 and 100, with at most one "
                             "decimal."))
    counted = sum((v for v in values if v > ZERO), ZERO)
    if counted != HUNDRED:
        raise ScoringError(_("The weights of the counted evaluations add up to %(total)s, not 100.") % {
            "total": plain(counted)})


def final_score(rule: Mapping[str, Decimal], totals: Mapping[str, Decimal | None]) -> Decimal:
    """Σ weight × total ÷ 100 over the counted kinds (weight > 0), rounded once; a counted kind without a
    total is refused (a kind with weight 0 — the self-assessment — may be missing)."""
    result = ZERO
    for kind, weight in rule.items():
        weight = Decimal(weight)
        if weight <= ZERO:
            continue
        value = totals.get(kind)
        if value is None:
            raise ScoringError(_("A counted evaluation has no total yet."))
        result += weight * Decimal(value)
    return round1(result / HUNDRED)


# --- grades ---------------------------------------------------------------------------------------------------

EXCELLENT, GOOD, PASS, FAIL = "excellent", "good", "pass", "fail"
DEFAULT_BANDS = ((EXCELLENT, Decimal("90")), (GOOD, Decimal("80")), (PASS, Decimal("60")))


def check_bands(bands: Iterable[tuple[str, Decimal]]) -> None:
    """Lower bounds, strictly decreasing, each in ``0 < bound ≤ 100`` with at most one decimal."""
    bounds = [as_decimal(bound) for _grade, bound in bands]
    if any(b <= ZERO or b > HUNDRED or not has_one_decimal_at_most(b) for b in bounds):
        raise ScoringError(_("Each grade's lower bound lies above 0 and at most 100, with at most one decimal."))
    if any(a <= b for a, b in zip(bounds, bounds[1:], strict=False)):
        raise ScoringError(_("Grade bounds go down from 优秀 to 合格 (e.g. 90, 80, 60)."))


def grade(score: Decimal, bands: Iterable[tuple[str, Decimal]] = DEFAULT_BANDS) -> str:
    """The grade of a score *as shown* (rounded to one decimal first): the first band whose lower bound it
    reaches, else 不合格."""
    shown = round1(score)
    for code, bound in bands:
        if shown >= Decimal(bound):
            return code
    return FAIL


# --- output bands: the achieved ratio → a share of the points ------------------------------------------------

RATIO_BANDS = ((Decimal("1"), Decimal("1")), (Decimal("0.8"), Decimal("0.8")), (Decimal("0.6"), Decimal("0.6")))


def ratio_share(achieved: Decimal, planned: Decimal, bands=RATIO_BANDS) -> Decimal | None:
    """The share of the points an output earns: achieved ÷ planned against the bands (≥ 100 % → 1, ≥ 80 % → 0.8,
    ≥ 60 % → 0.6, else 0). None when nothing was planned (the ratio has no meaning: scored by hand)."""
    if planned is None or achieved is None or Decimal(planned) <= ZERO:
        return None
    achieved, planned = Decimal(achieved), Decimal(planned)
    for bound, share in bands:
        if achieved >= bound * planned:  # exact: no division, no rounding
            return share
    return ZERO


def banded_points(maximum: Decimal, achieved: Decimal, planned: Decimal) -> Decimal | None:
    """The points of a sub-indicator scored by the output bands, to one decimal (never above ``maximum``)."""
    share = ratio_share(achieved, planned)
    if share is None:
        return None
    return min(round1(Decimal(maximum) * share), Decimal(maximum))
