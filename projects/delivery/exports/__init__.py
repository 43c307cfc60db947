"""xlsx exports of service projects: the filtered list (``listing``) and one project's full record
(``record``, with the delivery's sheets in ``delivery``). They live with the delivery (step 3), which may read
the planning step's rows; the planning step never imports the delivery. Written with ``wuse.spreadsheets`` (text
always a string cell, never a formula; Chinese file names), residents' names masked, every export audited."""

from .common import ExportTooLarge, ProjectExport
from .listing import MAX_ROWS, export_projects
from .record import export_project

__all__ = ["MAX_ROWS", "ExportTooLarge", "ProjectExport", "export_project", "export_projects"]
