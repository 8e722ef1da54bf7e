"""The objectives and guiding principles of the Global Compact for Migration (A/RES/73/195),
with the official English, Spanish and French titles, from `objectives/data/`."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def add_gcm(apps, schema_editor):
    GcmObjective = apps.get_model("objectives", "GcmObjective")
    GcmGuidingPrinciple = apps.get_model("objectives", "GcmGuidingPrinciple")
    for row in _rows("gcm_objectives.csv"):
        GcmObjective.objects.update_or_create(
            number=int(row["number"]),
            defaults={
                "title": row["title_en"],
                "short_label": row["short_label_en"],
                **{f"title_{lang}": row[f"title_{lang}"] for lang in ("en", "es", "fr")},
                **{f"short_label_{lang}": row[f"short_label_{lang}"] for lang in ("en", "es", "fr")},
            },
        )
    for row in _rows("gcm_guiding_principles.csv"):
        GcmGuidingPrinciple.objects.update_or_create(
            letter=row["letter"],
            defaults={
                "title": row["title_en"],
                **{f"title_{lang}": row[f"title_{lang}"] for lang in ("en", "es", "fr")},
            },
        )


class Migration(migrations.Migration):
    dependencies = [("objectives", "0001_initial")]

    operations = [migrations.RunPython(add_gcm, migrations.RunPython.noop)]
