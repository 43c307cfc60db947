"""The report as a PDF in a government report layout (A4): a title page (unit, year, date made), the contents with
page numbers, then each section on a new page — its tables and its charts (SVG images drawn by ``charts.py``) —
with page numbers at the foot. WeasyPrint lays it out with "Noto Sans CJK SC" (Debian's fonts-noto-cjk), embedded
as a subset; the stylesheet is given to WeasyPrint (the site's Content-Security-Policy refuses a ``<style>``
element in the templates; this HTML never reaches a browser)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .sections import Section
from .selectors import ReportData

REPORT_CSS = """
@page { size: A4; margin: 20mm 18mm 20mm;
        @top-right { content: string(report-title); font-family: "Noto Sans CJK SC", sans-serif; font-size: 8pt;
                     color: #555; }
        @bottom-center { content: counter(page) " / " counter(pages); font-family: "Noto Sans CJK SC", sans-serif;
                         font-size: 8pt; color: #555; } }
@page :first { @top-right { content: none; } @bottom-center { content: none; } }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; color: #000; line-height: 1.45; }
.cover { text-align: center; padding-top: 55mm; break-after: page; }
.cover .issuer { font-size: 13pt; letter-spacing: 2pt; margin-bottom: 18mm; }
.cover h1 { font-size: 24pt; margin: 0 0 6mm; string-set: report-title content(); }
.cover .unit { font-size: 14pt; margin: 0 0 40mm; }
.cover table { margin: 0 auto; width: auto; border: none; }
.cover td { border: none; font-size: 11pt; padding: 1.5mm 4mm; text-align: left; }
.contents { break-after: page; }
.contents h2 { text-align: center; }
.contents ol { list-style: none; padding: 0; font-size: 11pt; }
.contents li { margin: 2.5mm 0; }
.contents a { color: #000; text-decoration: none; }
.contents a::after { content: leader('.') target-counter(attr(href), page); }
section.part { break-before: page; }
h2 { font-size: 15pt; margin: 0 0 3mm; padding-bottom: 1.5mm; border-bottom: 1.2pt solid #8b0000;
     bookmark-level: 1; }
h3 { font-size: 10.5pt; margin: 5mm 0 1.5mm; bookmark-level: none; }
.intro { color: #333; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; }
thead { display: table-header-group; }
th, td { border: 0.5pt solid #888; padding: 0.8mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; text-align: center; }
th:not([colspan]) { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
tr.parent td { background: #f3f3f3; font-weight: bold; }
tr.own td { font-weight: bold; }
tr { break-inside: avoid; }
.note { display: block; font-size: 7pt; color: #555; }
figure { margin: 3mm 0; break-inside: avoid; }
figure img { width: 100%; }
figcaption { font-size: 9pt; font-weight: bold; margin-bottom: 1mm; }
"""


def report_html(data: ReportData, sections: list[Section]) -> str:
    """The report as HTML for WeasyPrint (rendered by the caller in the report's language)."""
    return render_to_string("assessment/reports/pdf.html", {
        "data": data, "region": data.region, "path": " · ".join(unit.name for unit in data.path),
        "sections": [_part(section) for section in sections],
    })


def _part(section: Section) -> dict:
    """A section for the template: its first table (the unit's own figures), then its charts, then the rest."""
    tables = [{"grid": grid, "lines": grid.lines()} for grid in section.tables]
    return {"section": section, "first": tables[:1], "rest": tables[1:]}


def pdf_bytes(data: ReportData, sections: list[Section]) -> bytes:
    import weasyprint  # imported here: loading it (Pango, fonts) costs time every other page would pay

    return weasyprint.HTML(string=report_html(data, sections)).write_pdf(
        stylesheets=[weasyprint.CSS(string=REPORT_CSS)])
