# Rests in force when this migration runs, as Rest rows: those a deleted session left on its
# partner (Partner.kept_rest_*, removed next) and those of recent stops for a resting reason.
# Their end is computed as the rest rule computed it then, in the account's zone; names are
# folded as it folded them (both copied here: a migration must not follow later code).
import unicodedata
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.utils import timezone

REST_HOURS = 12
RESTING = ("pain", "pain_reported", "low_comfort", "below_baseline")


def _until(ended_at, zone):
    local = ended_at.astimezone(zone)
    next_midnight = datetime.combine(local.date() + timedelta(days=1), time.min, local.tzinfo)
    return max(next_midnight, ended_at + timedelta(hours=REST_HOURS))


def name_key(name):
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _zone(account_settings, account_id):
    name = account_settings.filter(account_id=account_id).values_list("time_zone", flat=True)
    try:
        return ZoneInfo(next(iter(name), "") or settings.TIME_ZONE)
    except (KeyError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def forwards(apps, schema_editor):
    Partner = apps.get_model("decompress", "Partner")
    AccountSettings = apps.get_model("decompress", "AccountSettings")
    GuidedSession = apps.get_model("guided", "GuidedSession")
    Rest = apps.get_model("guided", "Rest")

    now = timezone.now()
    since = now - timedelta(hours=24 + REST_HOURS)
    rests = []
    for partner in Partner.objects.filter(kept_rest_stopped_at__gt=since):
        until = _until(partner.kept_rest_stopped_at, _zone(AccountSettings.objects, partner.account_id))
        if until > now:
            rests.append(Rest(account_id=partner.account_id, partner=partner, name=partner.name,
                              name_key=name_key(partner.name), reason=partner.kept_rest_reason,
                              started_at=partner.kept_rest_stopped_at, until=until))
    stops = GuidedSession.objects.filter(stop_reason__in=RESTING, ended_at__gt=since)
    for session in stops.select_related("partner"):
        partner = session.partner
        until = _until(session.ended_at, _zone(AccountSettings.objects, partner.account_id))
        if until > now:
            rests.append(Rest(account_id=partner.account_id, partner=partner, name=partner.name,
                              name_key=name_key(partner.name), session=session,
                              reason=session.stop_reason, started_at=session.ended_at,
                              until=until))
    Rest.objects.bulk_create(rests)


class Migration(migrations.Migration):
    dependencies = [
        ("decompress", "0008_account_email"),
        ("guided", "0014_pain_beside_and_rests"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
