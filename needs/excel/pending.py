"""An upload waiting between the report and the confirmation.

The file waits in the default storage under ``imports/`` (the session, or a background job, only holds
a ``Pending``: which file and which rows were checked); the confirmation reads it back, checked against
its SHA-256. Uploads left waiting for more than 24 hours are refused and purged.
"""

import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.core.errors import DomainError

from .columns import MAX_BYTES
from .report import ImportReport

PENDING_DIR = "imports"
PENDING_MAX_AGE = dt.timedelta(hours=24)


class PendingGone(DomainError):
    """The file waiting for confirmation is missing, expired or not the one checked."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("This import is no longer waiting (it was imported, replaced or is more "
                                      "than 24 hours old). Upload the file again."))


@dataclass(frozen=True)
class Pending:
    """An upload waiting between the report and the confirmation (kept in the session as a dict)."""

    token: str
    user: int
    sha256: str
    created: float  # POSIX time
    fingerprint: str
    count: int

    @property
    def path(self) -> str:
        return f"{PENDING_DIR}/{self.user}-{self.token}.xlsx"

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> "Pending | None":
        try:
            return cls(token=str(data["token"]), user=int(data["user"]), sha256=str(data["sha256"]),
                       created=float(data["created"]), fingerprint=str(data["fingerprint"]), count=int(data["count"]))
        except (KeyError, TypeError, ValueError):
            return None


def pending_save(*, user, data: bytes, report: ImportReport) -> Pending:
    """Keep the checked file server-side until it is confirmed (or for 24 hours)."""
    purge_stale_imports()
    pending = Pending(token=secrets.token_urlsafe(18), user=user.pk, sha256=hashlib.sha256(data).hexdigest(),
                      created=timezone.now().timestamp(), fingerprint=report.fingerprint, count=len(report.valid))
    saved = default_storage.save(pending.path, ContentFile(data))
    if saved != pending.path:  # pragma: no cover - 144 random bits do not collide
        default_storage.delete(saved)
        raise PendingGone
    return pending


def pending_read(*, user, pending: Pending, token: str) -> bytes:
    if (not hmac.compare_digest(pending.token, str(token)) or pending.user != user.pk
            or timezone.now().timestamp() - pending.created > PENDING_MAX_AGE.total_seconds()):
        raise PendingGone
    try:
        with default_storage.open(pending.path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except (FileNotFoundError, OSError):
        raise PendingGone from None
    if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), pending.sha256):
        raise PendingGone
    return data


def pending_delete(pending: Pending | None) -> None:
    if pending is not None:
        with contextlib.suppress(OSError):
            default_storage.delete(pending.path)


def purge_stale_imports(now: dt.datetime | None = None) -> int:
    """Delete uploads left waiting for more than 24 hours; return how many."""
    limit = (now or timezone.now()) - PENDING_MAX_AGE
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return 0
    removed = 0
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
    return removed
