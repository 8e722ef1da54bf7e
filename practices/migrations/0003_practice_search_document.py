"""The stored text-search document of each practice, with its GIN index on PostgreSQL."""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "practices_practice_search_gin"


def build(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from practices.search import practice_search_vector

    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON practices_practice USING gin (search_document)"
    )
    Practice = apps.get_model("practices", "Practice")
    Practice.objects.update(search_document=practice_search_vector())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_reference_data")]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(build, drop),
    ]
