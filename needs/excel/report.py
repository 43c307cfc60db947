"""What the check of an upload found, before anything is saved: the valid rows (exactly what
``need_create`` gets), the problems by row and column, and the fingerprint of the rows to import."""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from wuse.privacy import mask_id_number, mask_name, mask_phone
from wuse.regions.models import Region

from .. import services
from ..models import Channel, Urgency

PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row number Excel shows; None for the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, %(column)s: %(message)s") % {"row": self.row, "column": self.column,
                                                               "message": self.message}


@dataclass(frozen=True)
class ImportRow:
    """One valid row: exactly the arguments ``need_create`` gets."""

    number: int
    community: Region
    title: str
    fields: dict[str, Any]
    proposer: services.Proposer

    def preview(self) -> dict[str, Any]:
        """What the report shows of the row: personal data masked."""
        p = self.proposer
        return {"number": self.number, "community": self.community, "title": self.title,
                "category": self.fields["category"].label, "channel": Channel(self.fields["channel"]).label,
                "urgency": Urgency(self.fields["urgency"]).label, "deadline": self.fields["response_deadline"],
                "anonymous": p.anonymous, "name": mask_name(p.name), "phone": mask_phone(p.phone),
                "id_number": mask_id_number(p.id_number)}


@dataclass
class ImportReport:
    total: int = 0
    valid: list[ImportRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.errors if p.row is not None})

    @property
    def fingerprint(self) -> str:
        """Which rows would be imported: compared between the report and the confirmation."""
        return hashlib.sha256(",".join(str(r.number) for r in self.valid).encode()).hexdigest()

    def errors_by_row(self) -> list[tuple[int, list[Problem]]]:
        rows: dict[int, list[Problem]] = {}
        for problem in self.errors:
            rows.setdefault(problem.row or 0, []).append(problem)
        return sorted(rows.items())

    def preview(self, limit: int = PREVIEW_ROWS) -> list[dict[str, Any]]:
        return [row.preview() for row in self.valid[:limit]]
