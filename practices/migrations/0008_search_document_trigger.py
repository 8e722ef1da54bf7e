"""The search document written by a trigger on every insert and update (PostgreSQL), instead
of by Practice.save() and a refresh after each bulk write."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from practices.search import search_document_trigger_sql

    schema_editor.execute(search_document_trigger_sql()[0])
    # Every row's document made anew by the trigger.
    schema_editor.execute("UPDATE practices_practice SET language = language")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from practices.search import search_document_trigger_sql

    schema_editor.execute(search_document_trigger_sql()[1])


class Migration(migrations.Migration):
    dependencies = [("practices", "0007_rich_text_as_markdown")]

    operations = [migrations.RunPython(create, drop)]
