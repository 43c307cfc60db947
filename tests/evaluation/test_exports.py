"""The evaluation downloads: the xlsx of the list (the list's filters and scope; opens in openpyxl; each evaluator
kind's total only once closed, equal to the detail page's cards; a Chinese file name; audited; a constant number
of queries) and the PDF scorecard (a PDF with the CJK font embedded and the project's name as text; only the parts
the reader may see before the close; 404 outside one's reach; audited)."""

import datetime as dt
import io
import re
import shutil
import subprocess
import zlib
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluation import exports, services
from evaluation.models import Assignment, Evaluation, Score, SubIndicator
from evaluation.results import cards_of
from projects.models import Project
from tests.helpers import C111, C112, D2, require
from tests.projects.support import YEAR
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region

from .support import score_and_submit, set_up

pytestmark = pytest.mark.django_db

EXPORT = "/evaluations/export/"
TOTAL_COLUMNS = (9, 10, 11)  # self, street, third party (0-based); then the final score, the grade, the date
FINAL, GRADE, CLOSED_ON = 12, 13, 14


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"
    return client


def _rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [tuple(cell.value for cell in row) for row in book.active.iter_rows()]


def _bulk(user, template, shares, *, status="in_progress", n=1, who=None, created_at=None) -> list[Evaluation]:
    """``n`` mid-term evaluations of new C112 projects, each scored by ``shares`` (kind → share of every maximum,
    None: assigned, nothing scored); rows only. Closed ones carry a result."""
    start = Project.objects.filter(region_id=C112, year=YEAR).count()
    projects = Project.objects.bulk_create([Project(
        region_id=C112, year=YEAR, seq=start + i + 1, code=f"P-{C112}-{YEAR}-{start + i + 1:03d}",
        title=f"项目{start + i}", status="in_progress", focus_area="other", linkage_mode="sw_orgs",
        total_budget=Decimal("100.00"), created_by=user, period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31)) for i in range(n)])
    closed = status == "closed"
    evaluations = Evaluation.objects.bulk_create([Evaluation(
        project=p, region_id=C112, stage="midterm", template=template, created_by=user, status=status,
        final_score=Decimal("84.0") if closed else None, grade="good" if closed else "",
        closed_at=timezone.now() if closed else None) for p in projects])
    if created_at is not None:
        Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).update(created_at=created_at)
    now = timezone.now()
    parts = Assignment.objects.bulk_create([Assignment(
        evaluation=e, kind=kind, user=(who or {}).get(kind, user), assigned_by=user, declared_at=now,
        submitted_at=now) for e in evaluations for kind in shares])
    indicators = list(SubIndicator.objects.filter(dimension__version=template))
    Score.objects.bulk_create([Score(assignment=a, indicator=i, value=(i.max_score * Decimal(shares[a.kind]))
                                     .quantize(Decimal("0.1"))) for a in parts if shares[a.kind] is not None
                               for i in indicators])
    return evaluations


def _by_code(rows) -> dict[str, tuple]:
    return {row[0]: row for row in rows[1:]}


# --- the xlsx -------------------------------------------------------------------------------------------------


def test_the_export_opens_with_the_lists_columns_and_the_closed_totals_of_the_cards(people, template, client):
    reviewer = people["reviewer"]
    closed = _bulk(reviewer, template, {"third_party": "0.9", "street": "0.75", "self": None}, status="closed")[0]
    scoring = _bulk(reviewer, template, {"third_party": "0.8", "street": "0.7"})[0]
    client.force_login(reviewer)
    response = client.get(EXPORT)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == "Project evaluations" and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > 8
    rows = _rows(response)
    assert rows[0] == ("Project no.", "Title", "Community", "Street", "District", "Undertaking organization",
                       "Stage", "Status", "Indicator template", "Self-assessment (undertaker): total",
                       "Street evaluation: total", "Third-party evaluation: total", "Final score", "Grade",
                       "Closed")
    region = Region.objects.get(code=C112)
    row = _by_code(rows)[closed.project.code]
    assert row[1:5] == (closed.project.title, region.name, region.parent.name, region.parent.parent.name)
    assert row[6:9] == ("Mid-term evaluation", "Evaluation closed", f"{template.family} v1")
    cards = cards_of(closed)
    assert [row[i] for i in TOTAL_COLUMNS] == [float(cards[k].total) for k in ("self", "street", "third_party")]
    assert row[9] == 0.0 and row[11] > row[10] > 70  # an assignment without scores counts 0, as on its card
    assert (row[FINAL], row[GRADE]) == (84.0, "Good") and row[CLOSED_ON] is not None
    number_formats = {sheet.cell(row=r, column=c + 1).number_format
                      for r in range(2, 4) for c in (*TOTAL_COLUMNS, FINAL)
                      if sheet.cell(row=r, column=c + 1).value is not None}
    assert number_formats == {"0.0"}
    hidden = _by_code(rows)[scoring.project.code]
    assert [hidden[i] for i in (*TOTAL_COLUMNS, FINAL, GRADE, CLOSED_ON)] == [None] * 6


def test_the_totals_follow_each_evaluation_however_they_interleave(people, template, client):
    """Closed and open evaluations mixed, several with the same creation time (ordered by id then): each closed
    row carries its own cards' totals."""
    reviewer = people["reviewer"]
    moment = timezone.now()
    evaluations = []
    for n, share in enumerate(("0.5", "0.6", "0.7", "0.8", "0.9", "1")):
        status = "closed" if n % 3 != 1 else "in_progress"
        evaluations += _bulk(reviewer, template, {"street": share, "third_party": str(1 - Decimal(share) / 2)},
                             status=status, created_at=moment if n < 4 else None)
    client.force_login(reviewer)
    rows = _by_code(_rows(client.get(EXPORT)))
    assert len(rows) == 6
    for evaluation in evaluations:
        row = rows[evaluation.project.code]
        if evaluation.status == "closed":
            cards = cards_of(evaluation)
            assert (row[10], row[11]) == (float(cards["street"].total), float(cards["third_party"].total))
            assert row[9] is None  # no self-assessment assigned
        else:
            assert row[10] is None and row[11] is None


def test_scores_stay_hidden_until_the_close_and_again_after_a_reopening(people, project, client):
    evaluation, parts, who = set_up(people, project)
    score_and_submit(who, parts, {"street": "0.8"})
    for name in ("reviewer", "officer", "evaluator", "city"):
        client.force_login(people[name])
        row = _by_code(_rows(client.get(EXPORT)))[project.code]
        assert [row[i] for i in (*TOTAL_COLUMNS, FINAL, GRADE)] == [None] * 5, name
    score_and_submit(who, parts, {"third_party": "0.9"})
    services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")
    client.force_login(people["evaluator"])
    row = _by_code(_rows(client.get(EXPORT)))[project.code]
    evaluation.refresh_from_db()
    assert (row[10], row[11], row[FINAL]) == (float(cards_of(evaluation)["street"].total),
                                             float(cards_of(evaluation)["third_party"].total),
                                             float(evaluation.final_score))
    services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="reopen", reason="复核")
    row = _by_code(_rows(client.get(EXPORT)))[project.code]
    assert [row[i] for i in (*TOTAL_COLUMNS, FINAL, GRADE)] == [None] * 5


def test_the_export_takes_the_lists_filters_and_scope(people, project, template, client):
    services.evaluation_create(user=people["reviewer"], project=project, stage="final")
    midterm = _bulk(people["reviewer"], template, {"street": "1"}, status="closed")[0]
    client.force_login(people["reviewer"])
    codes = {
        "": {project.code, midterm.project.code},
        "?stage=final": {project.code},
        "?status=closed": {midterm.project.code},
        f"?region={C111}": {project.code},
        f"?region={C112}&stage=midterm&after=junk": {midterm.project.code},
        "?stage=bogus&status=x": {project.code, midterm.project.code},  # ignored, as on the list
    }
    for params, expected in codes.items():
        assert set(_by_code(_rows(client.get(EXPORT + params)))) == expected, params
    assert client.get(f"{EXPORT}?region={D2}").status_code == 404
    assert client.get(f"{EXPORT}?region=abc").status_code == 404
    for name in ("reviewer_other", "officer_other"):
        client.force_login(people[name])
        assert _rows(client.get(EXPORT))[1:] == [], name
    client.force_login(people["evaluator_other"])  # assigned nowhere: an empty list and an empty export
    listed = client.get("/evaluations/")
    assert listed.status_code == 200 and project.code not in listed.content.decode()
    assert _rows(client.get(EXPORT))[1:] == []
    client.force_login(people["member"])  # the undertaker's member: its project's evaluation only
    assert set(_by_code(_rows(client.get(EXPORT)))) == {project.code}
    client.force_login(people["staff"])
    assert client.post(EXPORT).status_code == 405


def test_the_file_is_named_in_chinese_with_the_unit_and_the_day_and_the_export_is_audited(people, template, client):
    _bulk(people["reviewer"], template, {"street": "1"})
    client.force_login(people["reviewer"])
    client.cookies["django_language"] = "zh-hans"
    day = timezone.localdate().strftime("%Y%m%d")
    district = Region.objects.get(code="410101000000").name
    header = client.get(EXPORT)["Content-Disposition"]
    assert header.startswith("attachment; filename=\"export.xlsx\"; filename*=UTF-8''")
    assert quote(f"项目评估_{district}_{day}.xlsx") in header
    named = client.get(EXPORT, {"region": C112})["Content-Disposition"]
    assert quote(f"项目评估_{Region.objects.get(code=C112).name}_{day}.xlsx") in named
    entries = list(AuditEntry.objects.filter(action="evaluation.export").order_by("id"))
    assert [(e.user_id, e.detail) for e in entries] == [(people["reviewer"].pk, {"rows": 1})] * 2


def test_an_export_above_the_limit_is_refused_with_a_message(people, template, client, monkeypatch):
    _bulk(people["reviewer"], template, {"street": "1"}, n=3)
    monkeypatch.setattr(exports, "MAX_ROWS", 2)
    client.force_login(people["reviewer"])
    response = client.get(EXPORT, {"stage": "midterm", "after": "x"})
    assert response.status_code == 302 and response.url == "/evaluations/?stage=midterm"
    assert "more than 2 evaluations" in client.get(response.url).content.decode()
    assert not AuditEntry.objects.filter(action="evaluation.export").exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", ["", "?stage=midterm", "?status=closed", f"?region={C112}"])
def test_the_export_runs_a_constant_number_of_queries(people, template, client, params):
    reviewer = people["reviewer"]
    shares = {"self": "1", "street": "0.8", "third_party": "0.9"}
    _bulk(reviewer, template, shares, status="closed")
    client.force_login(reviewer)
    _queries(client, EXPORT + params)  # once-per-process reads (permission ids) are not the export's
    one = _queries(client, EXPORT + params)
    _bulk(reviewer, template, shares, status="closed", n=20)
    _bulk(reviewer, template, shares, n=9)
    assert _queries(client, EXPORT + params) == one
    assert len(_rows(client.get(EXPORT + params))) > 1


# --- the PDF scorecard ----------------------------------------------------------------------------------------


def _inflated(pdf: bytes) -> list[bytes]:
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(stream))
        except zlib.error:
            found.append(stream)
    return found


def pdf_texts(pdf: bytes) -> list[str]:
    """The PDF's text runs decoded through each font's ToUnicode map (pypdf and pdftotext are not installed):
    one string per (map, page content); the right font's map gives the text."""
    streams = _inflated(pdf)
    maps = [{code: bytes.fromhex(text.decode()).decode("utf-16-be")
             for code, text in re.findall(rb"<([0-9a-f]{4})>\s*<([0-9a-f]{4,8})>", s)}
            for s in streams if b"beginbfchar" in s]
    contents = [s for s in streams if b" Tf" in s and b"BT" in s]
    texts = []
    for cmap in maps:
        for content in contents:
            runs = []
            for run in re.findall(rb"\[(.*?)\]\s*TJ", content, re.S):
                codes = b"".join(re.findall(rb"<([0-9a-f]+)>", run))
                runs.append("".join(cmap.get(codes[i:i + 4], "\ufffd") for i in range(0, len(codes), 4)))
            texts.append("".join(runs))
    return texts


def _pdf(client, evaluation):
    response = client.get(f"/evaluations/{evaluation.pk}/scorecard.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    return response


@pytest.fixture
def closed(people, project):
    evaluation, parts, who = set_up(people, project, kinds=("third_party", "street", "self"))
    score_and_submit(who, parts, {"third_party": "0.9", "street": "0.8", "self": "1"})
    services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="close")
    return Evaluation.objects.get(pk=evaluation.pk)


def test_the_pdf_scorecard_embeds_the_cjk_font_and_names_the_project(people, closed, client):
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    require("Noto Sans CJK SC" in fonts, "needs Debian fonts-noto-cjk")
    client.force_login(people["reviewer"])
    response = _pdf(client, closed)
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    body = pdf + b"".join(_inflated(pdf))
    assert len(re.findall(rb"/Type\s*/Page\b", body)) >= 1
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+Noto-Sans-CJK-SC", body)  # a subset of Noto Sans CJK, embedded
    assert re.search(rb"/FontFile[23]?\s+\d+\s+0\s+R", body)
    squeezed = [re.sub(r"\s+", "", text) for text in pdf_texts(pdf)]
    project = closed.project
    assert any(project.title in text and project.code in text for text in squeezed)
    assert any("评分表" in text for text in squeezed)  # always Chinese, the language of the record
    assert any(str(closed.final_score) in text for text in squeezed)
    header = response["Content-Disposition"]
    assert header.startswith(f'inline; filename="scorecard-{closed.pk}.pdf"; filename*=UTF-8\'\'')
    assert quote(f"评分表_{project.code}_") in header
    entry = AuditEntry.objects.get(action="evaluation.scorecard_pdf")
    assert entry.user_id == people["reviewer"].pk and entry.object_id == str(closed.pk)


def test_once_closed_the_scorecard_shows_every_part_and_the_result(people, closed):
    context = exports.scorecard_context(people["member"], closed)
    assert [c["label"] for c in context["columns"]] == ["Self-assessment (undertaker)", "Street evaluation",
                                                        "Third-party evaluation"]
    cards = cards_of(closed)
    assert context["totals"] == [cards[k].total for k in ("self", "street", "third_party")]
    assert context["closed"] and context["grade_label"] and not context["hidden"]
    html = exports.scorecard_html(people["member"], closed)
    assert str(closed.final_score) in html and "计划与实际进度一致" in html


def test_before_the_close_the_scorecard_shows_only_what_the_reader_may_see(people, project, client):
    evaluation, parts, who = set_up(people, project, kinds=("third_party", "street", "self"))
    score_and_submit(who, parts, {"street": "0.8", "third_party": "0.9"})
    seen = {name: [c["label"] for c in exports.scorecard_context(people[name], evaluation)["columns"]]
            for name in ("evaluator", "officer", "member", "reviewer", "city")}
    assert seen == {"evaluator": ["Third-party evaluation"], "officer": ["Street evaluation"],
                    "member": ["Self-assessment (undertaker)"], "reviewer": [], "city": []}
    context = exports.scorecard_context(people["evaluator"], evaluation)
    assert context["hidden"] and not context["closed"]
    assert all(len(row["scores"]) == 1 for group in context["groups"] for row in group["rows"])
    assert context["totals"] == [cards_of(evaluation)["third_party"].total]
    html = exports.scorecard_html(people["evaluator"], evaluation)
    assert '<th class="num">第三方评估</th>' in html and '<th class="num">街道评估</th>' not in html
    client.force_login(people["evaluator"])
    texts = [re.sub(r"\s+", "", t) for t in pdf_texts(_pdf(client, evaluation).content)]
    assert any(project.title in t for t in texts)


@pytest.mark.parametrize("name", ["evaluator_other", "officer_other", "reviewer_other"])
def test_the_scorecard_is_404_outside_ones_reach(people, closed, client, name):
    client.force_login(people[name])
    assert client.get(f"/evaluations/{closed.pk}/scorecard.pdf").status_code == 404
    assert not AuditEntry.objects.filter(action="evaluation.scorecard_pdf").exists()


def test_the_detail_page_links_to_the_scorecard(people, closed, client):
    client.force_login(people["officer"])
    assert f'href="/evaluations/{closed.pk}/scorecard.pdf"' in client.get(f"/evaluations/{closed.pk}/").content.decode()
