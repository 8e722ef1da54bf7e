"""A workshop's theme is a row of the shared list; the free-text theme goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workshops", "0009_themes_shared")]

    operations = [
        *(
            migrations.RemoveField(model_name=model, name=name)
            for model in ("workshop", "historicalworkshop")
            for name in ("theme", "theme_en", "theme_es", "theme_fr")
        ),
        *(
            migrations.RenameField(model_name=model, old_name="theme_ref", new_name="theme")
            for model in ("workshop", "historicalworkshop")
        ),
    ]
