"""Shared helpers of the needs Excel tests (import: test_needs_excel.py, export: test_needs_excel_export.py)."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from needs import services
from needs.excel import (
    CATEGORY,
    CHANNEL,
    COMMUNITY,
    HEADERS,
    TITLE,
)
from needs.models import NeedCategory
from needs.views.excel import SESSION_KEY
from tests.helpers import C111

IMPORT, TEMPLATE, CONFIRM, EXPORT = ("/needs/excel/import/", "/needs/excel/import/template/",
                                    "/needs/excel/import/confirm/", "/needs/excel/export/")
PHONE_NUMBER = "13812345678"


def valid_id(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


ID_VALUE = valid_id("33010619900101123")
ID_WITH_X = next(n for n in (valid_id(f"33010619850201{i:03d}") for i in range(100)) if n.endswith("X"))


def good(**changes) -> dict:
    """One valid row as a user types it, keyed by header."""
    return {COMMUNITY: C111, TITLE: "楼道灯不亮", CATEGORY: "安全隐患", CHANNEL: "入户走访", **changes}


def xlsx(rows: list[dict], headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "需求.xlsx"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def confirm(client, token: str | None = None):
    if token is None:
        token = client.session[SESSION_KEY]["token"]
    return client.post(CONFIRM, {"token": token})


def located(report) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in report.errors}


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:500]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def exported(response) -> list[dict]:
    header, *rows = sheet_rows(response)
    names = [h.lstrip("*") for h in header]
    return [dict(zip(names, row, strict=True)) for row in rows]


def create(user, title, community=C111, proposer=None, **fields):
    fields.setdefault("category", NeedCategory.objects.get(code="other"))
    fields.setdefault("channel", "visit")
    return services.need_create(user=user, community=community_of(community), title=title,
                                proposer=proposer or services.Proposer(), **fields)


def community_of(code):
    from wuse.regions.models import Region

    return Region.objects.get(code=code)


