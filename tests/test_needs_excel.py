"""Excel import of needs: the template, the row-by-row report, the all-or-nothing import, refused files
and large imports in a worker."""

import datetime as dt
import io
import os
import zipfile
from urllib.parse import quote

import openpyxl
import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from needs import excel, services
from needs.excel import (
    ANONYMOUS,
    CATEGORY,
    CHANNEL,
    COMMUNITY,
    DEADLINE,
    DESCRIPTION,
    HEADCOUNT,
    HEADERS,
    ID_NUMBER,
    LOCATION,
    NAME,
    PHONE,
    TITLE,
    URGENCY,
)
from needs.models import Need, NeedCategory
from needs.views.excel import SESSION_KEY
from tests.helpers import C111, C112, C211, S11, make_user
from tests.needs_excel_support import (
    CONFIRM,
    EXPORT,
    ID_VALUE,
    ID_WITH_X,
    IMPORT,
    PHONE_NUMBER,
    TEMPLATE,
    confirm,
    create,
    exported,
    good,
    located,
    upload,
    xlsx,
)
from wuse.accounts.models import Membership
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_needs_excel")]


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def officer(tree):
    return make_user("officer", Role.STREET_OFFICER, S11)


# ---------------------------------------------------------------------------------------------- template


def test_the_template_has_the_chinese_headers_required_marks_and_dropdowns(client, staff):
    client.force_login(staff)
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    assert quote("需求导入模板.xlsx") in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["需求清单"]
    header = [c.value for c in sheet[1]]
    assert [h.lstrip("*") for h in header] == list(HEADERS)
    assert {h.lstrip("*") for h in header if h.startswith("*")} == {COMMUNITY, TITLE, CATEGORY, CHANNEL}
    validations = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    column = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(HEADERS, start=1)}
    categories = validations[f"{column[CATEGORY]}2:{column[CATEGORY]}20001"]
    assert all(c.name in categories for c in NeedCategory.objects.filter(active=True))
    channels = validations[f"{column[CHANNEL]}2:{column[CHANNEL]}20001"]
    assert "入户走访" in channels and "12345热线 / 网格" in channels and "visit" not in channels
    assert "紧急" in validations[f"{column[URGENCY]}2:{column[URGENCY]}20001"]
    assert validations[f"{column[ANONYMOUS]}2:{column[ANONYMOUS]}20001"] == '"是,否"'
    assert validations[f"{column[COMMUNITY]}2:{column[COMMUNITY]}20001"] == f'"{C111}"'
    assert sheet.column_dimensions[column[PHONE]].number_format == "@"  # text: every digit kept


def test_an_inactive_category_is_not_offered_in_the_template(client, staff):
    NeedCategory.objects.filter(code="culture_sports").update(active=False)
    client.force_login(staff)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(TEMPLATE).content))["需求清单"]
    formulas = " ".join(dv.formula1 for dv in sheet.data_validations.dataValidation)
    assert "文体活动" not in formulas and "环境卫生" in formulas


def test_the_filled_in_template_imports(client, staff):
    client.force_login(staff)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(TEMPLATE).content))
    sheet = workbook["需求清单"]
    sheet.append([C111, "小区门口积水", None, "环境卫生", "线上", "较高", None, 3, "3幢", None, "李四", PHONE_NUMBER,
                  None, "否"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = upload(client, buffer.getvalue()).context["report"]
    assert (report.total, report.errors, len(report.valid)) == (1, [], 1)
    assert confirm(client).status_code == 302
    need = Need.objects.get()
    assert (need.title, need.category_id, need.channel, need.urgency, need.headcount) == (
        "小区门口积水", "sanitation", "online", "high", 3)
    assert need.response_deadline == timezone.localdate() + dt.timedelta(days=5)  # the category's days


def test_the_upload_page_names_the_staff_members_community_and_excludes_sensitive_data(client, staff):
    client.force_login(staff)
    page = client.get(IMPORT).content.decode()
    assert C111 in page and "社区410101001001" in page
    assert 'data-testid="no-sensitive"' in page and TEMPLATE in page


def test_roles_that_may_not_register_needs_may_not_import(client, officer):
    client.force_login(officer)
    assert client.get(TEMPLATE).status_code == 403
    assert client.get(IMPORT).status_code == 403
    assert upload(client, xlsx([good(**{COMMUNITY: C111})])).status_code == 403
    assert AuditEntry.objects.filter(action="access.denied", user=officer).count() == 3
    assert not Need.objects.exists()


# ---------------------------------------------------------------------------------------------- round trip


def test_export_then_import_gives_the_same_rows(client, staff):
    client.force_login(staff)
    safety, sanitation = NeedCategory.objects.get(code="safety"), NeedCategory.objects.get(code="sanitation")
    originals = [
        create(staff, "电梯经常停运", category=safety, channel="hotline", urgency="urgent", headcount=120,
               location="5幢", description="早晚高峰\n经常停", affected_group="高层住户",
               proposer=services.Proposer(name="张三丰", phone=PHONE_NUMBER, id_number=ID_VALUE)),
        create(staff, "垃圾分类点太远", category=sanitation, channel="roundtable",
               response_deadline=timezone.localdate() + dt.timedelta(days=30),
               proposer=services.Proposer(name="李四", phone="0571-87654321", id_number=ID_WITH_X)),
        create(staff, "匿名反映噪音", proposer=services.Proposer(anonymous=True)),
    ]
    response = client.get(EXPORT, {"full": "1"})
    assert len(exported(response)) == 3
    entry = AuditEntry.objects.get(action="need.export")
    assert entry.detail == {"rows": 3, "full": True}

    result = upload(client, response.content, name="需求清单.xlsx")
    report = result.context["report"]
    assert report.errors == [] and len(report.valid) == 3
    assert {p.row for p in report.warnings if p.column == TITLE} == {2, 3, 4}  # already registered
    assert confirm(client).status_code == 302

    def same(need):
        return (need.title, need.description, need.category_id, need.channel, need.urgency, need.headcount,
                need.location, need.affected_group, need.response_deadline, need.proposer_anonymous,
                need.proposer_name, need.proposer_phone, need.proposer_id_number, need.community_id)

    new = Need.objects.exclude(pk__in=[n.pk for n in originals])
    assert sorted(map(same, new)) == sorted(map(same, Need.objects.filter(pk__in=[n.pk for n in originals])))
    assert all(n.proposer_phone_index for n in new if n.proposer_phone)  # saved through need_create
    assert AuditEntry.objects.filter(action="need.create").count() == 6
    assert AuditEntry.objects.get(action="need.import").detail == {"rows": 3, "skipped_rows": 0}


def test_a_masked_export_does_not_import_as_if_it_were_real_contact_data(client, staff):
    client.force_login(staff)
    create(staff, "路灯不亮", proposer=services.Proposer(name="张三丰", phone=PHONE_NUMBER, id_number=ID_VALUE))
    report = upload(client, client.get(EXPORT).content).context["report"]
    assert located(report) == {(2, NAME), (2, PHONE), (2, ID_NUMBER)}
    assert all("masked" in p.message or "脱敏" in p.message for p in report.errors)


# ---------------------------------------------------------------------------------------------- bad rows


def _yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.mark.parametrize(("changes", "column"), [
    ({COMMUNITY: C211}, COMMUNITY),  # a real community outside the user's unit
    ({COMMUNITY: C112}, COMMUNITY),  # a sibling community
    ({COMMUNITY: "999999999999"}, COMMUNITY),  # no such community
    ({COMMUNITY: "上保社区"}, COMMUNITY),  # not a code, not one of the user's communities
    ({COMMUNITY: None}, COMMUNITY),
    ({TITLE: None}, TITLE),
    ({TITLE: "　 "}, TITLE),  # only spaces
    ({TITLE: "长" * 101}, TITLE),
    ({CATEGORY: "不存在的类别"}, CATEGORY),
    ({CATEGORY: None}, CATEGORY),
    ({CHANNEL: "微信群"}, CHANNEL),
    ({URGENCY: "特急"}, URGENCY),
    ({DEADLINE: "下周一"}, DEADLINE),
    ({DEADLINE: "2026-02-30"}, DEADLINE),
    ({DEADLINE: _yesterday()}, DEADLINE),
    ({HEADCOUNT: "abc"}, HEADCOUNT),
    ({HEADCOUNT: 0}, HEADCOUNT),
    ({HEADCOUNT: 2.5}, HEADCOUNT),
    ({PHONE: "12345"}, PHONE),
    ({PHONE: "138****5678"}, PHONE),
    ({ID_NUMBER: ID_VALUE[:-1] + ("0" if ID_VALUE[-1] != "0" else "1")}, ID_NUMBER),  # checksum
    ({ID_NUMBER: "33010619900101"}, ID_NUMBER),
    ({ID_NUMBER: float(ID_VALUE[:17] + "0")}, ID_NUMBER),  # typed into a number cell: digits lost
    ({ANONYMOUS: "是", PHONE: PHONE_NUMBER}, ANONYMOUS),
    ({ANONYMOUS: "也许"}, ANONYMOUS),
    ({NAME: "张" * 51}, NAME),
    ({LOCATION: "楼" * 201}, LOCATION),
    ({DESCRIPTION: "字" * 5001}, DESCRIPTION),
])
def test_each_bad_row_kind_names_its_row_and_column(client, staff, changes, column):
    client.force_login(staff)
    response = upload(client, xlsx([good(), good(**{TITLE: "第二条", **changes}), good(**{TITLE: "第三条"})]))
    assert response.status_code == 200
    report = response.context["report"]
    assert located(report) == {(3, column)}
    assert [r.number for r in report.valid] == [2, 4]
    problem = report.errors[0]
    assert "3" in str(problem) and column in str(problem)
    page = response.content.decode()
    assert f"<strong>{column}</strong>" in page
    assert ID_VALUE[:17] not in page  # messages never repeat an ID number
    assert not Need.objects.exists()


def test_several_problems_in_one_row_are_all_reported(client, staff):
    client.force_login(staff)
    report = upload(client, xlsx([good(**{TITLE: None, CATEGORY: "？", HEADCOUNT: "很多", PHONE: "1"})])
                    ).context["report"]
    assert located(report) == {(2, TITLE), (2, CATEGORY), (2, HEADCOUNT), (2, PHONE)}
    assert report.bad_rows == [2] and report.valid == []
    assert SESSION_KEY not in client.session  # nothing to confirm


def test_the_usual_mess_is_accepted(client, staff):
    Membership.objects.create(user=staff, role=Role.COMMUNITY_STAFF, region_id=C112)
    client.force_login(staff)
    in_ten_days = timezone.localdate() + dt.timedelta(days=10)
    serial = (in_ten_days - dt.date(1899, 12, 30)).days
    rows = [
        good(**{COMMUNITY: int(C111), PHONE: "１３８ １２３４ ５６７８", DEADLINE: serial, HEADCOUNT: "１２",
                ID_NUMBER: ID_WITH_X.lower(), NAME: " 王五 "}),
        good(**{COMMUNITY: "社区410101001002", TITLE: "  标题\n有 换行 ", PHONE: "+86 138-1234-5678",
                DEADLINE: f"{in_ten_days.year}年{in_ten_days.month}月{in_ten_days.day}日", CATEGORY: "safety",
                CHANNEL: "Home visit", URGENCY: "urgent", ANONYMOUS: "否"}),
        good(**{DEADLINE: in_ten_days.strftime("%Y/%m/%d"), CATEGORY: "Safety hazards", CHANNEL: "12345热线/网格",
                ANONYMOUS: "是", TITLE: "'=1+1"}),
        good(**{PHONE: "0571 8765 4321", DEADLINE: dt.datetime.combine(in_ten_days, dt.time()), ANONYMOUS: False}),
        good(**{PHONE: int(PHONE_NUMBER), ANONYMOUS: "n"}),  # a number cell
    ]
    report = upload(client, xlsx(rows)).context["report"]
    assert report.errors == []
    first, second, third, fourth, fifth = report.valid
    assert first.community.code == C111 and first.proposer.phone == PHONE_NUMBER
    assert first.proposer.id_number == ID_WITH_X and first.proposer.name == "王五"
    assert first.fields["headcount"] == 12 and first.fields["response_deadline"] == in_ten_days
    assert second.community.code == C112 and second.title == "标题 有 换行"
    assert (second.fields["category"].code, second.fields["channel"], second.fields["urgency"]) == (
        "safety", "visit", "urgent")
    assert second.proposer.phone == PHONE_NUMBER and second.fields["response_deadline"] == in_ten_days
    assert third.proposer.anonymous and third.proposer.phone == "" and third.title == "=1+1"
    assert third.fields["channel"] == "hotline" and third.fields["urgency"] == "normal"
    assert fourth.proposer.phone == "0571-87654321" and fourth.fields["response_deadline"] == in_ten_days
    assert fifth.proposer.phone == PHONE_NUMBER and not fifth.proposer.anonymous


def test_duplicates_in_the_file_are_warnings_not_errors(client, staff):
    client.force_login(staff)
    create(staff, "已登记的需求")
    report = upload(client, xlsx([good(), good(), good(**{TITLE: "已登记的需求"})])).context["report"]
    assert report.errors == [] and len(report.valid) == 3
    assert {(p.row, p.column) for p in report.warnings} == {(3, TITLE), (4, TITLE)}
    assert "2" in report.warnings[0].message
    assert confirm(client).status_code == 302
    assert Need.objects.count() == 4


def test_unknown_columns_are_warned_about_and_ignored(client, staff):
    client.force_login(staff)
    report = upload(client, xlsx([{**good(), "备注": "x"}], headers=[*HEADERS, "备注"])).context["report"]
    assert report.errors == [] and any("备注" in str(w) for w in report.warnings)


# ---------------------------------------------------------------------------------------------- all or nothing


def test_the_confirmation_imports_the_valid_rows_and_lists_the_bad_ones(client, staff):
    client.force_login(staff)
    response = upload(client, xlsx([good(**{TITLE: "一"}), good(**{TITLE: None}), good(**{TITLE: "三"})]))
    assert response.context["pending"].count == 2
    assert 'name="token"' in response.content.decode() and not Need.objects.exists()
    path = excel.Pending.from_dict(client.session[SESSION_KEY]).path
    assert default_storage.exists(path)
    token = client.session[SESSION_KEY]["token"]
    assert confirm(client).status_code == 302
    assert sorted(Need.objects.values_list("title", flat=True)) == ["一", "三"]
    assert AuditEntry.objects.get(action="need.import").detail == {"rows": 2, "skipped_rows": 1}
    assert not default_storage.exists(path) and SESSION_KEY not in client.session
    again = confirm(client, token)  # a second click imports nothing twice
    assert again.status_code == 302 and again.url == IMPORT
    assert Need.objects.count() == 2


def test_a_failure_on_the_third_row_imports_nothing(client, staff, monkeypatch):
    client.force_login(staff)
    upload(client, xlsx([good(**{TITLE: f"需求{n}"}) for n in range(5)]))
    real, calls = services.need_create, []

    def failing_third(**kwargs):
        calls.append(kwargs["title"])
        if len(calls) == 3:
            raise ValidationError({"title": "数据已变化"})
        return real(**kwargs)

    monkeypatch.setattr(services, "need_create", failing_third)
    response = confirm(client)
    assert response.status_code == 409 and len(calls) == 3
    assert response.context["failure"].row == 4 and "数据已变化" in response.content.decode()
    assert not Need.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["need.create", "need.import"]).exists()


def test_an_unexpected_error_during_the_import_rolls_everything_back(client, staff, monkeypatch):
    client.force_login(staff)
    upload(client, xlsx([good(**{TITLE: f"需求{n}"}) for n in range(4)]))
    real, calls = services.need_create, []

    def crashing_third(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(services, "need_create", crashing_third)
    with pytest.raises(RuntimeError):
        confirm(client)
    assert not Need.objects.exists()


def test_rows_that_became_invalid_after_the_report_stop_the_import(client, staff):
    client.force_login(staff)
    upload(client, xlsx([good(), good(**{CATEGORY: "文体活动", TITLE: "广场舞"})]))
    NeedCategory.objects.filter(code="culture_sports").update(active=False)
    response = confirm(client)
    assert response.status_code == 409 and not Need.objects.exists()
    assert located(response.context["report"]) == {(3, CATEGORY)}
    assert confirm(client).status_code == 302  # confirming the new report imports the row still valid
    assert list(Need.objects.values_list("title", flat=True)) == ["楼道灯不亮"]


def test_the_confirmation_trusts_only_the_file_kept_on_the_server(client, staff):
    client.force_login(staff)
    upload(client, xlsx([good()]))
    assert confirm(client, "forged-token").url == IMPORT
    pending = excel.Pending.from_dict(client.session.get(SESSION_KEY))
    assert pending is None  # a wrong token drops the waiting import
    upload(client, xlsx([good()]))
    pending = excel.Pending.from_dict(client.session[SESSION_KEY])
    default_storage.delete(pending.path)
    default_storage.save(pending.path, ContentFile(xlsx([good(**{TITLE: "偷换的内容"})])))
    assert confirm(client).url == IMPORT
    other = make_user("other", Role.COMMUNITY_STAFF, C111)
    client.force_login(other)  # another user's session cannot confirm it
    assert client.post(CONFIRM, {"token": pending.token}).url == IMPORT
    assert not Need.objects.exists()


def test_a_waiting_upload_expires_after_24_hours(client, staff):
    client.force_login(staff)
    upload(client, xlsx([good()]))
    pending = excel.Pending.from_dict(client.session[SESSION_KEY])
    assert excel.purge_stale_imports(timezone.now() + dt.timedelta(hours=23)) == 0
    assert excel.purge_stale_imports(timezone.now() + dt.timedelta(hours=25)) >= 1
    assert not default_storage.exists(pending.path)
    assert confirm(client).url == IMPORT and not Need.objects.exists()


# ---------------------------------------------------------------------------------------------- refused files


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            zeros = bytes(1024 * 1024)
            for _ in range(60):
                part.write(zeros)
    return buffer.getvalue()


def _rows(count: int) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, [COMMUNITY, TITLE, CATEGORY, CHANNEL])
    for row in range(1, count + 1):
        sheet.write_row(row, 0, [C111, f"需求{row}", "其他", "线下"])
    workbook.close()
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("needs.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
    ("needs.csv", "社区代码,标题,类别,来源渠道\n410101001001,路灯,其他,线下\n".encode()),
    ("needs.xlsx", os.urandom(4096)),
    ("needs.xlsx", b""),
    ("bomb.xlsx", _zip_bomb()),
    ("other.xlsx", xlsx([{"姓名": "张三"}], headers=["姓名", "性别"])),  # not the template: required headers
    ("blank.xlsx", xlsx([])),  # headers only
])
def test_refused_uploads_get_a_message_and_import_nothing(client, staff, name, data):
    client.force_login(staff)
    response = upload(client, data, name)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors and "report" not in response.context
    assert SESSION_KEY not in client.session and not Need.objects.exists()


def test_a_twenty_thousand_and_one_row_file_is_refused_with_the_limit_named(client, staff):
    client.force_login(staff)
    response = upload(client, _rows(20_001))
    assert response.status_code == 400 and any("20000" in e for e in response.context["form"].errors["file"])
    assert SESSION_KEY not in client.session and not Need.objects.exists()


def test_an_upload_over_10_mb_is_refused_before_it_is_read(client, staff):
    client.force_login(staff)
    response = upload(client, bytes(10 * 1024 * 1024 + 1))
    assert response.status_code in (400, 413) and not Need.objects.exists()


# --- large imports run in a worker, the page follows the progress ----------------------------


def test_a_large_import_runs_in_the_background_and_the_page_follows_it(client, staff, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    from needs.excel import jobs as import_jobs
    from wuse.jobs.models import Job

    monkeypatch.setattr(import_jobs, "SYNC_LIMIT", 2)
    client.force_login(staff)
    upload(client, xlsx([good(**{TITLE: f"批量需求{n}"}) for n in range(5)]))
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/jobs/{job.pk}/")
    assert (job.kind, job.status, job.done, job.total) == ("needs.import", "done", 5, 5)
    assert Need.objects.filter(title__startswith="批量需求").count() == 5
    page = client.get(response["Location"])
    assert page.context["percent"] == 100 and "http-equiv" not in page.content.decode()
    assert AuditEntry.objects.filter(action="need.import").count() == 1
    client.force_login(make_user("colleague", Role.COMMUNITY_STAFF, C111))
    assert client.get(response["Location"]).status_code == 404  # someone else's import


def test_a_failing_background_import_imports_nothing_and_says_which_row(client, staff, monkeypatch,
                                                                         django_capture_on_commit_callbacks):
    from needs.excel import jobs as import_jobs
    from wuse.jobs.models import Job

    monkeypatch.setattr(import_jobs, "SYNC_LIMIT", 2)
    real, calls = services.need_create, []

    def failing_fourth(**kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise ValidationError({"title": "数据已变化"})
        return real(**kwargs)

    monkeypatch.setattr(services, "need_create", failing_fourth)
    client.force_login(staff)
    upload(client, xlsx([good(**{TITLE: f"批量需求{n}"}) for n in range(5)]))
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client)
    job = Job.objects.get()
    assert job.status == "failed" and "5" in job.message and "数据已变化" in job.message
    assert not Need.objects.exists()
    assert "数据已变化" in client.get(response["Location"]).content.decode()


def test_a_queued_import_shows_progress_and_refreshes(client, staff, monkeypatch):
    from django.core.cache import cache

    from needs.excel import jobs as import_jobs
    from wuse.jobs.models import Job
    from wuse.jobs.runner import job_run, progress_key

    monkeypatch.setattr(import_jobs, "SYNC_LIMIT", 2)
    client.force_login(staff)
    upload(client, xlsx([good(**{TITLE: f"批量需求{n}"}) for n in range(4)]))
    response = confirm(client)  # the task waits for the commit, which a test transaction never reaches
    job = Job.objects.get()
    assert job.status == "queued"
    cache.set(progress_key(job.pk), 2)
    page = client.get(response["Location"])
    assert page.context["done"] == 2 and page.context["percent"] == 50
    assert 'http-equiv="refresh"' in page.content.decode()
    job_run(job.pk)
    job_run(job.pk)  # a redelivered task does nothing twice
    assert Need.objects.filter(title__startswith="批量需求").count() == 4


def test_an_expired_import_job_takes_its_waiting_file_along(client, staff, monkeypatch):
    from needs.excel import jobs as import_jobs
    from wuse.jobs.models import Job
    from wuse.jobs.runner import jobs_purge

    monkeypatch.setattr(import_jobs, "SYNC_LIMIT", 2)
    client.force_login(staff)
    upload(client, xlsx([good(**{TITLE: f"批量需求{n}"}) for n in range(3)]))
    pending = excel.Pending.from_dict(client.session[SESSION_KEY])
    confirm(client)  # queued, never run: the file waits for the worker
    assert Job.objects.filter(kind="needs.import").exists() and default_storage.exists(pending.path)
    assert jobs_purge(timezone.now() + dt.timedelta(hours=25)) == 1
    assert not Job.objects.exists() and not default_storage.exists(pending.path)
