"""Making a yearly report: read the snapshot, build the sections one by one (the job's progress counts them), then
write the workbook and the PDF. Always in Chinese, the language of the official record."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from wuse.regions.models import Region

from .pdf import pdf_bytes
from .sections import Section, sources
from .selectors import groups_of, report_data
from .xlsx import workbook_bytes

LANGUAGE = "zh-hans"
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


@dataclass(frozen=True)
class ReportFiles:
    xlsx_name: str
    xlsx: bytes
    pdf_name: str
    pdf: bytes
    sections: int


def steps(user, region: Region) -> int:
    """How many steps making the report takes (the job's total): reading, each section, the workbook, the PDF."""
    from assessment.selectors import shown_figures

    groups = groups_of(shown_figures(user, region))
    return 1 + sum(source.count(groups) for source in sources()) + 2


def filename(region: Region, year: int, extension: str) -> str:
    """``西湖区2026年度考评报告.xlsx``: the unit's name is user text, so path and control characters go."""
    with translation.override(LANGUAGE):
        stem = _("%(unit)s annual assessment report %(year)s") % {"unit": region.name, "year": year}
    return f"{_UNSAFE_NAME.sub('_', stem).strip(' .')[:150] or 'report'}.{extension}"


def build_report(user, region: Region, year: int, progress: Callable[[int], None] = lambda done: None) -> ReportFiles:
    """The report of ``region`` for ``year`` as ``user`` may see it; ``progress(n)`` after each step."""
    with translation.override(LANGUAGE):
        done = 1
        data = report_data(user, region, year)
        progress(done)
        sections: list[Section] = []
        for source in sources():
            for section in source.build(data):
                sections.append(section)
                done += 1
                progress(done)
        xlsx = workbook_bytes(sections)
        progress(done + 1)
        pdf = pdf_bytes(data, sections)
        progress(done + 2)
    return ReportFiles(filename(region, year, "xlsx"), xlsx, filename(region, year, "pdf"), pdf, len(sections))
