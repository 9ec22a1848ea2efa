from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import scale


class Partner(models.Model):
    """A person on the account who receives the stretch; screening and sessions are per partner."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=60)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                "account", Lower("name"), name="partner_name_unique_per_account"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RateLimitCounter(models.Model):
    """One fixed-window count of decompress.throttle's limits, when there is no Redis."""

    key = models.CharField(max_length=255, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class AccountSettings(models.Model):
    """What an account chooses for itself; see decompress.timezones for the time zone."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account_settings",
    )
    # An IANA name ("Europe/London"); empty until chosen or guessed at sign-up: the site's
    # zone then.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("account settings")
        verbose_name_plural = _("account settings")

    def __str__(self) -> str:
        return str(self.account)


class Reminder(models.Model):
    """When a partner means to do the stretch: days of the week and a time, in the
    account's zone (decompress.reminders turns it into calendar events)."""

    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="reminder")
    # Days as ISO weekday numbers, Monday = 1 … Sunday = 7, in order.
    weekdays = models.JSONField(_("days"), default=list)
    time = models.TimeField(_("time"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.partner} · {self.time:%H:%M}"


class CalendarFeed(models.Model):
    """A private calendar address an account can subscribe to; only the token's SHA-256
    is kept, so the address is shown once, when made."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.account} · {self.created_at:%Y-%m-%d}"


class ReportShare(models.Model):
    """A view-only link to a partner's report for a professional (sessions.history.report):
    random token stored as its SHA-256, expires, revocable; each view is recorded."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="report_shares")
    token_hash = models.CharField(max_length=64, unique=True)
    # The sessions whose notes the owner chose to include, as chosen when sharing.
    note_session_ids = models.JSONField(default=list)
    # How often it was opened. Only the latest openings are kept as rows (ReportView), and
    # none once the link has stopped (sessions.history.report).
    view_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report link")
        verbose_name_plural = _("report links")

    def __str__(self) -> str:
        return f"{self.partner} · {self.created_at:%Y-%m-%d}"


class ReportView(models.Model):
    """One opening of a shared report, listed for the account that shared it."""

    share = models.ForeignKey(ReportShare, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField(auto_now_add=True)
    # The browser as it names itself, shortened: enough to tell a clinic's computer apart.
    browser = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-viewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.share} · {self.viewed_at:%Y-%m-%d %H:%M}"


class AccountEmail(models.Model):
    """Which address of an account was confirmed, and when.

    The address itself is the account's ``User.email`` (optional). It counts as confirmed
    only while it equals ``confirmed_address``: a new or changed address is unconfirmed
    until the link mailed to it is used (decompress.email_address).
    """

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account_email",
    )
    # Lower-cased, so that the password-reset lookup is a plain indexed equality.
    confirmed_address = models.EmailField(_("confirmed address"), blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("account email")
        verbose_name_plural = _("account emails")

    def __str__(self) -> str:
        return self.confirmed_address or "-"


def _low_comfort_label() -> str:
    return gettext("Comfort %(limit)d or lower") % {"limit": scale.LOW_COMFORT_LIMIT}


class RestReason(models.TextChoices):
    """Why a person rests (`decompress.rest`): a stop that rests, or the screening's answer.

    The stop reasons of the same values (`sessions.choices.StopReason`) take these labels.
    A label or sentence that states a number reads it from `decompress.scale` when shown.
    """

    PAIN = "pain", _("Pain")
    PAIN_REPORTED = "pain_reported", _("Pain, tingling or numbness reported")
    LOW_COMFORT = "low_comfort", lazy(_low_comfort_label, str)()
    BELOW_BASELINE = "below_baseline", _("Comfort below the starting rating")
    # "Pain, tingling or numbness during or after a stretch in the last 24 hours".
    RECENT_PAIN = "recent_pain", _("Pain, tingling or numbness after a stretch in the last day")

    @property
    def sentence(self) -> str:
        """Why the person rests, as the rest's pages say it."""
        if self == RestReason.LOW_COMFORT:
            return gettext("Comfort was %(limit)d or lower in the last session.") % {
                "limit": scale.LOW_COMFORT_LIMIT
            }
        return str(_REST_SENTENCES[self])


_REST_SENTENCES = {
    RestReason.PAIN: _("The last session stopped because of pain."),
    RestReason.PAIN_REPORTED: _("Pain, tingling or numbness was reported in the last session."),
    RestReason.BELOW_BASELINE: _("Comfort dropped below where it started in the last session."),
    RestReason.RECENT_PAIN: _(
        "The safety answers say pain, tingling or numbness came with a stretch in the last "
        "24 hours."
    ),
}


class Rest(models.Model):
    """One rest: whose, why, from when and until when (computed once, when it began).

    Kept on the account, not on a partner or a session row (see `decompress.rest`).
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rests"
    )
    # Empty once the partner was deleted: `name_key` still finds a partner added again.
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="rests"
    )
    name = models.CharField(_("name"), max_length=60)  # the partner's, as it was then
    name_key = models.CharField(_("name, folded"), max_length=60)
    # The session that stopped, for its aftercare; empty for a rest the screening began, or
    # once the session was deleted (the rest stays).
    session = models.ForeignKey(
        "guided.GuidedSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rests",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RestReason.choices)
    started_at = models.DateTimeField(_("from"))
    until = models.DateTimeField(_("until"))

    class Meta:
        # Created by the sessions app (label "guided") before it moved here with its rules.
        db_table = "guided_rest"
        ordering = ["-until", "-pk"]
        verbose_name = _("rest")
        verbose_name_plural = _("rests")
        indexes = [models.Index(fields=["account", "-until"], name="rest_account_until_idx")]

    def __str__(self) -> str:
        return f"{self.name} · {self.until:%Y-%m-%d %H:%M}"

    @property
    def reason_sentence(self) -> str:
        return RestReason(self.reason).sentence
