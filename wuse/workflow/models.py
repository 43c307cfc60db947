from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionLogQuerySet(models.QuerySet):
    def timeline(self, obj: models.Model) -> "TransitionLogQuerySet":
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=ct, object_id=str(obj.pk)).select_related("user").order_by("at", "id")

    def attach(self, rows) -> list:
        """The rows of a page (of one model), each given ``timeline``: its state changes, oldest first.

        One query for the whole page whatever the number of rows (the content type is joined, not looked
        up); shown with ``includes/timeline_row.html``.
        """
        rows = list(rows)
        by_pk: dict[str, list] = {str(row.pk): [] for row in rows}
        if rows:
            meta = rows[0]._meta
            for step in (self.filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name,
                                     object_id__in=list(by_pk)).select_related("user").order_by("at", "id")):
                by_pk[step.object_id].append(step)
        for row in rows:
            row.timeline = by_pk[str(row.pk)]
        return rows


class TransitionLog(models.Model):
    """One fired transition: the timeline shown on an object's page."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    process = models.CharField(_("process"), max_length=40)
    transition = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("from"), max_length=30)
    to_state = models.CharField(_("to"), max_length=30)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             null=True, verbose_name=_("by"))
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="transition_object_idx")]

    def __str__(self) -> str:
        return f"{self.process}.{self.transition} {self.from_state}→{self.to_state}"

    @property
    def transition_label(self):
        from .process import PROCESSES

        process = PROCESSES.get(self.process)
        try:
            return process.transition(self.transition).label if process else self.transition
        except KeyError:
            return self.transition
