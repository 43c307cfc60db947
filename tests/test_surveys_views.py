"""The staff pages of 需求调研: setting a survey up, entering paper questionnaires, reading the results,
turning answers into needs and exporting to Excel."""

import io
import re

import openpyxl
import pytest
from django.utils import timezone

from needs.models import Need
from needs.surveys.models import Answer, Campaign, Question, Response
from tests import test_surveys_support as support
from tests.helpers import C111, C112, S11
from tests.test_surveys_support import answer, ids, make_campaign
from wuse.audit.models import AuditEntry

# Fixtures shared with the other survey tests.
people, fresh_cache = support.people, support.fresh_cache


def _nonce(page) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', page.content.decode()).group(1)


@pytest.mark.django_db
def test_a_community_sets_up_a_survey_and_starts_collecting(people, client, in_chinese):
    client.force_login(people["staff"])
    assert "需求调研" in client.get("/").content.decode()  # the navigation entry
    today = timezone.localdate()
    bad = client.post("/surveys/new/", {"region": C111, "title": "调研", "starts_on": today.isoformat(),
                                        "ends_on": "2000-01-01"})
    assert bad.status_code == 400 and "结束日期不能早于开始日期" in bad.content.decode()
    assert 'value="调研"' in bad.content.decode()
    assert client.post("/surveys/new/", {"region": C112, "title": "别人的社区", "starts_on": today.isoformat(),
                                         "ends_on": today.isoformat()}).status_code == 400
    created = client.post("/surveys/new/", {"region": C111, "title": "2026年上保社区需求调研",
                                            "description": "请居民如实填写", "starts_on": today.isoformat(),
                                            "ends_on": today.isoformat()})
    campaign = Campaign.objects.get()
    assert created["Location"] == f"/surveys/{campaign.pk}/"
    base = f"/surveys/{campaign.pk}/questions/new"
    refused = client.post(f"{base}/single/", {"text": "您最需要哪项服务？", "choices": "老年食堂", "required": "on"})
    assert refused.status_code == 400 and "请至少填写两个选项" in refused.content.decode()
    assert "老年食堂" in refused.content.decode()  # kept
    assert client.post(f"{base}/single/", {"text": "您最需要哪项服务？", "choices": "老年食堂\n托育服务\n\n文体活动",
                                           "required": "on"}).status_code == 302
    assert client.post(f"{base}/scale/", {"text": "满意度", "scale_min": "1", "scale_max": "5",
                                          "scale_min_label": "很不满意", "scale_max_label": "非常满意",
                                          "required": "on", "another": "1"})["Location"] == f"{base}/scale/"
    assert client.post(f"{base}/text/", {"text": "其他建议"}).status_code == 302
    assert client.get(f"{base}/essay/").status_code == 404
    single, scale, text = campaign.questions.order_by("position")
    assert (single.choices, scale.scale_max_label, text.required) == (["老年食堂", "托育服务", "文体活动"], "非常满意",
                                                                      False)
    page = client.get(f"/surveys/{campaign.pk}/").content.decode()
    assert "data-confirm=\"确定删除题目“其他建议”吗？\"" in page
    assert client.post(f"/surveys/{campaign.pk}/questions/{text.pk}/move/up/").status_code == 302
    assert list(campaign.questions.values_list("pk", flat=True)) == [single.pk, text.pk, scale.pk]
    assert client.get(f"/surveys/{campaign.pk}/questions/{text.pk}/delete/").status_code == 405
    assert client.post(f"/surveys/{campaign.pk}/questions/{text.pk}/delete/").status_code == 302
    assert not Question.objects.filter(pk=text.pk).exists()
    assert client.post(f"/surveys/{campaign.pk}/do/open/").status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "open"
    page = client.get(f"/surveys/{campaign.pk}/").content.decode()
    assert campaign.public_token in page and "<svg" in page and "收集中" in page
    assert f'href="/surveys/{campaign.pk}/questions/new/' not in page  # frozen
    assert client.get(f"{base}/text/")["Location"] == f"/surveys/{campaign.pk}/"
    qr = client.get(f"/surveys/{campaign.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert f"http://testserver/surveys/p/{campaign.public_token}/" in page
    assert {a for a in AuditEntry.objects.values_list("action", flat=True) if a.startswith("survey.")} >= {
        "survey.create", "survey.question_add", "survey.question_move", "survey.question_delete", "survey.open"}


@pytest.mark.django_db
def test_the_printed_link_uses_the_public_address_when_one_is_set(people, client, settings):
    settings.WUSE_PUBLIC_BASE_URL = "https://wuse.example.gov.cn/"
    campaign = make_campaign(people["staff"], C111)
    client.force_login(people["staff"])
    page = client.get(f"/surveys/{campaign.pk}/").content.decode()
    assert f'value="https://wuse.example.gov.cn/surveys/p/{campaign.public_token}/"' in page


@pytest.mark.django_db
def test_opening_without_questions_explains_why(people, client, in_chinese):
    campaign = make_campaign(people["staff"], C111, questions=[], open_it=False)
    client.force_login(people["staff"])
    refused = client.post(f"/surveys/{campaign.pk}/do/open/")
    assert refused.status_code == 409 and "请至少添加一道题目" in refused.content.decode()
    assert client.post(f"/surveys/{campaign.pk}/do/nonsense/").status_code == 409


@pytest.mark.django_db
def test_an_edit_made_on_a_stale_page_is_refused_and_kept(people, client):
    campaign = make_campaign(people["staff"], C111, open_it=False)
    client.force_login(people["staff"])
    form = {"title": "新标题", "description": "", "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(), "version": campaign.version}
    assert client.post(f"/surveys/{campaign.pk}/edit/", form).status_code == 302
    stale = client.post(f"/surveys/{campaign.pk}/edit/", {**form, "title": "我的修改"})
    assert stale.status_code == 409 and 'value="我的修改"' in stale.content.decode()
    assert 'data-testid="conflict"' in stale.content.decode()
    campaign.refresh_from_db()
    assert campaign.title == "新标题"


@pytest.mark.django_db
def test_staff_enter_paper_questionnaires_for_their_community(people, client, in_chinese):
    street = make_campaign(people["officer"], S11)
    client.force_login(people["staff"])
    page = client.get(f"/surveys/{street.pk}/enter/")
    html = page.content.decode()
    assert page.status_code == 200 and "答卷来自哪个社区" in html
    assert f'value="{C111}"' in html and f'value="{C112}"' not in html
    q1, q2, q3, q4 = ids(street)
    data = {"nonce": _nonce(page), "unit": C111, f"q{q1}": "老年食堂", f"q{q3}": "9", f"q{q4}": "加装电梯"}
    refused = client.post(f"/surveys/{street.pk}/enter/", data)
    assert refused.status_code == 400 and "请选择 1 到 5 之间的整数" in refused.content.decode()
    assert "加装电梯" in refused.content.decode()
    saved = client.post(f"/surveys/{street.pk}/enter/", {**data, f"q{q3}": "5"})
    assert saved.status_code == 302
    assert client.post(f"/surveys/{street.pk}/enter/", {**data, f"q{q3}": "5"}).status_code == 302  # resubmitted
    response = Response.objects.get()
    assert (response.channel, response.entered_by, response.region_id) == ("staff", people["staff"], C111)
    forged = client.post(f"/surveys/{street.pk}/enter/", {**data, "nonce": "another-form", "unit": C112})
    assert forged.status_code == 400 and Response.objects.count() == 1
    client.force_login(people["officer"])
    assert client.post(f"/surveys/{street.pk}/do/close/").status_code == 302
    client.force_login(people["staff"])
    late = client.post(f"/surveys/{street.pk}/enter/", {**data, "nonce": "late-form"})
    assert late.status_code == 409 and "加装电梯" in late.content.decode() and Response.objects.count() == 1
    client.force_login(people["district"])
    assert client.get(f"/surveys/{street.pk}/enter/").status_code == 403


@pytest.mark.django_db
def test_results_responses_and_written_answers_pages(people, client, in_chinese):
    campaign = make_campaign(people["staff"], C111)
    for n in range(7):
        answer(campaign, text=f"建议{n} <b>加粗</b>")
    answer(campaign, user=people["staff"], text="")
    client.force_login(people["staff"])
    html = client.get(f"/surveys/{campaign.pk}/").content.decode()
    assert "共 8 份答卷（工作人员录入 1 份，公开链接提交 7 份）" in html
    assert "&lt;b&gt;加粗&lt;/b&gt;" in html and "<b>加粗</b>" not in html
    assert "查看全部 7 条文字回答" in html and "平均分" in html
    texts = client.get(f"/surveys/{campaign.pk}/questions/{ids(campaign)[3]}/answers/")
    assert len(texts.context["page"]) == 7 and all(a.can_to_need for a in texts.context["page"])
    assert client.get(f"/surveys/{campaign.pk}/questions/{ids(campaign)[0]}/answers/").status_code == 404
    responses = client.get(f"/surveys/{campaign.pk}/responses/")
    assert len(responses.context["rows"]) == 8 and "工作人员录入" in responses.content.decode()
    client.force_login(people["staff2"])
    assert client.get(f"/surveys/{campaign.pk}/responses/").status_code == 404


@pytest.mark.django_db
def test_a_written_answer_becomes_a_need_from_its_page(people, client):
    campaign = make_campaign(people["staff"], C111)
    written = answer(campaign, text="3号楼门口的路灯坏了\n晚上很黑").answers.get(question__kind="text")
    url = f"/surveys/{campaign.pk}/answers/{written.pk}/to-need/"
    client.force_login(people["officer"])
    assert client.get(url).status_code == 403
    client.force_login(people["staff2"])
    assert client.get(url).status_code == 404
    client.force_login(people["staff"])
    form = client.get(url)
    assert form.context["form"].initial["title"] == "3号楼门口的路灯坏了"
    created = client.post(url, {"community": C111, "title": "3号楼路灯坏了", "category": "safety",
                                "urgency": "high", "description": "居民反映"})
    need = Need.objects.get()
    assert created["Location"] == f"/needs/{need.pk}/"
    assert (need.channel, need.category_id, need.urgency, need.community_id) == ("survey", "safety", "high", C111)
    assert client.get(url)["Location"] == f"/needs/{need.pk}/"  # already done: straight to the need
    assert client.post(url, {"community": C111, "title": "again", "category": "other",
                             "urgency": "normal"})["Location"] == f"/needs/{need.pk}/"
    assert Need.objects.count() == 1
    choice = Answer.objects.get(response=written.response, question__kind="single")
    assert client.get(f"/surveys/{campaign.pk}/answers/{choice.pk}/to-need/").status_code == 404


@pytest.mark.django_db
def test_a_repeated_need_is_offered_for_support_instead(people, client):
    from needs.services import need_create
    from tests.test_surveys_support import region

    existing = need_create(user=people["staff"], community=region(C111), title="电梯经常故障")
    campaign = make_campaign(people["staff"], C111)
    written = answer(campaign, text="电梯经常出故障").answers.get(question__kind="text")
    client.force_login(people["staff"])
    page = client.get(f"/surveys/{campaign.pk}/answers/{written.pk}/to-need/")
    assert [n.pk for n, _score in page.context["duplicates"]] == [existing.pk]
    done = client.post(f"/surveys/{campaign.pk}/answers/{written.pk}/support/", {"need": existing.pk})
    assert done["Location"] == f"/needs/{existing.pk}/"
    existing.refresh_from_db()
    written.refresh_from_db()
    assert (existing.support_count, written.need_id) == (2, existing.pk)


@pytest.mark.django_db
def test_the_export_opens_in_excel_with_chinese_headers_and_no_formulas(people, client, in_chinese):
    campaign = make_campaign(people["staff"], C111, title="上保社区调研")
    answer(campaign, text="=HYPERLINK(\"http://evil.example\",\"点我\")")
    answer(campaign, single="托育服务", multiple=("工作日白天", "周末"), scale=2, text="+1 希望多办活动")
    answer(campaign, user=people["staff"], text="@SUM(A1:A2)")
    client.force_login(people["district"])
    response = client.get(f"/surveys/{campaign.pk}/export/")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"] and "xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "答卷"]
    summary, rows = book["汇总"], book["答卷"]
    assert [c.value for c in summary[1]] == ["题号", "题目", "题型", "选项 / 分值", "人数", "占作答人数比例（%）"]
    assert [c.value for c in rows[1]][:4] == ["答卷编号", "提交时间", "来源渠道", "社区"]
    assert [c.value for c in rows[1]][4] == "1. 您最需要哪项服务？"
    assert rows.max_row == 4
    values = [c.value for row in book.worksheets for line in row.iter_rows() for c in line]
    assert all(c.data_type != "f" for sheet in book.worksheets for line in sheet.iter_rows() for c in line)
    assert "=HYPERLINK(\"http://evil.example\",\"点我\")" in values and "+1 希望多办活动" in values
    assert "工作日白天；周末" in values
    option_rows = {(r[1], r[3]): (r[4], r[5]) for r in summary.iter_rows(min_row=2, values_only=True)}
    assert option_rows[("您最需要哪项服务？", "老年食堂")] == (2, 66.7)
    assert option_rows[("您对社区服务的满意度", "平均分")][0] == pytest.approx(10 / 3, abs=0.01)
    entry = AuditEntry.objects.get(action="survey.export")
    assert (entry.user_id, entry.object_id, entry.detail["responses"]) == (people["district"].pk, str(campaign.pk), 3)
    client.force_login(people["volunteer"])
    assert client.get(f"/surveys/{campaign.pk}/export/").status_code == 404
