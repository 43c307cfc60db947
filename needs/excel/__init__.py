"""Residents' needs in and out of Excel: the import template, a row-by-row report before anything
is saved, the all-or-nothing import through ``need_create``, and the export of the list's rows.

The file format is Chinese whatever the interface language (the headers, the dropdown values,
the sheet name), so a file exported by one user imports for any other. Category, channel and
urgency are also accepted by their English label or their code. Personal data is exported masked
unless the user may reveal it for every row; each export and each import is audited (counts, never
values). Sensitive information (PIPL art. 28) is never imported: it needs a legal basis recorded
per need, on the need's page.

One idea per module: ``columns`` (the file format and its limits), ``vocabulary`` (what a cell may
say), ``template``, ``report`` and ``rows`` (the check, row by row), ``duplicates``, ``importing``
(``check_upload`` then ``import_rows``), ``pending`` (the upload waiting for its confirmation),
``export``, and ``jobs`` (a large import run by a worker). The names below are the package's interface.
"""

from .columns import (
    ANONYMOUS,
    CATEGORY,
    CHANNEL,
    COMMUNITY,
    DEADLINE,
    DESCRIPTION,
    EXPORT_ONLY,
    GROUP,
    HEADCOUNT,
    HEADERS,
    ID_NUMBER,
    LOCATION,
    MAX_BYTES,
    MAX_HEADCOUNT,
    MAX_ROWS,
    NAME,
    NEED_ID,
    NO,
    NOTED_COMMUNITIES,
    PHONE,
    REGISTERED,
    REQUIRED,
    SHEET_NAME,
    STATUS,
    TEMPLATE_FILENAME,
    TITLE,
    URGENCY,
    YES,
)
from .export import Export, ExportTooLarge, export_needs, scope_name
from .importing import ImportFailed, check_upload, import_rows
from .pending import (
    PENDING_DIR,
    PENDING_MAX_AGE,
    Pending,
    PendingGone,
    pending_delete,
    pending_read,
    pending_save,
    purge_stale_imports,
)
from .report import PREVIEW_ROWS, ImportReport, ImportRow, Problem
from .template import template_columns
from .vocabulary import Vocabulary, channel_label, urgency_label

__all__ = [
    "ANONYMOUS",
    "CATEGORY",
    "CHANNEL",
    "COMMUNITY",
    "DEADLINE",
    "DESCRIPTION",
    "EXPORT_ONLY",
    "GROUP",
    "HEADCOUNT",
    "HEADERS",
    "ID_NUMBER",
    "LOCATION",
    "MAX_BYTES",
    "MAX_HEADCOUNT",
    "MAX_ROWS",
    "NAME",
    "NEED_ID",
    "NO",
    "NOTED_COMMUNITIES",
    "PENDING_DIR",
    "PENDING_MAX_AGE",
    "PHONE",
    "PREVIEW_ROWS",
    "REGISTERED",
    "REQUIRED",
    "SHEET_NAME",
    "STATUS",
    "TEMPLATE_FILENAME",
    "TITLE",
    "URGENCY",
    "YES",
    "Export",
    "ExportTooLarge",
    "ImportFailed",
    "ImportReport",
    "ImportRow",
    "Pending",
    "PendingGone",
    "Problem",
    "Vocabulary",
    "channel_label",
    "check_upload",
    "export_needs",
    "import_rows",
    "pending_delete",
    "pending_read",
    "pending_save",
    "purge_stale_imports",
    "scope_name",
    "template_columns",
    "urgency_label",
]
