"""Needs surveys (需求调研活动): a campaign of a community or a street, its questionnaire, and the
anonymous answers collected by staff or through a public link.

No personal data is asked for or stored with an answer: a response records only when and
through which channel it came, and the community it belongs to.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.models import Tracked
from wuse.regions.levels import PREFIX_LENGTH, Level
from wuse.regions.models import Region

from .workflow import CLOSED, DRAFT, OPEN, SURVEY_PROCESS

MAX_QUESTIONS = 50
MAX_CHOICES = 30
MAX_CHOICE_CHARS = 100
MAX_TEXT_ANSWER = 2000
SCALE_BOUNDS = (0, 10)  # a scale runs within 0–10 (e.g. 1–5 or 0–10)


def is_street_code(code: str) -> bool:
    """Whether a 12-digit division code is a street's (its community part is zero, its street part is not)."""
    street, community = PREFIX_LENGTH[Level.DISTRICT], PREFIX_LENGTH[Level.STREET]
    return len(code) == 12 and code[community:] == "000" and code[street:community] != "000"


def new_token() -> str:
    """The secret part of the public link: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


class CampaignQuerySet(models.QuerySet):
    def for_table(self) -> "CampaignQuerySet":
        return self.select_related("region").only(
            "id", "title", "status", "starts_on", "ends_on", "created_at", "region_id",
            "region__code", "region__name", "region__level")

    def for_detail(self) -> "CampaignQuerySet":
        return self.select_related("region", "created_by")


class Campaign(Tracked):
    """A 需求调研活动 run by a community or a street over a period."""

    ACCESS_KEY = "survey"
    ACCESS_REGION_FIELD = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"),
                               limit_choices_to={"level__in": [Level.COMMUNITY, Level.STREET]})
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True,
                                   help_text=_("Shown to residents above the questions."))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=20, choices=SURVEY_PROCESS.choices,
                              default=SURVEY_PROCESS.initial)
    public_token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("needs survey")
        verbose_name_plural = _("needs surveys")
        indexes = [
            models.Index(fields=["region", "created_at", "id"], name="survey_region_created_idx"),
            models.Index(fields=["created_at", "id"], name="survey_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="survey_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self):
        return SURVEY_PROCESS.label(self.status)

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def is_street(self) -> bool:
        return is_street_code(self.region_id or "")

    def period_state(self, today=None) -> str:
        """"before", "during" or "after" the period (independent of the status)."""
        today = today or timezone.localdate()
        if today < self.starts_on:
            return "before"
        return "after" if today > self.ends_on else "during"

    @property
    def accepting_answers(self) -> bool:
        return self.status == OPEN and self.period_state() == "during"

    @property
    def is_closed(self) -> bool:
        return self.status == CLOSED


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")
    SCALE = "scale", _("Rating scale")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Question(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions",
                                 verbose_name=_("needs survey"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of question"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    choices = models.JSONField(_("options"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("lowest value"), default=1)
    scale_max = models.SmallIntegerField(_("highest value"), default=5)
    scale_min_label = models.CharField(_("meaning of the lowest value"), max_length=20, blank=True)
    scale_max_label = models.CharField(_("meaning of the highest value"), max_length=20, blank=True)
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=models.Q(scale_min__lt=models.F("scale_max")),
                                   name="survey_question_scale_ordered"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1)) if self.kind == QuestionKind.SCALE else []


class ResponseChannel(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    PUBLIC = "public", _("Public link / QR code")


class ResponseQuerySet(models.QuerySet):
    def for_table(self) -> "ResponseQuerySet":
        return self.select_related("region", "entered_by")


class Response(models.Model):
    """One filled-in questionnaire. Deliberately without personal data: no name, phone or address.

    ``region`` is the community the answers belong to; for a street campaign it is the street
    itself when the resident did not say which community they live in.
    """

    ACCESS_KEY = "survey"
    ACCESS_REGION_FIELD = "region"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="responses",
                                 verbose_name=_("needs survey"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    channel = models.CharField(_("channel"), max_length=10, choices=ResponseChannel.choices)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(fields=["campaign", "submitted_at", "id"], name="survey_resp_campaign_idx"),
            models.Index(fields=["campaign", "region"], name="survey_resp_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}#{self.pk}"


class Answer(models.Model):
    """One question's answer: a string (single choice, text), a list of strings (multiple choice, in the
    order of the options) or a whole number (scale). Unanswered optional questions have no row."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("survey response"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers",
                                 verbose_name=_("question"))
    value = models.JSONField(_("answer"))
    # The need this answer became (or was added to as support): set once, so the action is idempotent.
    need = models.ForeignKey("needs.Need", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="survey_answers", verbose_name=_("need"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"

    @property
    def display(self) -> str:
        if isinstance(self.value, list):
            return "；".join(str(v) for v in self.value)
        return "" if self.value is None else str(self.value)
