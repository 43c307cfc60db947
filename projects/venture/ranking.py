"""Ranking and award arithmetic, pure (no database): what the panel's scores give.

- An application's score is the **weighted mean**: each reviewer's total is Σ(score × weight) / Σ weights, and
  the application's score is the mean of its reviewers' totals; rounded half-up to 0.01.
- **Ranking**: higher mean first; a tie goes to the higher **lowest reviewer total**, then to the **earlier
  submission**, then to the lower id (so the order is always total and deterministic).
- **Award**: in rank order, applications whose mean reaches the pass mark receive their request (never above the
  per-project cap) while it fits in what is left of the fund; one whose request exceeds what is left is
  **skipped** (not reduced) and the next ones are still considered. The sum never exceeds the fund.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Entry:
    id: int
    mean: Decimal
    minimum: Decimal
    submitted_at: object
    requested: Decimal


def reviewer_total(scores: dict[int, Decimal], weights: dict[int, int]) -> Decimal:
    """One reviewer's weighted total over the criteria (``scores``: criterion id → score)."""
    total_weight = sum(weights.values())
    if not total_weight:
        return Decimal("0")
    value = sum(Decimal(scores.get(cid, 0)) * weight for cid, weight in weights.items()) / total_weight
    return value.quantize(CENT, ROUND_HALF_UP)


def mean_and_min(totals: list[Decimal]) -> tuple[Decimal, Decimal]:
    if not totals:
        return Decimal("0"), Decimal("0")
    mean = (sum(totals) / len(totals)).quantize(CENT, ROUND_HALF_UP)
    return mean, min(totals)


def rank(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (-e.mean, -e.minimum, e.submitted_at, e.id))


def award(ranked: list[Entry], *, fund: Decimal, cap: Decimal, pass_mark: Decimal) -> dict[int, Decimal]:
    """Application id → amount awarded (only the awarded ones), following the rule above."""
    left = fund
    result = {}
    for entry in ranked:
        if entry.mean < pass_mark:
            continue
        amount = min(entry.requested, cap)
        if amount <= 0 or amount > left:
            continue
        result[entry.id] = amount
        left -= amount
    return result
