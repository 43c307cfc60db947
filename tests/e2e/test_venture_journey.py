"""Issue 15's 公益创投 journey in the Hangzhou demo, through the real pages only: an organization's member applies to
北山街道's open round (an over-cap request is refused first, with the reason), the street officer closes the call
and passes the formal check, two reviewers score on their own (each sees only their own scores), the street
closes the panel (ranking and awards) and publishes the results, and the public 公示 page shows the awarded
projects with the objection period — no personal data. Screenshots under artifacts/screenshots/venture-*.png."""

import pytest
from django.utils import timezone

from projects.venture.models import Application, Round, Score
from tests.e2e.browser import check_page, screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

TITLE = "楼道花园共建行动"
NEIGHBOURS = "上保社区邻里互助会"


def _click(page, selector: str, *, confirm: bool = False) -> None:
    if confirm:
        page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click(selector)
    check_page(page)


def _sign_in_as(page, base, username):
    """Sign in as another demo account (the home page's text is checked too)."""
    page.context.clear_cookies()
    sign_in(page, base, username)


def _score(page, base, app, value):
    visit(page, f"{base}/venture/applications/{app.pk}/")
    for field in page.locator("[data-testid=score-form] input[type=number]").all():
        field.fill(str(value))
    _click(page, "[data-testid=score-form] button[type=submit]")
    assert "您的评分已保存" in page.inner_text("main")


def test_an_organization_applies_two_reviewers_score_and_the_street_awards(live_server, hangzhou_demo, page,  # noqa: F811
                                                                          phone):
    base = live_server.url
    year = timezone.localdate().year
    venture_round = Round.objects.get(title=f"{year + 1}年北山街道公益创投")

    # The organization applies; a request over the cap is refused with the reason, nothing saved.
    _sign_in_as(page, base, "org_member")
    visit(page, f"{base}/venture/")
    screenshot(page, "venture-open-rounds")
    _click(page, f"[data-testid=open-round] a[href='/venture/{venture_round.pk}/']")
    _click(page, "[data-testid=apply]")
    form = "[data-testid=apply-form]"
    page.select_option(f"{form} select[name=organization]", label=NEIGHBOURS)
    page.fill(f"{form} input[name=title]", TITLE)
    page.fill(f"{form} textarea[name=summary]", "组织居民共建楼道花园，每月开展一次邻里园艺活动。")
    page.fill(f"{form} input[name=requested]", "60000")
    _click(page, f"{form} button[type=submit]")
    assert "超过单个项目资助上限" in page.inner_text("main")
    assert not Application.objects.filter(title=TITLE).exists()
    page.fill(f"{form} input[name=requested]", "30000")
    _click(page, f"{form} button[type=submit]")
    mine = Application.objects.get(title=TITLE)
    assert page.inner_text("[data-testid=application-status]").strip() == "已申报"
    screenshot(page, "venture-applied")

    # The street closes the call and makes the formal check of both applications.
    _sign_in_as(page, base, "beishan_officer")
    visit(page, f"{base}/venture/{venture_round.pk}/")
    _click(page, "[data-testid=action-start_review] button[type=submit]")
    assert page.inner_text("[data-testid=round-status]").strip() == "评审中"
    visit(page, f"{base}/venture/queue/?todo=check")
    assert page.locator("[data-testid=queue-row]").count() >= 2
    screenshot(page, "venture-to-check")
    apps = list(Application.objects.filter(round=venture_round))
    for app in apps:
        visit(page, f"{base}/venture/applications/{app.pk}/")
        _click(page, "[data-testid=action-pass_check] button[type=submit]")
        assert page.inner_text("[data-testid=application-status]").strip() == "形式审查通过"

    # Two reviewers score, each seeing only their own scores.
    _sign_in_as(page, base, "evaluator")
    assert "待评分的创投申报" in page.inner_text("main")  # the home page's "waiting for me" entry
    screenshot(page, "venture-home-to-score")
    visit(page, f"{base}/venture/queue/?todo=score")
    assert page.locator("[data-testid=queue-row]").count() == len(apps)
    for app, value in zip(apps, (88, 76), strict=True):
        _score(page, base, app, value)
    screenshot(page, "venture-reviewer-scored")
    _sign_in_as(page, base, "xihu_reviewer")
    visit(page, f"{base}/venture/applications/{apps[0].pk}/")
    assert "88.00" not in page.inner_text("main")  # the other reviewer's scores stay hidden
    for app, value in zip(apps, (84, 80), strict=True):
        _score(page, base, app, value)
    assert Score.objects.filter(application__round=venture_round).values("reviewer").distinct().count() == 2

    # The street closes the panel (ranking and awards within the fund) and publishes the results.
    _sign_in_as(page, base, "beishan_officer")
    visit(page, f"{base}/venture/{venture_round.pk}/")
    _click(page, "[data-testid=action-close_panel] button[type=submit]", confirm=True)
    assert page.inner_text("[data-testid=round-status]").strip() == "已排名"
    assert page.locator("[data-testid=application-row]").count() == len(apps)
    screenshot(page, "venture-ranked")
    _click(page, "[data-testid=action-publish] button[type=submit]", confirm=True)
    assert page.inner_text("[data-testid=round-status]").strip() == "公示中"
    assert page.locator("[data-testid=blocked-confirm]").is_visible()  # the objection period runs
    mine.refresh_from_db()
    assert mine.status == "awarded" and mine.awarded == 30000
    visit(page, f"{base}/venture/applications/{apps[0].pk}/")
    assert "88.00" in page.inner_text("main") and "84.00" in page.inner_text("main")

    # The public 公示 page: projects, organizations, amounts, scores, the objection period; nobody's name.
    page.context.clear_cookies()
    visit(page, f"{base}/public/venture/{venture_round.pk}/")
    text = page.inner_text("main")
    assert TITLE in text and NEIGHBOURS in text and "30,000.00" in text
    assert "异议" in page.inner_text("[data-testid=objection]")
    assert "evaluator" not in page.content() and "org_member" not in page.content()
    screenshot(page, "venture-public")

    # The same page on a phone: rows become cards, nothing scrolls sideways.
    visit(phone, f"{base}/public/venture/{venture_round.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "venture-public-phone")
