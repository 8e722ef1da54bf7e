"""The RCM bodies that convene meetings, as rows editable in the admin."""

from django.db import migrations

BODIES = [
    # code, acronym (en, es, fr), name (en, es, fr)
    ("vice-ministerial", ("", "", ""), (
        "Vice-Ministerial Meeting",
        "Reunión Viceministerial",
        "Réunion vice-ministérielle",
    )),
    ("rcgm", ("RCGM", "GRCM", "GRCM"), (
        "Regional Consultation Group on Migration",
        "Grupo Regional de Consulta sobre Migración",
        "Groupe régional de consultation sur les migrations",
    )),
    ("lon-smuggling-trafficking", ("", "", ""), (
        "Liaison Officers Network on Migrant Smuggling and Trafficking in Persons",
        "Red de Funcionarios de Enlace para el Combate al Tráfico Ilícito de Migrantes y la Trata de Personas",
        "Réseau des agents de liaison sur le trafic illicite de migrants et la traite des personnes",
    )),
    ("lon-consular-protection", ("", "", ""), (
        "Liaison Officers Network on Consular Protection",
        "Red de Funcionarios de Enlace en Protección Consular",
        "Réseau des agents de liaison sur la protection consulaire",
    )),
    ("ad-hoc-working-group", ("", "", ""), (
        "Ad hoc working group",
        "Grupo de trabajo ad hoc",
        "Groupe de travail ad hoc",
    )),
    ("secretariat", ("TS", "ST", "ST"), (
        "Technical Secretariat",
        "Secretaría Técnica",
        "Secrétariat technique",
    )),
]


def add_bodies(apps, schema_editor):
    RcmBody = apps.get_model("workshops", "RcmBody")
    for position, (code, acronyms, names) in enumerate(BODIES, start=1):
        RcmBody.objects.update_or_create(
            code=code,
            defaults={
                "position": position,
                "name": names[0],
                "name_en": names[0],
                "name_es": names[1],
                "name_fr": names[2],
                "acronym": acronyms[0],
                "acronym_en": acronyms[0],
                "acronym_es": acronyms[1],
                "acronym_fr": acronyms[2],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]

    operations = [migrations.RunPython(add_bodies, migrations.RunPython.noop)]
