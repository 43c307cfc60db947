from collections.abc import Iterable

from django.db import models

from . import context
from .models import AuditEntry, Outcome


def audit_record(
    *,
    action: str,
    target: models.Model | None,
    changed_fields: Iterable[str] = (),
    outcome: str = Outcome.SUCCESS,
    detail: dict | None = None,
    user=None,
) -> AuditEntry:
    """Append one audit row. ``user`` defaults to the request's user (see the middleware)."""
    ctx = context.current()
    if user is not None and getattr(user, "pk", None):
        user_id, username = user.pk, user.get_username()
    else:
        user_id, username = ctx.user_id, ctx.username
    entry = AuditEntry(
        user_id=user_id,
        username=username[:150],
        ip=ctx.ip,
        action=action,
        changed_fields=sorted(changed_fields),
        outcome=outcome,
        detail=detail or {},
    )
    if target is not None:
        entry.object_type = target._meta.label_lower
        entry.object_id = str(target.pk)
        entry.object_repr = str(target)[:200]
    entry.save()
    return entry
