from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionLogQuerySet(models.QuerySet):
    def timeline(self, obj: models.Model) -> "TransitionLogQuerySet":
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=ct, object_id=str(obj.pk)).select_related("user").order_by("at", "id")


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
