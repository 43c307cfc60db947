"""民生微实事 in the browser: on a phone (390 × 844, no account) a resident of 宝石社区 proposes a project — the
negative list refuses a lift repair with its reason, nothing typed is lost — and a resident of 上保社区 votes with
a one-time code; the same phone cannot vote twice. The 上保社区 worker closes the vote and confirms the winner as a
project; the phone sees the published result. Screenshots in artifacts/screenshots/micro-*.png."""

import re

import pytest
from django.core import mail

from projects.micro.models import Proposal, Round, Vote
from tests.e2e.browser import screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
SHANGBAO, BAOSHI = "330106002051", "330106002052"


def _code() -> str:
    return re.search(r"(?<![0-9])[0-9]{6}(?![0-9])", mail.outbox[-1].body)[0]


def test_propose_and_vote_from_a_phone_then_confirm(live_server, hangzhou_demo, in_chinese, phone, page,  # noqa: F811
                                                    settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    base = live_server.url

    # A resident of 宝石社区 proposes: the negative list answers first, with its reason.
    collecting = Round.objects.get(region_id=BAOSHI, status="collecting")
    visit(phone, f"{base}/public/micro/{collecting.pk}/")
    assert phone.locator("nav").count() == 0
    with phone.expect_navigation():
        phone.click("[data-testid=propose-link]")
    phone.get_by_label("工程类").check()
    phone.fill("input[name=title]", "3号楼电梯维修")
    phone.fill("textarea[name=description]", "电梯经常停运，老人上下楼困难")
    phone.fill("input[name=location]", "3号楼")
    phone.fill("input[name=estimated_cost]", "50000")
    phone.check("input[name=declared]")
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    assert "负面清单" in phone.inner_text("main") and "物业服务企业" in phone.inner_text("main")
    assert phone.input_value("input[name=location]") == "3号楼"
    screenshot(phone, "micro-phone-negative-list")
    phone.fill("input[name=title]", "楼道扶手加装")
    phone.fill("textarea[name=description]", "老人上下楼需要扶手")
    phone.fill("input[name=estimated_cost]", "18000")
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    assert "提议已收到" in phone.inner_text("main")
    assert Proposal.objects.filter(round=collecting, title="楼道扶手加装").exists()

    # A resident of 上保社区 votes with a code sent to the phone.
    voting = Round.objects.get(region_id=SHANGBAO, status="voting")
    target = Proposal.objects.filter(round=voting, status="shortlisted").order_by("votes", "id").first()
    before = target.votes
    visit(phone, f"{base}/public/micro/{voting.pk}/")
    assert phone.locator("[data-testid=voting-open]").count() == 1
    screenshot(phone, "micro-phone-round")
    with phone.expect_navigation():
        phone.click(f"[data-testid=vote-{target.pk}]")
    phone.fill("input[name=phone]", "139 0571 8888")
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    assert phone.locator("input[name=code]").count() == 1
    screenshot(phone, "micro-phone-code")
    phone.fill("input[name=code]", _code())
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    assert "投票已计入" in phone.inner_text("main")
    screenshot(phone, "micro-phone-voted")
    target.refresh_from_db()
    assert target.votes == before + 1
    assert not Vote.objects.filter(voter_index__contains="13905718888").exists()

    # The same number again: refused on the first step.
    visit(phone, f"{base}/public/micro/{voting.pk}/vote/{target.pk}/")
    phone.fill("input[name=phone]", "13905718888")
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    assert "已在本批次投过票" in phone.inner_text("main")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the vote page scrolls sideways ({width}px)"

    # The community closes the vote and confirms the winner.
    sign_in(page, base, "shangbao_staff")
    visit(page, f"{base}/micro/{voting.pk}/")
    screenshot(page, "micro-round-staff")
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("[data-testid=action-close_vote] button")
    winner = Proposal.objects.filter(round=voting, status="shortlisted").order_by("-votes", "id").first()
    with page.expect_navigation():
        page.click(f"[data-testid=confirm-{winner.pk}] button")
    winner.refresh_from_db()
    assert winner.status == "confirmed" and page.url == f"{base}/projects/{winner.project_id}/"
    assert voting.title in page.inner_text("main")  # the project links back to the round
    screenshot(page, "micro-project-from-vote")

    # The published result on the phone.
    visit(phone, f"{base}/public/micro/{voting.pk}/")
    assert phone.locator("[data-testid=result]").count() == 1
    assert "13905718888" not in phone.content()
    screenshot(phone, "micro-phone-result")
