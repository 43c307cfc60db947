from django.urls import reverse
from django.utils.translation import gettext as _

from projects.origins import Origin


def resolve(project):
    from .models import Call

    call = Call.objects.filter(project=project).only("pk", "title").first()
    if call is None:
        return None
    return Origin(_("Open call: %(title)s") % {"title": call.title}, reverse("calls:detail", args=[call.pk]))
