"""One theme list for workshops and practices: the themes of the source workshops that the
practices' list lacked, in three languages, and each workshop's theme text matched to a row
of the list (a new row when no name matches)."""

from django.db import migrations
from django.utils.text import slugify

THEMES = [
    (
        "missing-migrants",
        "Missing migrants",
        "Personas migrantes desaparecidas",
        "Migrants disparus",
    ),
    (
        "skills-recognition",
        "Skills recognition and certification",
        "Reconocimiento y certificación de competencias",
        "Reconnaissance et certification des compétences",
    ),
    (
        "social-economy",
        "Social and solidarity economy",
        "Economía social y solidaria",
        "Économie sociale et solidaire",
    ),
    (
        "health-emergencies",
        "Migration in emergencies, including health emergencies",
        "Migración en contextos de emergencia, incluidas las emergencias sanitarias",
        "Migrations dans les situations d'urgence, y compris sanitaires",
    ),
    ("gender", "Gender and migration", "Género y migración", "Genre et migrations"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("workshops", "Theme")
    last = Theme.objects.order_by("-position").values_list("position", flat=True).first() or 0
    for offset, (code, en, es, fr) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(
            code=code,
            defaults={
                "name": en,
                "name_en": en,
                "name_es": es,
                "name_fr": fr,
                "position": last + offset,
            },
        )


def forwards(apps, schema_editor):
    add_themes(apps, schema_editor)
    Theme = apps.get_model("workshops", "Theme")
    Workshop = apps.get_model("workshops", "Workshop")
    by_name = {}
    for theme in Theme.objects.all():
        for name in (theme.name_en, theme.name_es, theme.name_fr):
            if name:
                by_name.setdefault(name.strip().casefold(), theme)
    for workshop in Workshop.objects.exclude(theme="").exclude(theme__isnull=True):
        texts = [
            t
            for t in (workshop.theme_en, workshop.theme_es, workshop.theme_fr, workshop.theme)
            if t
        ]
        theme = next(
            (by_name[t.strip().casefold()] for t in texts if t.strip().casefold() in by_name), None
        )
        if theme is None:
            english = workshop.theme_en or workshop.theme
            code = slugify(english)[:40] or f"theme-{workshop.pk}"
            theme, _created = Theme.objects.get_or_create(
                code=code,
                defaults={
                    "name": english,
                    "name_en": english,
                    "name_es": workshop.theme_es or None,
                    "name_fr": workshop.theme_fr or None,
                    "position": Theme.objects.count() + 1,
                },
            )
            for name in texts:
                by_name.setdefault(name.strip().casefold(), theme)
        Workshop.objects.filter(pk=workshop.pk).update(theme_ref=theme)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0008_theme_table_example_flag")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
