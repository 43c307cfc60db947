"""The arithmetic of a score, apart from any query: a KPI's points from its band, the red/amber/green state, and
competition ranks.

**Band.** A KPI earns ``weight × (value − zero) ÷ (full − zero)`` points, clamped to [0, weight]: full marks at or
beyond ``full``, none at or beyond ``zero``. For a figure where lower is better ``full`` is below ``zero`` and the
same formula holds. A share is compared in percent (the snapshot's share × 100). No value (no snapshot row, a mean
with nothing to average, a share of nothing) earns 0 points and is marked missing, never guessed.

**State.** Green at full marks, red at none, amber in between; missing when there was no value.

**Ranks.** Competition ranking on the total rounded to two decimals: equal totals share a rank and the next rank
skips (1, 2, 2, 4). Among equals the order shown is by division code; the rank does not depend on it.
"""

from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")
GREEN, AMBER, RED, MISSING = "green", "amber", "red", "missing"


def plain(number: Decimal | None) -> str:
    """A decimal without trailing zeros and never in exponent form (50, 12.5 — not 5E+1)."""
    return "" if number is None else f"{number.normalize():f}"


def fraction(value: Decimal, full: Decimal, zero: Decimal) -> Decimal:
    """The share of full marks ``value`` earns on the band, in [0, 1]."""
    raw = (value - zero) / (full - zero)
    return min(Decimal(1), max(Decimal(0), raw))


def kpi_points(value: Decimal | None, full: Decimal | None, zero: Decimal | None, weight: Decimal
               ) -> tuple[Decimal, str]:
    """(points, state) of a KPI value on its band."""
    if value is None or full is None or zero is None or full == zero:
        return Decimal(0), MISSING
    share = fraction(Decimal(value), full, zero)
    points = (weight * share).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return points, GREEN if share == 1 else RED if share == 0 else AMBER


def manual_state(points: Decimal | None, weight: Decimal) -> str:
    if points is None:
        return MISSING
    return GREEN if points >= weight else RED if points <= 0 else AMBER


def ranks(totals: list[Decimal]) -> list[int]:
    """Competition ranks of ``totals`` (same order as given): the highest is 1, equal totals share a rank."""
    rounded = [t.quantize(HUNDREDTH, rounding=ROUND_HALF_UP) for t in totals]
    ordered = sorted(rounded, reverse=True)
    first = {}
    for position, total in enumerate(ordered, start=1):
        first.setdefault(total, position)
    return [first[total] for total in rounded]
