"""The evaluation step's downloads: the xlsx of the evaluations a user sees (the list's filters and scope), and the
PDF scorecard of one evaluation. Both audited.

**What shows.** An evaluator's scores are hidden from the others until the evaluation is closed
(``selectors.visible_kinds``). The xlsx therefore carries each evaluator kind's total only for a *closed*
evaluation (when every reader of the list may see every part); the PDF shows exactly the parts the reader may see
now, through the same read as the detail page.

**Bounded work.** The xlsx is written row by row (``wuse.spreadsheets``: constant-memory mode) from two streamed
queries read side by side in the same order — the evaluations, and the closed evaluations' points per evaluator
kind and dimension, summed in SQL — plus one small query for the dimensions (weight, points possible) of the
template versions they use: a fixed number of queries and one evaluation's numbers in memory at a time, whatever
the number of rows. The totals are ``scoring.total`` of the same ``DimensionPoints`` the detail page's cards use.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from projects.models import Project
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.spreadsheets import Sheet, points

from . import scoring, selectors
from .choices import DimensionCode, EvaluatorKind, Grade
from .errors import EvaluationError
from .models import Assignment, Dimension, Evaluation
from .results import card_of
from .workflow import CLOSED, EVALUATION_PROCESS

MAX_ROWS = 10_000  # per export: a district's evaluations of many years fit, the whole province does not
CHUNK = 2_000  # rows fetched at a time from each stream


class ExportTooLarge(EvaluationError):
    """More rows than one export may hold; ``str()`` asks the user to narrow the filters."""


@dataclass(frozen=True)
class EvaluationExport:
    sheets: list[Sheet]
    filename: str
    count: int


def label(model, name: str) -> str:
    """A column named after the model field it shows (the wording the pages use)."""
    return capfirst(str(model._meta.get_field(name).verbose_name))


def filename(*parts: str, extension: str = "xlsx") -> str:
    """``<parts>_<YYYYMMDD>.<extension>``; the response's Content-Disposition makes any name safe."""
    day = timezone.localdate().strftime("%Y%m%d")
    return "_".join(str(p).strip() for p in (*parts, day) if p and str(p).strip()) + f".{extension}"


def scoped(evaluations, scope: access.ScopeParts):
    """``evaluations`` (the list's filters) within the list's scope (``selectors.list_scope``)."""
    if scope.is_global:
        return evaluations
    return evaluations.none() if scope.nothing else evaluations.filter(scope.condition())


# --- the xlsx -------------------------------------------------------------------------------------------------


def _headers() -> list[str]:
    totals = [_("%(kind)s: total") % {"kind": EvaluatorKind(kind).label} for kind in EvaluatorKind.values]
    return [label(Project, "code"), label(Project, "title"), str(Level.COMMUNITY.label), str(Level.STREET.label),
            str(Level.DISTRICT.label), label(Project, "undertaker"), label(Evaluation, "stage"),
            label(Evaluation, "status"), label(Evaluation, "template"), *totals, label(Evaluation, "final_score"),
            label(Evaluation, "grade"), label(Evaluation, "closed_at")]


def export_evaluations(*, user, evaluations, unit_name: str = "") -> EvaluationExport:
    """The rows of ``evaluations`` (scoped and filtered as the list), newest first, as one sheet whose rows are
    read while the workbook is written. Refused above ``MAX_ROWS`` (nothing audited then); audited with the
    count."""
    count = evaluations.order_by()[: MAX_ROWS + 1].count()
    if count > MAX_ROWS:
        raise ExportTooLarge(_("The filters select more than %(limit)s evaluations; narrow them (for example by "
                               "stage, status or unit) and export again.") % {"limit": MAX_ROWS})
    audit_record(action="evaluation.export", target=None, user=user, detail={"rows": count})
    title = _("Project evaluations")
    sheet = Sheet(name=title, headers=_headers(), rows=_rows(evaluations))
    return EvaluationExport(sheets=[sheet], filename=filename(title, unit_name), count=count)


def _dimensions(closed) -> dict[int, list[tuple[int, Decimal, Decimal]]]:
    """Per template version used by the closed evaluations: its dimensions in order as (id, weight, points
    possible). One query; a handful of versions."""
    found: dict[int, list] = {}
    rows = (Dimension.objects.filter(version_id__in=closed.order_by().values("template_id"))
            .annotate(possible=Sum("indicators__max_score")).order_by("version_id", "position", "id")
            .values_list("version_id", "id", "weight", "possible"))
    for version_id, pk, weight, possible in rows:
        found.setdefault(version_id, []).append((pk, weight, possible or scoring.ZERO))
    return found


def _points(closed):
    """The closed evaluations' points per (evaluation, evaluator kind, dimension), streamed in the evaluations'
    order; an assignment without a score gives one row without a dimension (its total is 0, as on its card)."""
    return (Assignment.objects.filter(evaluation__in=closed.order_by().values("pk"))
            .values("evaluation_id", "evaluation__created_at", "kind", dimension=F("scores__indicator__dimension_id"))
            .annotate(scored=Sum("scores__value"))
            .order_by("-evaluation__created_at", "-evaluation_id", "kind", "dimension")
            .iterator(chunk_size=CHUNK))


def _rows(evaluations):
    ordered = (evaluations.select_related("project__undertaker", "region__parent__parent", "template__family")
               .order_by("-created_at", "-id"))
    closed = evaluations.filter(status=CLOSED)
    dimensions = _dimensions(closed)
    parts = _points(closed)
    head = next(parts, None)
    for evaluation in ordered.iterator(chunk_size=CHUNK):
        scored: dict[str, dict[int, Decimal]] = {}
        if evaluation.status == CLOSED:
            key = (evaluation.created_at, evaluation.pk)
            # Rows of an evaluation ahead of this one belong to one not closed any more: skipped, never shown.
            while head is not None and (head["evaluation__created_at"], head["evaluation_id"]) >= key:
                if head["evaluation_id"] == evaluation.pk:
                    kind = scored.setdefault(head["kind"], {})
                    if head["dimension"] is not None:
                        kind[head["dimension"]] = head["scored"] or scoring.ZERO
                head = next(parts, None)
        totals = {kind: scoring.total(scoring.DimensionPoints(weight, values.get(pk, scoring.ZERO), possible)
                                      for pk, weight, possible in dimensions.get(evaluation.template_id, ()))
                  for kind, values in scored.items()}
        yield _row(evaluation, totals)


def _units(region) -> tuple[str, str, str]:
    """(community, street, district) names of a project's unit (a community's, or a street's project)."""
    chain = []
    unit = region
    while unit is not None and len(chain) < 3:
        chain.append(unit)
        unit = unit.parent if unit.level in (Level.COMMUNITY, Level.STREET) else None
    names = {unit.level: unit.name for unit in chain}
    return names.get(Level.COMMUNITY, ""), names.get(Level.STREET, ""), names.get(Level.DISTRICT, "")


def _row(e: Evaluation, totals: dict[str, Decimal]) -> list:
    project = e.project
    closed = e.status == CLOSED
    return [
        project.code, project.title, *_units(e.region), project.undertaker.name if project.undertaker_id else "",
        e.get_stage_display(), str(EVALUATION_PROCESS.label(e.status)), str(e.template),
        *(points(totals.get(kind)) if closed else None for kind in EvaluatorKind.values),
        points(e.final_score) if closed else None, Grade(e.grade).label if closed and e.grade else None,
        timezone.localtime(e.closed_at).date() if closed and e.closed_at else None,
    ]


# --- the PDF scorecard ----------------------------------------------------------------------------------------

# The print layout, given to WeasyPrint as a stylesheet (the Content-Security-Policy refuses a <style> element in
# the templates; this one never reaches a browser). "Noto Sans CJK SC" is Debian's fonts-noto-cjk, embedded
# (subset) in the PDF.
SCORECARD_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9.5pt; color: #000; line-height: 1.45; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 5mm 0 1.5mm; }
.meta { font-size: 9pt; color: #333; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 2mm; }
th, td { border: 0.5pt solid #777; padding: 1mm 1.8mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.dimension td { background: #f6f6f6; font-weight: bold; }
tr.total td { font-weight: bold; border-top: 1pt solid #000; }
.result { font-size: 12pt; font-weight: bold; }
.findings { white-space: pre-wrap; }
.note { font-size: 8pt; color: #444; }
"""


def scorecard_context(user, evaluation: Evaluation) -> dict:
    """What the scorecard shows ``user``: the parts they may see now (every part once closed), each
    sub-indicator's score, each dimension's points and each part's total, then the final score and grade once
    closed. A fixed number of queries."""
    assignments = selectors.detail_assignments(evaluation)
    kinds = selectors.visible_kinds(user, evaluation, assignments)
    visible = [a for a in assignments if a.kind in kinds]
    dimensions = evaluation.template.dimensions_with_indicators()
    values = {a.kind: {s.indicator_id: s.value for s in a.scores.all()} for a in visible}
    cards = [card_of(a.kind, dimensions, values[a.kind]) for a in visible]
    groups = []
    for index, dimension in enumerate(dimensions):
        rows = [{"indicator": i, "scores": [values[a.kind].get(i.pk) for a in visible]}
                for i in dimension.indicators.all()]
        groups.append({"label": DimensionCode(dimension.code).label, "weight": dimension.weight, "rows": rows,
                       "points": [card.dimensions[index][1].shown for card in cards]})
    template = evaluation.template
    return {
        "evaluation": evaluation, "project": evaluation.project, "status_label": evaluation.status_label,
        "units": " · ".join(unit.name for unit in evaluation.region.path()),
        "columns": [{"label": EvaluatorKind(a.kind).label, "evaluator": str(a.user), "submitted_at": a.submitted_at}
                    for a in visible],
        "groups": groups, "totals": [card.total for card in cards],
        "findings": [(EvaluatorKind(a.kind).label, a.findings) for a in visible if a.findings.strip()],
        "closed": evaluation.is_closed, "grade_label": Grade(evaluation.grade).label if evaluation.grade else "",
        "rule": [(EvaluatorKind(kind).label, weight) for kind, weight in template.rule().items()],
        "bands": [(Grade(code).label, bound) for code, bound in template.bands()],
        "hidden": len(visible) < len(assignments), "generated_at": timezone.localtime(), "generated_by": str(user),
    }


@dataclass(frozen=True)
class ScorecardPdf:
    content: bytes
    filename: str


def scorecard_html(user, evaluation: Evaluation) -> str:
    """The scorecard as HTML for WeasyPrint, always in Chinese (the language of the official record)."""
    with translation.override("zh-hans"):
        return render_to_string("evaluation/scorecard_pdf.html", scorecard_context(user, evaluation))


def render_pdf(html: str, **options) -> bytes:
    import weasyprint  # imported here: loading it (Pango, fonts) costs time every other page would pay

    return weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=SCORECARD_CSS)], **options)


def scorecard_pdf(*, user, evaluation: Evaluation) -> ScorecardPdf:
    """The PDF scorecard of ``evaluation`` (fetched through ``access.get_for_user``) as ``user`` may see it;
    audited."""
    content = render_pdf(scorecard_html(user, evaluation))
    audit_record(action="evaluation.scorecard_pdf", target=evaluation, user=user, detail={"bytes": len(content)})
    with translation.override("zh-hans"):
        name = filename(_("Scorecard"), evaluation.project.code, evaluation.get_stage_display(), extension="pdf")
    return ScorecardPdf(content=content, filename=name)
