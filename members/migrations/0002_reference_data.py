"""Member and observer countries, observer organizations and civil society, as rows."""

from django.db import migrations

COUNTRIES = [
    # iso, status, English, Spanish, French
    ("BZ", "member", "Belize", "Belice", "Belize"),
    ("CA", "member", "Canada", "Canadá", "Canada"),
    ("CR", "member", "Costa Rica", "Costa Rica", "Costa Rica"),
    ("DO", "member", "Dominican Republic", "República Dominicana", "République dominicaine"),
    ("SV", "member", "El Salvador", "El Salvador", "El Salvador"),
    ("GT", "member", "Guatemala", "Guatemala", "Guatemala"),
    ("HN", "member", "Honduras", "Honduras", "Honduras"),
    ("MX", "member", "Mexico", "México", "Mexique"),
    ("NI", "member", "Nicaragua", "Nicaragua", "Nicaragua"),
    ("PA", "member", "Panama", "Panamá", "Panama"),
    ("US", "member", "United States", "Estados Unidos", "États-Unis"),
    ("AR", "observer", "Argentina", "Argentina", "Argentine"),
    ("CO", "observer", "Colombia", "Colombia", "Colombie"),
    ("EC", "observer", "Ecuador", "Ecuador", "Équateur"),
    ("JM", "observer", "Jamaica", "Jamaica", "Jamaïque"),
    ("PE", "observer", "Peru", "Perú", "Pérou"),
]

ORGANIZATIONS = [
    # kind, (acronym en, es, fr), (name en, es, fr)
    ("international", ("IOM", "OIM", "OIM"), (
        "International Organization for Migration",
        "Organización Internacional para las Migraciones",
        "Organisation internationale pour les migrations",
    )),
    ("international", ("UNHCR", "ACNUR", "HCR"), (
        "Office of the United Nations High Commissioner for Refugees",
        "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados",
        "Haut-Commissariat des Nations Unies pour les réfugiés",
    )),
    ("international", ("ECLAC/CELADE", "CEPAL/CELADE", "CEPALC/CELADE"), (
        "Latin American and Caribbean Demographic Centre of the Economic Commission for Latin America and the Caribbean",
        "Centro Latinoamericano y Caribeño de Demografía de la Comisión Económica para América Latina y el Caribe",
        "Centre latino-américain et caribéen de démographie de la Commission économique pour l’Amérique latine et les Caraïbes",
    )),
    ("international", ("IACHR", "CIDH", "CIDH"), (
        "Inter-American Commission on Human Rights",
        "Comisión Interamericana de Derechos Humanos",
        "Commission interaméricaine des droits de l’homme",
    )),
    ("international", ("", "", ""), (
        "United Nations Special Rapporteur on the human rights of migrants",
        "Relator Especial de las Naciones Unidas sobre los derechos humanos de los migrantes",
        "Rapporteur spécial des Nations Unies sur les droits de l’homme des migrants",
    )),
    ("international", ("SICA", "SICA", "SICA"), (
        "Central American Integration System",
        "Sistema de la Integración Centroamericana",
        "Système d’intégration centraméricain",
    )),
    ("international", ("UNFPA", "UNFPA", "FNUAP"), (
        "United Nations Population Fund",
        "Fondo de Población de las Naciones Unidas",
        "Fonds des Nations Unies pour la population",
    )),
    ("international", ("SEGIB", "SEGIB", "SEGIB"), (
        "Ibero-American General Secretariat",
        "Secretaría General Iberoamericana",
        "Secrétariat général ibéro-américain",
    )),
    ("international", ("ICRC", "CICR", "CICR"), (
        "International Committee of the Red Cross",
        "Comité Internacional de la Cruz Roja",
        "Comité international de la Croix-Rouge",
    )),
    ("international", ("UNICEF", "UNICEF", "UNICEF"), (
        "United Nations Children’s Fund",
        "Fondo de las Naciones Unidas para la Infancia",
        "Fonds des Nations Unies pour l’enfance",
    )),
    ("international", ("ILO", "OIT", "OIT"), (
        "International Labour Organization",
        "Organización Internacional del Trabajo",
        "Organisation internationale du Travail",
    )),
    ("international", ("UNDP", "PNUD", "PNUD"), (
        "United Nations Development Programme",
        "Programa de las Naciones Unidas para el Desarrollo",
        "Programme des Nations Unies pour le développement",
    )),
    ("international", ("UNODC", "UNODC", "ONUDC"), (
        "United Nations Office on Drugs and Crime",
        "Oficina de las Naciones Unidas contra la Droga y el Delito",
        "Office des Nations Unies contre la drogue et le crime",
    )),
    ("civil_society", ("RROCM", "RROCM", "RROCM"), (
        "Regional Network of Civil Society Organizations for Migration",
        "Red Regional de Organizaciones Civiles para las Migraciones",
        "Réseau régional d’organisations de la société civile pour les migrations",
    )),
]


def add_reference_data(apps, schema_editor):
    Country = apps.get_model("members", "Country")
    Organization = apps.get_model("members", "Organization")
    for iso, status, en, es, fr in COUNTRIES:
        Country.objects.update_or_create(
            iso_code=iso,
            defaults={"status": status, "name": en, "name_en": en, "name_es": es, "name_fr": fr},
        )
    for kind, acronyms, names in ORGANIZATIONS:
        Organization.objects.update_or_create(
            name_en=names[0],
            defaults={
                "kind": kind,
                "name": names[0],
                "name_es": names[1],
                "name_fr": names[2],
                "acronym": acronyms[0],
                "acronym_en": acronyms[0],
                "acronym_es": acronyms[1],
                "acronym_fr": acronyms[2],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
