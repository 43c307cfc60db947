"""The plans in a browser on the Hangzhou demo: 余杭区's reviewer writes their district's plan (a line added with the
form's "Add an indicator" button, plans/plan_form.js, under the CSP), is told the weights do not add up, corrects
them and publishes the plan after its confirmation; 余杭区's scores of last year (on the city's plan) are looked
at (1366×768 and 1920×1080 screenshots); 五常街道's officer gives a community its points with a text file as
evidence and is taken back to the scores.

Every page opened is checked as every journey's pages are (``tests.e2e.browser.check_page``: served in Chinese,
nothing garbled or left in English)."""

import pytest
from django.utils import timezone

from assessment.plans.models import ManualScore, Plan
from tests.e2e.browser import check_page, screenshot
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
YUHANG = "330110000000"
WUCHANG, GUJIAQIAO = "330110005000", "330110005001"
YEAR = timezone.localdate().year


def _open(tab, url: str):
    response = tab.goto(url)
    assert response is not None and response.status == 200, url
    check_page(tab)
    return response


def test_reviewer_writes_publishes_a_plan_and_the_officer_scores_with_evidence(live_server, hangzhou_demo, page,  # noqa: F811
                                                                               tmp_path):
    base = live_server.url
    sign_in(page, base, "yuhang_reviewer")
    _open(page, f"{base}/assessment/plans/")
    page.click("[data-testid=plan-new]")
    page.wait_for_selector("[data-testid=plan-form]")
    rows = page.locator("[data-testid=indicator-row]")
    before = rows.count()
    page.click("[data-testid=add-row]")
    assert rows.count() == before + 1
    page.select_option("select[name=form-0-code]", "needs.on_time_share")
    page.select_option(f"select[name=form-{before}-kind]", "manual")
    page.fill(f"input[name=form-{before}-name]", "台账完整性")
    for level in ("street", "community"):
        page.fill(f"input[name=form-0-weight_{level}]", "60")
        page.fill(f"input[name=form-0-full_{level}]", "90")
        page.fill(f"input[name=form-0-zero_{level}]", "50")
        page.fill(f"input[name=form-{before}-weight_{level}]", "30")
    screenshot(page, "plans-form")
    with page.expect_navigation():
        page.click("[data-testid=plan-save]")
    assert "90" in page.inner_text("[data-testid=plan-errors]")  # 60 + 30: refused, naming the level and the sum
    for level in ("street", "community"):
        page.fill(f"input[name=form-{before}-weight_{level}]", "40")
    with page.expect_navigation():
        page.click("[data-testid=plan-save]")
    plan = Plan.objects.get(region_id=YUHANG, year=YEAR)
    assert page.url.endswith(f"/assessment/plans/{plan.pk}/") and plan.indicators.count() == 2
    screenshot(page, "plans-detail")
    page.click("[data-testid=plan-publish]")
    with page.expect_navigation():
        page.click("[data-testid=publish]")
    assert Plan.objects.get(pk=plan.pk).status == "published"
    for width, height in ((1366, 768), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        _open(page, f"{base}/assessment/plans/scores/{YUHANG}/?year={YEAR - 1}")  # the city's plan, scored
        assert page.locator("[data-testid=rank]").count() > 0
        screenshot(page, f"plans-scores-yuhang-last-year-{width}")
    _open(page, f"{base}/assessment/plans/scores/{YUHANG}/?year={YEAR}")
    screenshot(page, "plans-scores-yuhang")

    page.context.clear_cookies()
    sign_in(page, base, "wuchang_officer")
    _open(page, f"{base}/assessment/plans/scores/{WUCHANG}/?year={YEAR}")
    page.locator(f"[data-testid=unit-{GUJIAQIAO}] [data-testid=score-link]").first.click()
    page.wait_for_selector("[data-testid=score-form]")
    evidence = tmp_path / "台账.txt"
    evidence.write_text("顾家桥社区台账检查：齐全。\n", encoding="utf-8")
    page.fill("input[name=points]", "35")
    page.set_input_files("input[name=file]", str(evidence))
    with page.expect_navigation():
        page.click("[data-testid=score-save]")
    assert f"/assessment/plans/scores/{WUCHANG}/" in page.url
    score = ManualScore.objects.get(region_id=GUJIAQIAO, indicator__plan=plan)
    assert score.content_type == "text/plain"
    screenshot(page, "plans-scores-wuchang")
