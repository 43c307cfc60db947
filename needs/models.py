import datetime as dt
import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wuse.core.models import Tracked
from wuse.privacy import ID_NUMBER, PHONE, mask_id_number, mask_name, mask_phone
from wuse.privacy.fields import EncryptedTextField, encrypted_with_index, set_indexed
from wuse.regions.models import Region

from .lists import NEEDS_LIST_PROCESS, PUBLICITY_DAYS, PUBLICITY_DAYS_MAX, PUBLICITY_DAYS_MIN
from .workflow import ACTIVE_STATES, NEED_PROCESS, OPEN_STATES


class NeedCategoryQuerySet(models.QuerySet):
    CACHE_KEY = "needs:categories:v1"
    CACHE_SECONDS = 300

    def cached(self) -> list["NeedCategory"]:
        """Every category, in order, from the cache (a few dozen rows every list page and form reads; saving
        or deleting one forgets them at once and again when its transaction commits)."""
        found = cache.get(self.CACHE_KEY)
        if found is None:
            found = list(self.all())
            cache.set(self.CACHE_KEY, found, self.CACHE_SECONDS)
        return found

    @classmethod
    def forget_cached(cls) -> None:
        cache.delete(cls.CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(cls.CACHE_KEY))


class NeedCategory(models.Model):
    """A configurable category with a stable code (一老一小, 环境卫生…) and its answer time."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name (Chinese)"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("days to answer"), default=7, validators=[MinValueValidator(1), MaxValueValidator(365)])
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    objects = NeedCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        NeedCategoryQuerySet.forget_cached()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        NeedCategoryQuerySet.forget_cached()
        return result

    @property
    def label(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Walk-in / offline")
    VISIT = "visit", _("Home visit")
    FORUM = "forum", _("Forum")
    ROUNDTABLE = "roundtable", _("Public-opinion round table")
    COUNCIL = "council", _("Livelihood council")
    HOTLINE = "hotline", _("12345 hotline / grid")
    SURVEY = "survey", _("Survey")


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class SensitiveKind(models.TextChoices):
    """Sensitive personal information (PIPL art. 28): needs a separate consent or a statutory basis."""

    DISABILITY = "disability", _("Disability")
    HARDSHIP = "hardship", _("Hardship status (低保 / 低边 / 特困)")
    HEALTH = "health", _("Health")
    MINOR = "minor", _("Concerns a child under 14")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Separate consent of the resident")
    STATUTORY = "statutory", _("Statutory duty (e.g. social assistance rules)")


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    FAIR = 3, _("Fair")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


class NeedQuerySet(models.QuerySet):
    def for_table(self) -> "NeedQuerySet":
        return self.select_related("community", "category", "assignee").only(
            "id", "title", "status", "created_at", "response_deadline", "urgency", "support_count", "channel",
            "location",
            "community__code", "community__name", "community__level",
            "category__code", "category__name", "category__name_en",
            "assignee__id", "assignee__username", "assignee__full_name",
        )

    def for_detail(self) -> "NeedQuerySet":
        return self.select_related("community", "category", "created_by", "assignee", "merged_into")

    def open(self) -> "NeedQuerySet":
        return self.filter(status__in=OPEN_STATES)

    def overdue(self, today: dt.date | None = None) -> "NeedQuerySet":
        return self.open().filter(response_deadline__lt=today or timezone.localdate())


class Need(Tracked):
    """A resident's need, registered by community staff (``Tracked``: who registered it, when, its version)."""

    ACCESS_KEY = "need"
    ACCESS_REGION_FIELD = "community"

    community = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="needs",
                                  verbose_name=_("community"), limit_choices_to={"level": "community"})
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    category = models.ForeignKey(NeedCategory, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("category"), default="other")
    channel = models.CharField(_("source channel"), max_length=20, choices=Channel.choices,
                               default=Channel.OFFLINE)
    affected_group = models.CharField(_("affected group"), max_length=100, blank=True)
    headcount = models.PositiveIntegerField(_("people affected"), null=True, blank=True,
                                            validators=[MaxValueValidator(1_000_000)])
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    location = models.CharField(_("location (building / estate)"), max_length=200, blank=True)
    response_deadline = models.DateField(_("answer by"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("assignee"))
    status = models.CharField(_("status"), max_length=20, choices=NEED_PROCESS.choices,
                              default=NEED_PROCESS.initial)
    support_count = models.PositiveIntegerField(_("residents backing it"), default=1)
    # The proposer: personal data, masked on every page and export unless revealed (audited).
    proposer_anonymous = models.BooleanField(_("anonymous proposer"), default=False)
    proposer_name = models.CharField(_("proposer's name"), max_length=50, blank=True)
    proposer_phone, proposer_phone_index = encrypted_with_index(_("proposer's phone"), source="proposer_phone",
                                                                purpose=PHONE)
    proposer_id_number, proposer_id_index = encrypted_with_index(_("proposer's ID number"),
                                                                 source="proposer_id_number", purpose=ID_NUMBER)
    # Sensitive information, saved only with a recorded legal basis.
    sensitive_kind = models.CharField(_("sensitive information"), max_length=20, choices=SensitiveKind.choices,
                                      blank=True)
    sensitive_notes = EncryptedTextField(_("sensitive notes"), blank=True, default="")
    sensitive_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices, blank=True)
    sensitive_basis_note = models.CharField(_("consent form no. / legal provision"), max_length=200, blank=True)
    sensitive_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                              blank=True, related_name="+", editable=False)
    sensitive_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("resident's satisfaction"), choices=Satisfaction.choices,
                                                    null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_needs", verbose_name=_("merged into"))

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [
            models.Index(fields=["community", "created_at", "id"], name="need_comm_created_idx"),
            models.Index(fields=["created_at", "id"], name="need_created_idx"),  # wide scopes: city, district
            models.Index(fields=["community", "status", "response_deadline"], name="need_comm_status_due_idx"),
            # the list's state tabs, read unit by unit (keyset_page): a community's newest needs of one state
            models.Index(fields=["community", "status", "created_at", "id"], name="need_comm_status_created_idx"),
            models.Index(fields=["assignee", "status"], name="need_assignee_status_idx"),
            # overdue needs (home queues, the overdue filter) over wide scopes: only the open needs are indexed
            models.Index(fields=["response_deadline", "community"], name="need_open_due_idx",
                         condition=models.Q(status__in=OPEN_STATES)),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(merged_into=models.F("id")), name="need_not_merged_into_self"),
            models.CheckConstraint(
                condition=models.Q(sensitive_kind="") | ~models.Q(sensitive_basis=""),
                name="need_sensitive_needs_basis"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self):
        return NEED_PROCESS.label(self.status)

    @property
    def takes_support(self) -> bool:
        """Residents may still back it (and a duplicate may be merged into it)."""
        return self.status in ACTIVE_STATES

    @property
    def is_pressing(self) -> bool:
        return self.urgency in (Urgency.HIGH, Urgency.URGENT)

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, today) -> bool:
        return bool(self.status in OPEN_STATES and self.response_deadline and self.response_deadline < today)

    @property
    def proposer_masked(self) -> dict[str, str]:
        """What any reader of the need may see of the proposer."""
        return {"name": mask_name(self.proposer_name), "phone": mask_phone(self.proposer_phone),
                "id_number": mask_id_number(self.proposer_id_number)}

    @property
    def has_sensitive(self) -> bool:
        return bool(self.sensitive_kind or self.sensitive_notes)

    def set_proposer_contact(self, *, phone: str, id_number: str) -> list[str]:
        """Store normalized contact data with the blind indexes used for exact lookups; returns the fields
        written."""
        return set_indexed(self, proposer_phone=phone, proposer_id_number=id_number)

    def default_deadline(self) -> dt.date:
        created = timezone.localtime(self.created_at).date() if self.created_at else timezone.localdate()
        return created + dt.timedelta(days=self.category.response_days)


class NeedSupport(models.Model):
    """A resident (or several) backing a need: "居民普遍关心" shows in the count."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="supports", verbose_name=_("need"))
    residents = models.PositiveIntegerField(_("residents"), default=1,
                                            validators=[MinValueValidator(1), MaxValueValidator(10_000)])
    names = models.CharField(_("names (optional)"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("recorded by"))
    added_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self) -> str:
        return f"{self.need_id} +{self.residents}"


def _photo_path(instance, filename: str) -> str:
    """A random name: the original file name never reaches the disk or a URL."""
    import uuid

    return f"needs/photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class NeedPhoto(models.Model):
    """A photo of the problem (a broken lamp, a blocked passage), served only through the need's access."""

    IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="photos", verbose_name=_("need"))
    file = models.FileField(_("file"), upload_to=_photo_path, max_length=200)
    content_type = models.CharField(max_length=20, choices=[(t, t) for t in IMAGE_TYPES])
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.original_name or f"photo {self.pk}"

    @property
    def extension(self) -> str:
        return self.IMAGE_TYPES.get(self.content_type, "bin")


class _Counted(models.Model):
    """A summary row: how many needs of one unit are in one state and category. Written only by database
    triggers on ``needs_need`` (migration 0010), in the transaction of every write whatever its path
    (services, the kernel, bulk inserts, ``.update()``, deletes, raw SQL). A row that falls to 0 stays: the
    rows are bounded (units × states × categories) and a kept row is never deleted under a concurrent
    increment."""

    status = models.CharField(max_length=20)
    category = models.ForeignKey(NeedCategory, on_delete=models.CASCADE, related_name="+", db_index=False)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.pk[0]} {self.status} {self.category_id}: {self.n}"


class NeedCount(_Counted):
    """Per community: the list's counts, summed over a scope's code ranges instead of grouping the needs
    themselves (``needs/counts.py``). The key is the primary key: its index, community first, serves the sums."""

    pk = models.CompositePrimaryKey("community", "status", "category")
    community = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        indexes = [models.Index(fields=["category"], name="needcount_category_idx")]


class NeedStreetCount(_Counted):
    """Per street (the community code's first 9 digits): what wide scopes (a district, the city) sum — about
    30 times fewer rows. Kept by the same triggers, after the community rows, in key order."""

    pk = models.CompositePrimaryKey("street", "status", "category")
    street = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        indexes = [models.Index(fields=["category"], name="needstreetcount_category_idx")]


def place_or_committee(place: str, community: Region) -> str:
    """Where residents object to a list: the place entered with it, else the community's residents' committee."""
    return place or _("%(community)s residents' committee") % {"community": community.name}


_OFFICE_PHONE = re.compile(r"(?P<number>\+?[0-9( ][0-9 ()\-]*)(?:(?:转|ext\.?|#) ?[0-9]{1,6})?")


def _dialable(digits: str) -> bool:
    """A service number (12345, 96345), a local number (7–8 digits), one with its area code (0571…: 10–12
    digits) or a mobile (1…, 11 digits)."""
    if digits.startswith("0"):
        return 10 <= len(digits) <= 12
    return 5 <= len(digits) <= 8 or (digits.startswith("1") and len(digits) == 11)


def validate_office_phone(value: str) -> None:
    """An office's public phone as written on a notice: 0571-87654321, (0571) 8765 4321, 87654321, 12345,
    +86 571 8765 4321, an extension after 转."""
    if not value:
        return
    match = _OFFICE_PHONE.fullmatch(value.strip())
    digits = "".join(c for c in match["number"] if c.isdigit()) if match else ""
    if match and match["number"].startswith("+86"):
        digits = "0" + digits[2:] if not digits[2:].startswith("1") else digits[2:]  # +86 571… is 0571…
    if not match or not _dialable(digits):
        raise ValidationError(_("Enter a phone number such as 0571-87654321 or 12345 (an extension after 转)."),
                              code="invalid")


class NeedsList(Tracked):
    """A community's needs list for a period: assembled, reviewed by the street, published in versions."""

    ACCESS_KEY = "needs_list"
    ACCESS_REGION_FIELD = "community"

    community = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="needs_lists",
                                  verbose_name=_("community"), limit_choices_to={"level": "community"})
    period_label = models.CharField(_("period"), max_length=50)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=20, choices=NEEDS_LIST_PROCESS.choices,
                              default=NEEDS_LIST_PROCESS.initial)
    needs = models.ManyToManyField(Need, through="NeedsListItem", related_name="needs_lists")
    # The public notice (公示): how long it runs and where residents raise an objection; each published
    # version keeps a copy of them as they were when it was approved.
    publicity_days = models.PositiveSmallIntegerField(
        _("publicity period (days)"), default=PUBLICITY_DAYS,
        validators=[MinValueValidator(PUBLICITY_DAYS_MIN), MaxValueValidator(PUBLICITY_DAYS_MAX)])
    objection_place = models.CharField(_("where to raise objections"), max_length=100, blank=True)
    objection_contact = models.CharField(_("contact person for objections"), max_length=50, blank=True)
    objection_phone = models.CharField(_("phone for objections"), max_length=30, blank=True,
                                       validators=[validate_office_phone])

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("needs list")
        verbose_name_plural = _("needs lists")
        constraints = [
            models.UniqueConstraint(fields=["community", "period_label"], name="needs_list_unique_period"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="needs_list_period_order"),
            models.CheckConstraint(condition=models.Q(publicity_days__gte=PUBLICITY_DAYS_MIN,
                                                      publicity_days__lte=PUBLICITY_DAYS_MAX),
                                   name="needs_list_publicity_days"),
        ]

    def __str__(self) -> str:
        return f"{self.community.name} {self.period_label}"

    @property
    def status_label(self):
        return NEEDS_LIST_PROCESS.label(self.status)

    @property
    def is_editable(self) -> bool:
        """Needs are added and removed only while the list is a draft (revise a published one first)."""
        return self.status == NEEDS_LIST_PROCESS.initial

    @property
    def objection_where(self) -> str:
        return place_or_committee(self.objection_place, self.community)


class NeedsListItem(models.Model):
    needs_list = models.ForeignKey(NeedsList, on_delete=models.CASCADE, related_name="items")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["needs_list", "need"], name="needs_list_item_unique")]

    def __str__(self) -> str:
        return f"{self.needs_list_id}:{self.need_id}"


class PublishedNeedsList(models.Model):
    """One published version: a frozen snapshot with no personal data beyond masked contacts."""

    needs_list = models.ForeignKey(NeedsList, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    items = models.JSONField(_("items"), default=list)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("approved by"))
    # The 公示期 runs from the day of publishing to this day, both included; objections go to the copy of
    # the list's contact taken at approval.
    publicity_until = models.DateField(_("publicity ends"))
    objection_place = models.CharField(_("where to raise objections"), max_length=100, blank=True)
    objection_contact = models.CharField(_("contact person for objections"), max_length=50, blank=True)
    objection_phone = models.CharField(_("phone for objections"), max_length=30, blank=True)

    class Meta:
        ordering = ["needs_list", "-number"]
        verbose_name = _("published needs list")
        verbose_name_plural = _("published needs lists")
        constraints = [models.UniqueConstraint(fields=["needs_list", "number"], name="published_list_version")]

    def __str__(self) -> str:
        return f"{self.needs_list} v{self.number}"

    @property
    def publicity_from(self) -> dt.date:
        return timezone.localdate(self.published_at)

    @property
    def publicity_days(self) -> int:
        return (self.publicity_until - self.publicity_from).days + 1

    @property
    def publicity_days_left(self) -> int:
        """Days of the period still to come, today included (0 once it has ended)."""
        return max(0, (self.publicity_until - timezone.localdate()).days + 1)

    @property
    def in_publicity(self) -> bool:
        return self.publicity_from <= timezone.localdate() <= self.publicity_until

    @property
    def objection_where(self) -> str:
        return place_or_committee(self.objection_place, self.needs_list.community)

    @property
    def objection_phone_dial(self) -> str:
        """The number a phone dials (for a tel: link): digits and a leading +, without the extension."""
        number = re.split(r"转|ext|#", self.objection_phone)[0]
        return "".join(c for c in number if c.isdigit() or c == "+")
