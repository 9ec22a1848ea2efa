"""The lowest comfort is the lowest of the lean check-ins only.

Earlier the engine also counted the before and after ratings into `lowest_comfort`; this
recomputes every stored value from the check-ins after a lean (repetition 1..N). One
UPDATE with a correlated subquery, so it runs in one statement on SQLite and PostgreSQL.
"""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def lean_lowest(apps, schema_editor):
    GuidedSession = apps.get_model("guided", "GuidedSession")
    CheckIn = apps.get_model("guided", "CheckIn")
    lowest = (
        CheckIn.objects.filter(session=OuterRef("pk"), repetition__gte=1, comfort__isnull=False)
        .order_by()
        .values("session")
        .annotate(value=Min("comfort"))
        .values("value")[:1]
    )
    GuidedSession.objects.update(lowest_comfort=Subquery(lowest))


class Migration(migrations.Migration):
    dependencies = [
        ("guided", "0004_active_session_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="guidedsession",
            name="lowest_comfort",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=(
                    "The lowest rating after a lean; the before and after ratings are not in it."
                ),
                null=True,
                verbose_name="lowest check-in",
            ),
        ),
        # Going back keeps the corrected values: they are right under either code.
        migrations.RunPython(lean_lowest, migrations.RunPython.noop, elidable=True),
    ]
