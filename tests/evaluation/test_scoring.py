"""The scoring arithmetic (``evaluation.scoring``), with hypothesis: scores in range with one decimal, weights
summing to 100, dimension and total scores, the final-score rule, grade bands and ROUND_HALF_UP at the boundaries
59.95 / 60 / 89.95 / 90, and the output bands (≥ 100 / 80 / 60 %)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation import scoring
from evaluation.scoring import DEFAULT_BANDS, EXCELLENT, FAIL, GOOD, PASS, ScoringError

D = Decimal
tenths = st.integers(min_value=0, max_value=1000).map(lambda n: D(n) / 10)  # 0.0 … 100.0


# --- boundaries, decided and documented in scoring.py: the grade reads the rounded total ------------------------

@pytest.mark.parametrize(("score", "shown", "grade"), [
    ("59.94", "59.9", FAIL), ("59.949999", "59.9", FAIL), ("59.95", "60.0", PASS), ("60", "60.0", PASS),
    ("79.95", "80.0", GOOD), ("89.94", "89.9", GOOD), ("89.95", "90.0", EXCELLENT), ("90", "90.0", EXCELLENT),
    ("0", "0.0", FAIL), ("100", "100.0", EXCELLENT),
])
def test_rounding_and_grades_at_the_boundaries(score, shown, grade):
    assert scoring.round1(D(score)) == D(shown)
    assert str(scoring.round1(D(score))) == shown
    assert scoring.grade(D(score)) == grade


def test_the_total_is_rounded_once_from_the_exact_dimension_scores():
    # 3 dimensions each 33.3…: shown 33.3 each (99.9 added up), but the total is exactly 100.0.
    third = scoring.dimension_points(D("100") / 3, [D("1")], [D("1")])
    dims = [scoring.DimensionPoints(D("33.3"), D("2"), D("3")), scoring.DimensionPoints(D("33.3"), D("2"), D("3")),
            scoring.DimensionPoints(D("33.4"), D("2"), D("3"))]
    assert third.shown == D("33.3")
    assert scoring.total(dims) == D("66.7")  # 200/3 = 66.666… → 66.7
    # A total of 59.95 exactly from its dimensions is graded 合格 (shown 60.0).
    assert scoring.total([scoring.DimensionPoints(D("100"), D("59.95"), D("100"))]) == D("60.0")


@given(score=st.decimals(min_value=0, max_value=100, places=4))
def test_the_grade_is_the_grade_of_the_number_shown(score):
    shown = scoring.round1(score)
    assert scoring.grade(score) == scoring.grade(shown)
    expected = EXCELLENT if shown >= 90 else GOOD if shown >= 80 else PASS if shown >= 60 else FAIL
    assert scoring.grade(score) == expected


@given(score=st.decimals(min_value=0, max_value=100, places=4))
def test_round_half_up_is_within_a_twentieth(score):
    rounded = scoring.round1(score)
    assert abs(rounded - score) <= D("0.05")
    assert rounded.as_tuple().exponent == -1


# --- scores ----------------------------------------------------------------------------------------------------

@given(maximum=tenths.filter(lambda m: m > 0), value=tenths)
def test_a_score_within_its_maximum_with_one_decimal_is_accepted_else_refused(maximum, value):
    if value <= maximum:
        assert scoring.check_score(value, maximum) == value
    else:
        with pytest.raises(ScoringError):
            scoring.check_score(value, maximum)


@pytest.mark.parametrize("value", ["7.25", "0.05", "-1", "8.1", "abc", "NaN", "Infinity", 7.5, None, True])
def test_bad_scores_are_refused(value):
    with pytest.raises(ScoringError):
        scoring.check_score(value, D("8"))


@pytest.mark.parametrize(("value", "expected"), [("7.5", "7.5"), ("7.50", "7.5"), (" 8 ", "8"), (0, "0")])
def test_good_scores(value, expected):
    assert scoring.check_score(value, D("8")) == D(expected)


# --- weights ---------------------------------------------------------------------------------------------------

@given(st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=8))
def test_weights_must_add_up_to_exactly_100(parts):
    weights = [D(p) / 10 for p in parts]
    if sum(weights) == 100:
        scoring.check_weights(weights)
    else:
        with pytest.raises(ScoringError, match="not 100"):
            scoring.check_weights(weights)


def test_default_weights_and_bad_weights():
    scoring.check_weights([D("20"), D("20"), D("25"), D("20"), D("15")])
    for bad in ([D("20"), D("20"), D("25"), D("20"), D("14")], [D("50.05"), D("49.95")], [D("0"), D("100")],
                [D("-10"), D("110")]):
        with pytest.raises(ScoringError):
            scoring.check_weights(bad)


@given(scores=st.lists(st.tuples(tenths, tenths).map(sorted), min_size=1, max_size=6),
       weight=st.integers(min_value=1, max_value=100))
def test_a_dimension_scores_its_weight_times_the_share_of_its_points(scores, weight):
    points = scoring.dimension_points(D(weight), [s for s, _m in scores], [m for _s, m in scores])
    assert D("0") <= points.exact <= D(weight)
    if all(s == m for s, m in scores):
        assert points.exact == (D(weight) if points.possible > 0 else 0)


@given(shares=st.lists(st.fractions(min_value=0, max_value=1), min_size=5, max_size=5))
def test_the_total_of_the_default_weights_lies_in_0_to_100(shares):
    weights = [D("20"), D("20"), D("25"), D("20"), D("15")]
    dims = [scoring.DimensionPoints(w, D(s.numerator), D(s.denominator)) for w, s in zip(weights, shares, strict=True)]
    total = scoring.total(dims)
    assert D("0") <= total <= D("100")
    assert total == scoring.round1(sum(d.exact for d in dims))


# --- the final-score rule --------------------------------------------------------------------------------------

RULE = {"self": D("0"), "street": D("40"), "third_party": D("60")}


def test_third_party_60_street_40_self_shown_not_counted():
    assert scoring.final_score(RULE, {"self": D("100"), "street": D("80.0"), "third_party": D("90.0")}) == D("86.0")
    assert scoring.final_score(RULE, {"street": D("80.0"), "third_party": D("90.0")}) == D("86.0")
    # 0.4 × 59.9 + 0.6 × 60.0 = 59.96 → 60.0: 合格
    final = scoring.final_score(RULE, {"street": D("59.9"), "third_party": D("60.0")})
    assert final == D("60.0") and scoring.grade(final) == PASS
    with pytest.raises(ScoringError):
        scoring.final_score(RULE, {"street": D("80")})


@given(street=tenths, third=tenths, self_=tenths, weight=st.integers(min_value=0, max_value=1000))
def test_the_final_score_is_the_weighted_mean_of_the_counted_totals(street, third, self_, weight):
    w = D(weight) / 10
    rule = {"self": D("0"), "street": w, "third_party": D("100") - w}
    scoring.check_rule(rule)
    final = scoring.final_score(rule, {"self": self_, "street": street, "third_party": third})
    assert final == scoring.round1((w * street + (100 - w) * third) / 100)
    assert min(street, third) - D("0.05") <= final <= max(street, third) + D("0.05")


@pytest.mark.parametrize("rule", [
    {"self": D("0"), "street": D("40"), "third_party": D("50")},
    {"self": D("10"), "street": D("40"), "third_party": D("60")},
    {"self": D("-10"), "street": D("50"), "third_party": D("60")},
    {"self": D("0"), "street": D("0"), "third_party": D("0")},
    {"self": D("0"), "street": D("40.05"), "third_party": D("59.95")},
])
def test_rules_whose_counted_weights_do_not_add_up_are_refused(rule):
    with pytest.raises(ScoringError):
        scoring.check_rule(rule)


# --- configurable bands ----------------------------------------------------------------------------------------

@given(bounds=st.lists(tenths.filter(lambda b: b > 0), min_size=3, max_size=3, unique=True), score=tenths)
def test_configured_bands(bounds, score):
    bands = tuple(zip((EXCELLENT, GOOD, PASS), sorted(bounds, reverse=True), strict=True))
    scoring.check_bands(bands)
    grade = scoring.grade(score, bands)
    order = [EXCELLENT, GOOD, PASS, FAIL]
    reached = [code for code, bound in bands if score >= bound]
    assert grade == (reached[0] if reached else FAIL)
    assert order.index(grade) >= 0


def test_bands_out_of_order_are_refused():
    scoring.check_bands(DEFAULT_BANDS)
    for bad in (((EXCELLENT, D("80")), (GOOD, D("90")), (PASS, D("60"))),
                ((EXCELLENT, D("90")), (GOOD, D("90")), (PASS, D("60"))),
                ((EXCELLENT, D("101")), (GOOD, D("80")), (PASS, D("60"))),
                ((EXCELLENT, D("90")), (GOOD, D("80")), (PASS, D("0")))):
        with pytest.raises(ScoringError):
            scoring.check_bands(bad)


# --- output bands: achieved ratio → share of the points --------------------------------------------------------

@pytest.mark.parametrize(("achieved", "planned", "share"), [
    (40, 40, "1"), (50, 40, "1"), (32, 40, "0.8"), (31.99, 40, "0.6"), (24, 40, "0.6"), (23, 40, "0"),
    (0, 40, "0"), (7999, 10000, "0.6"), (8000, 10000, "0.8"),
])
def test_ratio_bands(achieved, planned, share):
    assert scoring.ratio_share(D(str(achieved)), D(planned)) == D(share)


def test_no_plan_no_band():
    assert scoring.ratio_share(D("5"), D("0")) is None
    assert scoring.ratio_share(D("5"), None) is None
    assert scoring.banded_points(D("8"), D("5"), None) is None


@given(achieved=st.integers(min_value=0, max_value=10_000), planned=st.integers(min_value=1, max_value=10_000),
       maximum=tenths.filter(lambda m: m > 0))
def test_banded_points(achieved, planned, maximum):
    points = scoring.banded_points(maximum, D(achieved), D(planned))
    ratio = D(achieved) / D(planned)
    share = D("1") if ratio >= 1 else D("0.8") if ratio >= D("0.8") else D("0.6") if ratio >= D("0.6") else D("0")
    assert points == min(scoring.round1(maximum * share), maximum)
    assert D("0") <= points <= maximum and scoring.has_one_decimal_at_most(points)
