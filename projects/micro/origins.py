"""Where a micro-project came from: the proposal of a round (``projects.origins``)."""

from django.urls import reverse

from projects.origins import Origin


def resolve(project):
    from .models import Proposal

    row = (Proposal.objects.filter(project=project).values("round_id", "round__title", "title").first())
    if row is None:
        return None
    return Origin(f"{row['round__title']} · {row['title']}", reverse("micro:detail", args=[row["round_id"]]))
