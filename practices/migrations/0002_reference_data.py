"""The target populations and themes practices are classified under, in three languages.
They are rows: the Secretariat adds and renames them in the admin."""

from django.db import migrations

TARGET_POPULATIONS = [
    ("returned-migrants", "Returned migrants", "Personas migrantes retornadas", "Personnes migrantes de retour"),
    ("women-and-girls", "Women and girls", "Mujeres y niñas", "Femmes et filles"),
    ("children", "Children and adolescents", "Niñas, niños y adolescentes", "Enfants et adolescents"),
    ("migrant-workers", "Migrant workers", "Personas trabajadoras migrantes", "Travailleurs migrants"),
    ("families-of-missing", "Families of missing migrants", "Familias de personas migrantes desaparecidas", "Familles de migrants disparus"),
    ("refugees", "Refugees and asylum seekers", "Personas refugiadas y solicitantes de asilo", "Réfugiés et demandeurs d'asile"),
    ("emergencies", "People in emergencies", "Personas en situaciones de emergencia", "Personnes en situation d'urgence"),
    ("victims-of-trafficking", "Victims of trafficking", "Víctimas de trata de personas", "Victimes de la traite"),
    ("host-communities", "Host and origin communities", "Comunidades de acogida y de origen", "Communautés d'accueil et d'origine"),
]

THEMES = [
    ("return-reintegration", "Return and reintegration", "Retorno y reintegración", "Retour et réintégration"),
    ("labour-migration", "Labour migration", "Migración laboral", "Migration de travail"),
    ("trafficking-smuggling", "Trafficking in persons and migrant smuggling", "Trata de personas y tráfico ilícito de migrantes", "Traite des personnes et trafic illicite de migrants"),
    ("consular-protection", "Consular protection", "Protección consular", "Protection consulaire"),
    ("protection", "Protection of people in vulnerable situations", "Protección de personas en situación de vulnerabilidad", "Protection des personnes en situation de vulnérabilité"),
    ("border-management", "Integrated border management", "Gestión integrada de fronteras", "Gestion intégrée des frontières"),
    ("migration-data", "Migration data and information", "Datos e información sobre migración", "Données et information sur les migrations"),
    ("climate-disasters", "Climate change, disasters and displacement", "Cambio climático, desastres y desplazamiento", "Changements climatiques, catastrophes et déplacements"),
    ("integration", "Integration and social cohesion", "Integración y cohesión social", "Intégration et cohésion sociale"),
]


def load(apps, schema_editor):
    for model_name, rows in (("TargetPopulation", TARGET_POPULATIONS), ("Theme", THEMES)):
        model = apps.get_model("practices", model_name)
        for position, (code, en, es, fr) in enumerate(rows, start=1):
            model.objects.update_or_create(
                code=code,
                defaults={
                    "name": en,
                    "name_en": en,
                    "name_es": es,
                    "name_fr": fr,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
