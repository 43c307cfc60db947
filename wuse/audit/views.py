from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from wuse.access import api as access
from wuse.core.pagination import paginate

from .models import AuditEntry


@login_required
def audit_list(request):
    if not access.has_action(request.user, "audit.view"):
        raise PermissionDenied
    entries = access.scoped(request.user, "audit.view", AuditEntry.objects.for_table())
    action = request.GET.get("action", "").strip()[:80]
    if action:
        entries = entries.filter(action__startswith=action)
    return render(request, "audit/list.html", {"page": paginate(request, entries), "action": action})
