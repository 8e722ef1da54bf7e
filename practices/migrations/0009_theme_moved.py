"""Practices' themes are now workshops.Theme (the same table): only Django's state changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0008_search_document_trigger"),
        ("workshops", "0007_theme"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="practice",
                    name="themes",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="practices",
                        to="workshops.theme",
                        verbose_name="themes",
                    ),
                ),
                migrations.DeleteModel(name="Theme"),
            ],
            database_operations=[],
        ),
    ]
