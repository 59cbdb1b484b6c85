import datetime

from django.db import migrations, models
from django.utils import timezone


def past_ones_were_handled(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Check-ins due before today had their one chance at a notice under the old daily run;
    catching up now would email people about a check-in from months ago."""
    CheckIn = apps.get_model("aftercare", "CheckIn")
    today = timezone.localdate()
    CheckIn.objects.filter(due__lt=today).update(
        notified_at=datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)
    )


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="notified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(past_ones_were_handled, migrations.RunPython.noop),
    ]
