"""Issue 12's journey in the Hangzhou demo, through the real pages only: the third-party evaluator finds the final
evaluation of 加装电梯居民协商议事 (顾家桥社区) under 待我评估, declares no conflict of interest and scores every
sub-indicator (on a tablet-sized screen); 五常街道's officer submits the street's saved scores; 余杭区's reviewer sees
both cards, closes the evaluation, and the project shows 已结项 with its grade. Every visited page is checked for
Chinese text."""

from decimal import Decimal

import pytest

from evaluation.models import Evaluation
from projects.models import Project
from tests.e2e.browser import check_page, screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

TITLE = "加装电梯居民协商议事"


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    check_page(page)


def _confirming(page, selector: str) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    _click(page, selector)


def evaluator_scores(page, base: str, evaluation: Evaluation) -> None:
    sign_in(page, base, "evaluator")
    visit(page, f"{base}/evaluations/waiting/")
    row = page.locator("main tbody tr", has_text=TITLE)
    assert row.count() == 1, page.inner_text("main")
    with page.expect_navigation():
        row.locator("a").first.click()
    check_page(page)
    if "/score/" not in page.url:
        _click(page, "[data-testid=score-link]")
    assert "/score/" in page.url
    # Scoring is refused until the evaluator declares no conflict of interest.
    assert page.locator("[data-testid=declare-form]").is_visible()
    page.check("#id_no_conflict")
    _click(page, "[data-testid=declare-form] button[type=submit]")
    assert not page.locator("[data-testid=declare-form]").count()
    inputs = page.locator("[data-testid=score-form] input[name^=score_]")
    assert inputs.count() >= 10
    for i in range(inputs.count()):
        box = inputs.nth(i)
        top = Decimal(box.get_attribute("max"))
        box.fill(str((top * Decimal("0.9")).quantize(Decimal("0.1"))))
    page.fill("[data-testid=score-form] textarea[name=findings]", "议事记录完整，居民参与度高；建议补充电梯维保协议。")
    screenshot(page, "evaluation-third-party-scoring")
    _confirming(page, "[data-testid=score-form] button[name=submit]")  # back on the evaluation, submitted
    assert page.url.rstrip("/").endswith(f"/evaluations/{evaluation.pk}")
    assert page.locator("[data-testid=assignment-third_party]").inner_text().count("2026-") >= 1
    assert Evaluation.objects.get(pk=evaluation.pk).assignments.get(kind="third_party").submitted_at is not None


def street_submits(page, base: str, evaluation: Evaluation) -> None:
    page.context.clear_cookies()
    sign_in(page, base, "wuchang_officer")
    visit(page, f"{base}/evaluations/{evaluation.pk}/score/")
    # The street's scores were saved earlier (the demo): they are still in the boxes.
    assert all(page.locator("[data-testid=score-form] input[name^=score_]").nth(i).input_value()
               for i in range(3))
    # Another evaluator's scores stay hidden until the evaluation closes.
    visit(page, f"{base}/evaluations/{evaluation.pk}/")
    assert not page.locator("[data-testid=total-third_party]").count()
    visit(page, f"{base}/evaluations/{evaluation.pk}/score/")
    _confirming(page, "[data-testid=score-form] button[name=submit]")
    assert Evaluation.objects.get(pk=evaluation.pk).assignments.get(kind="street").submitted_at is not None
    screenshot(page, "evaluation-street-submitted")


def district_closes(page, base: str, evaluation: Evaluation) -> None:
    page.context.clear_cookies()
    sign_in(page, base, "yuhang_reviewer")
    visit(page, f"{base}/evaluations/{evaluation.pk}/")
    assert "各评估方均已提交" in page.inner_text("main") or page.locator("[data-testid=action-close]").count()
    screenshot(page, "evaluation-district-before-close")
    _confirming(page, "[data-testid=action-close] button[type=submit]")
    evaluation.refresh_from_db()
    assert evaluation.status == "closed" and evaluation.grade
    grade = page.inner_text("[data-testid=grade]").strip()
    assert grade in ("优秀", "良好", "合格", "不合格")
    # Once closed, every evaluator's card shows.
    assert page.locator("[data-testid=total-third_party]").is_visible()
    assert page.locator("[data-testid=total-street]").is_visible()
    screenshot(page, "evaluation-closed-scorecard")
    _click(page, "[data-testid=project-link]")
    project = Project.objects.get(pk=evaluation.project_id)
    assert project.status == "closed"
    assert "已结项" in page.inner_text("main")
    screenshot(page, "evaluation-project-closed")


def test_third_party_and_street_score_and_the_district_closes(live_server, hangzhou_demo, browser):  # noqa: F811
    base = live_server.url
    evaluation = Evaluation.objects.get(project__title=TITLE, stage="final")
    assert evaluation.status != "closed"
    tablet = browser.new_context(locale="zh-CN", viewport={"width": 820, "height": 1180}, has_touch=True)
    tablet.set_default_timeout(10_000)
    try:
        page = tablet.new_page()
        evaluator_scores(page, base, evaluation)
        street_submits(page, base, evaluation)
        district_closes(page, base, evaluation)
    finally:
        tablet.close()


def test_a_resident_answers_the_satisfaction_survey_on_a_phone(live_server, hangzhou_demo, phone):  # noqa: F811
    """From the public link (what the QR code opens), no account: tap 1–5 for every item, write a comment, submit;
    the same phone is then told it has answered already; nothing personal is asked."""
    from evaluation.models import SatisfactionSurvey

    base = live_server.url
    survey = SatisfactionSurvey.objects.get(project__title=TITLE)
    before = survey.responses.count()
    visit(phone, f"{base}/public/evaluations/s/{survey.public_token}/")
    assert TITLE in phone.inner_text("main")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    groups = phone.locator("[role=radiogroup]")
    assert groups.count() >= 6
    for i in range(groups.count()):
        groups.nth(i).locator("label.wuse-scale").nth(3).tap()  # 4 of 5
    phone.fill("textarea", "电梯装好以后，上下楼方便多了。")
    screenshot(phone, "satisfaction-phone-form")
    with phone.expect_navigation():
        phone.click("[data-testid=public-form] button[type=submit]")
    check_page(phone)
    assert survey.responses.count() == before + 1
    response = survey.responses.order_by("-pk").first()
    assert response.comment == "电梯装好以后，上下楼方便多了。" and response.content == 4
    screenshot(phone, "satisfaction-phone-thanks")
    visit(phone, f"{base}/public/evaluations/s/{survey.public_token}/")  # the same phone again
    assert "已经填写过" in phone.inner_text("body") and not phone.locator("[data-testid=public-form]").count()
    assert survey.responses.count() == before + 1
    screenshot(phone, "satisfaction-phone-again")
