from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SeatRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("secretariat seat", "Chair")
    GOVERNMENT = "government", pgettext_lazy("secretariat seat", "Government")
    CIVIL_SOCIETY = "civil_society", pgettext_lazy("secretariat seat", "Civil society")
    INTERNATIONAL = "international", pgettext_lazy("secretariat seat", "International organisation")
    STAFF = "staff", pgettext_lazy("secretariat seat", "Staff")


class DocumentKind(models.TextChoices):
    TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
    DECISION = "decision", pgettext_lazy("secretariat document", "Decision")
    MINUTES = "minutes", pgettext_lazy("secretariat document", "Minutes")
    REPORT = "report", pgettext_lazy("secretariat document", "Report")
    OTHER = "other", pgettext_lazy("secretariat document", "Other document")


class WorkPlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("work-plan item", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("work-plan item", "In progress")
    DONE = "done", pgettext_lazy("work-plan item", "Done")
    BLOCKED = "blocked", pgettext_lazy("work-plan item", "Blocked")


class DisseminationChannel(models.TextChoices):
    EVENT = "event", pgettext_lazy("dissemination", "Event or workshop")
    DOCUMENT = "document", pgettext_lazy("dissemination", "Publication or document")
    MEDIA = "media", pgettext_lazy("dissemination", "Press, radio or television")
    ONLINE = "online", pgettext_lazy("dissemination", "Website or social media")
    MEETING = "meeting", pgettext_lazy("dissemination", "Meeting with civil society")
    OTHER = "other", pgettext_lazy("dissemination", "Other")


class GoodPracticeStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("good practice", "Awaiting review")
    PUBLISHED = "published", pgettext_lazy("good practice", "Published")
    RETURNED = "returned", pgettext_lazy("good practice", "Returned for changes")


class FlagReason(models.TextChoices):
    SPAM = "spam", pgettext_lazy("flag reason", "Spam or advertising")
    OFFENSIVE = "offensive", pgettext_lazy("flag reason", "Offensive or hateful")
    PERSONAL_DATA = "personal_data", pgettext_lazy("flag reason", "Exposes personal data")
    MISINFORMATION = "misinformation", pgettext_lazy("flag reason", "False or misleading")
    OTHER = "other", pgettext_lazy("flag reason", "Other")


class FlagStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("flag status", "Awaiting moderation")
    DISMISSED = "dismissed", pgettext_lazy("flag status", "Dismissed")
    HIDDEN = "hidden", pgettext_lazy("flag status", "Content hidden")
