"""Drop the plain foreign key from a case to its raiser's account; the keyed link replaces it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_raiser_link"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="case",
            name="raiser",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["raiser_link"], name="case_raiser_link"),
        ),
    ]
