"""How a co-building project's page links back to the list its pledge is on (one query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.origins import Origin


def resolve(project) -> Origin | None:
    from .models import Pledge

    pledge = (Pledge.objects.filter(project_id=project.pk).select_related("cobuild_list")
              .only("id", "cobuild_list__id", "cobuild_list__title").order_by("id").first())
    if pledge is None:
        return None
    label = _("Co-building list “%(title)s”") % {"title": pledge.cobuild_list.title}
    return Origin(label, reverse("cobuild:detail", args=[pledge.cobuild_list_id]))
