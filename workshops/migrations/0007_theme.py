"""The theme list moves from practices to workshops, so that workshops and practices share
one list: the model is declared here on the existing table (renamed in 0008)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0006_participant_import_job"),
        ("practices", "0008_search_document_trigger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=150, verbose_name="name")),
                        ("name_en", models.CharField(max_length=150, null=True, verbose_name="name")),
                        ("name_es", models.CharField(max_length=150, null=True, verbose_name="name")),
                        ("name_fr", models.CharField(max_length=150, null=True, verbose_name="name")),
                        (
                            "position",
                            models.PositiveSmallIntegerField(default=0, verbose_name="position"),
                        ),
                    ],
                    options={
                        "verbose_name": "theme",
                        "verbose_name_plural": "themes",
                        "ordering": ["position", "name"],
                        "db_table": "practices_theme",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
