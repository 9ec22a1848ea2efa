# Each link's openings so far become its count; only the latest 20 of a live link stay as
# rows, and none of a link that has stopped (sessions.history.report).
from django.db import migrations
from django.db.models import Count, Q
from django.utils import timezone

KEPT = 20


def forwards(apps, schema_editor):
    ReportShare = apps.get_model("decompress", "ReportShare")
    ReportView = apps.get_model("decompress", "ReportView")
    for share in ReportShare.objects.annotate(n=Count("views")).filter(n__gt=0):
        ReportShare.objects.filter(pk=share.pk).update(view_count=share.n)
        kept = list(
            ReportView.objects.filter(share=share).order_by("-pk").values_list("pk", flat=True)[:KEPT]
        )
        ReportView.objects.filter(share=share).exclude(pk__in=kept).delete()
    ReportView.objects.filter(
        Q(share__revoked_at__isnull=False) | Q(share__expires_at__lte=timezone.now())
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("decompress", "0010_report_share_view_count")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
