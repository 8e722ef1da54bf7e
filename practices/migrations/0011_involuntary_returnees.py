"""The target population the return call puts first: people whose return is involuntary."""

from django.db import migrations

POPULATION = (
    "involuntary-returnees",
    "Involuntary returnees and deported persons",
    "Personas retornadas de manera involuntaria y deportadas",
    "Personnes rapatriées contre leur gré et personnes expulsées",
)


def forwards(apps, schema_editor):
    TargetPopulation = apps.get_model("practices", "TargetPopulation")
    code, en, es, fr = POPULATION
    after = TargetPopulation.objects.filter(code="returned-migrants").first()
    TargetPopulation.objects.get_or_create(
        code=code,
        defaults={
            "name": en,
            "name_en": en,
            "name_es": es,
            "name_fr": fr,
            "position": after.position if after else 0,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("practices", "0010_contributors_principles_gender_sessions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
