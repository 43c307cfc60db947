"""Helpers of the yearly report's tests: a rolled-up year (and the one before) over a few needs, hostile unit names,
and readers of the files (openpyxl for the workbook, poppler's pdfinfo / pdffonts / pdftotext for the PDF)."""

import io
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from django.utils import timezone

from assessment.models import Trigger
from assessment.services import rollup
from needs.models import Need
from tests.assessment.support import needs
from tests.helpers import C111, C112, C121, C211
from wuse.regions.models import Region

YEAR = timezone.localdate().year
HOSTILE = {C111: "=1+1", C112: "@SUM(A1)", C121: "+cmd|' /C calc'!A0"}


def rolled_up(staff, *, hostile: bool = True) -> None:
    """Needs this year and last in four communities, both years rolled up; three communities with names a
    spreadsheet would take for formulas."""
    if hostile:
        for code, name in HOSTILE.items():
            Region.objects.filter(code=code).update(name=name)
    needs(staff, {C111: 1}, tag="last")
    Need.objects.filter(title__contains="last").update(created_at=timezone.make_aware(
        timezone.datetime(YEAR - 1, 6, 1, 10)))
    needs(staff, {C111: 3, C112: 1, C121: 2, C211: 4})
    rollup(YEAR - 1, trigger=Trigger.BEAT)
    rollup(YEAR, trigger=Trigger.BEAT)


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def formula_cells(book: openpyxl.Workbook) -> list[str]:
    return [f"{sheet.title}!{cell.coordinate}" for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.data_type == "f"]


def _poppler(tool: str, content: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        return subprocess.run([tool, *args, str(path)], check=True, capture_output=True, text=True).stdout


def pdf_pages(content: bytes) -> int:
    info = _poppler("pdfinfo", content)
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(content: bytes) -> str:
    return _poppler("pdffonts", content)


def pdf_text(content: bytes, first: int | None = None, last: int | None = None) -> str:
    args = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else []), "-layout"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        out = Path(folder) / "report.txt"
        subprocess.run(["pdftotext", *args, str(path), str(out)], check=True, capture_output=True)
        return out.read_text()
