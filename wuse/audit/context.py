"""Who is acting and from where, for the audit rows written during one request or task."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    user_id: int | None = None
    username: str = ""
    ip: str | None = None


_EMPTY = AuditContext()
_current: ContextVar[AuditContext | None] = ContextVar("wuse_audit_context", default=None)


def current() -> AuditContext:
    return _current.get() or _EMPTY


def bind(context: AuditContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)
