# The Rest model, moved here from the sessions app (label "guided"): its table "guided_rest"
# and rows stay as they are; only Django's state moves, and the content type with it (so
# staff permissions on rests are kept).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_moved(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="decompress", model="rest").exists():
        content_type.objects.filter(app_label="guided", model="rest").update(
            app_label="decompress"
        )


def content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="guided", model="rest").exists():
        content_type.objects.filter(app_label="decompress", model="rest").update(
            app_label="guided"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("decompress", "0011_report_views_counted_and_folded"),
        ("guided", "0019_rest_moved_to_decompress"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Rest",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=60, verbose_name="name")),
                        ("name_key", models.CharField(max_length=60, verbose_name="name, folded")),
                        ("reason", models.CharField(choices=[("pain", "Pain"), ("pain_reported", "Pain, tingling or numbness reported"), ("low_comfort", "Comfort 3 or lower"), ("below_baseline", "Comfort below the starting rating"), ("recent_pain", "Pain, tingling or numbness after a stretch in the last day")], max_length=20, verbose_name="reason")),
                        ("started_at", models.DateTimeField(verbose_name="from")),
                        ("until", models.DateTimeField(verbose_name="until")),
                        ("account", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="rests", to=settings.AUTH_USER_MODEL)),
                        ("partner", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="rests", to="decompress.partner")),
                        ("session", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="rests", to="guided.guidedsession")),
                    ],
                    options={
                        "verbose_name": "rest",
                        "verbose_name_plural": "rests",
                        "db_table": "guided_rest",
                        "ordering": ["-until", "-pk"],
                        "indexes": [models.Index(fields=["account", "-until"], name="rest_account_until_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_moved, content_type_back),
    ]
