"""The example roadmap of the first source workshop.

The workshop on the sustainable reintegration of returned migrants aims at "the
development of a roadmap in the region" (its general objective; the source gives it no
specific objectives). The example below is a draft drawn from that objective's three parts:
national and regional articulation of support, sustainable reintegration, and the
follow-up to the Global Compact for Migration. It is marked as an example and stays a
draft: nothing of it is public until the Secretariat adopts it. One action shared by four
countries carries example progress of two of them (Mexico 40 %, Guatemala 10 %, Honduras and
El Salvador without a report), each update saying that it is an example, to show how each
country's own figure and the action's mean are told apart.
"""

import datetime

from members.models import Country, CountryStatus, Organization
from objectives.models import GcmObjective
from roadmaps.models import (
    Action,
    Indicator,
    IndicatorMeasurement,
    LineOfAction,
    ProgressUpdate,
    Roadmap,
    RoadmapStatus,
)
from workshops.models import Workshop

from .rows import demo_row_upsert

WORKSHOP_SLUG = "reintegration-of-returned-migrants"
ROADMAP_SLUG = "example-draft-roadmap-reintegration-of-returned-migrants"
MEMBERS = "members"  # every member country

ROADMAP = {
    "title_en": "Example draft: Regional roadmap for the sustainable reintegration of "
    "returned migrants",
    "title_es": "Ejemplo de borrador: Hoja de ruta regional para la reintegración sostenible "
    "de las personas migrantes retornadas",
    "title_fr": "Exemple de projet : Feuille de route régionale pour la réintégration durable "
    "des personnes migrantes de retour",
    "description_en": "An example drafted from the general objective of the regional dialogue "
    "on the sustainable reintegration of returned migrants, which is to end in a roadmap for "
    "the region. Responsible countries and due dates are placeholders for the Technical "
    "Secretariat and the member countries to agree on.",
    "description_es": "Un ejemplo redactado a partir del objetivo general del diálogo regional "
    "sobre la reintegración sostenible de las personas migrantes retornadas, que debe concluir "
    "en una hoja de ruta para la región. Los países responsables y las fechas límite son "
    "provisionales, a acordar entre la Secretaría Técnica y los países miembros.",
    "description_fr": "Un exemple rédigé à partir de l'objectif général du dialogue régional "
    "sur la réintégration durable des personnes migrantes de retour, qui doit aboutir à une "
    "feuille de route pour la région. Les pays responsables et les échéances sont provisoires, "
    "à convenir entre le Secrétariat technique et les pays membres.",
    "period_start": datetime.date(2026, 1, 1),
    "period_end": datetime.date(2027, 12, 31),
}

# (line titles en/es/fr, [(action titles en/es/fr, start, due, countries, partners, GCM)])
LINES = [
    (
        (
            "National and regional articulation of support for returned migrants",
            "Articulación nacional y regional de la atención a las personas migrantes retornadas",
            "Articulation nationale et régionale de l'accompagnement des personnes migrantes "
            "de retour",
        ),
        [
            (
                (
                    "Map the institutions and services that support returned migrants in "
                    "each member country",
                    "Mapear las instituciones y los servicios de atención a las personas "
                    "migrantes retornadas en cada país miembro",
                    "Cartographier les institutions et les services d'accompagnement des "
                    "personnes migrantes de retour dans chaque pays membre",
                ),
                datetime.date(2026, 1, 15),
                datetime.date(2026, 9, 30),
                MEMBERS,
                ("IOM",),
                (21, 23),
            ),
            (
                (
                    "Agree on a regional mechanism of coordination and referral between "
                    "countries of transit, destination and return",
                    "Acordar un mecanismo regional de coordinación y referencia entre países "
                    "de tránsito, destino y retorno",
                    "Convenir d'un mécanisme régional de coordination et d'orientation entre "
                    "pays de transit, de destination et de retour",
                ),
                datetime.date(2026, 6, 1),
                datetime.date(2027, 6, 30),
                ("MX", "GT", "HN", "SV"),
                ("IOM", "UNHCR"),
                (21, 23),
            ),
        ],
    ),
    (
        (
            "Sustainable reintegration into the society of origin or habitual residence",
            "Reintegración sostenible en la sociedad de origen o de residencia habitual",
            "Réintégration durable dans la société d'origine ou de résidence habituelle",
        ),
        [
            (
                (
                    "Exchange practices of economic, social and psychosocial reintegration",
                    "Intercambiar prácticas de reintegración económica, social y psicosocial",
                    "Échanger des pratiques de réintégration économique, sociale et psychosociale",
                ),
                datetime.date(2026, 3, 1),
                datetime.date(2026, 12, 31),
                MEMBERS,
                ("IOM", "ILO"),
                (21,),
            ),
            (
                (
                    "Define common indicators of sustainable reintegration",
                    "Definir indicadores comunes de reintegración sostenible",
                    "Définir des indicateurs communs de réintégration durable",
                ),
                datetime.date(2026, 9, 1),
                datetime.date(2027, 12, 31),
                ("CR", "DO", "PA"),
                ("IOM",),
                (1, 21),
            ),
        ],
    ),
    (
        (
            "Commitments and standards: follow-up to the Global Compact for Migration",
            "Compromisos y estándares: seguimiento del Pacto Mundial para la Migración",
            "Engagements et normes : suivi du Pacte mondial sur les migrations",
        ),
        [
            (
                (
                    "Adopt an RCM declaration with a regional position on the follow-up to "
                    "the Global Compact, for the International Migration Review Forum",
                    "Aprobar una declaración de la CRM con una posición regional sobre el "
                    "seguimiento del Pacto Mundial, para el Foro de Examen de la Migración "
                    "Internacional",
                    "Adopter une déclaration de la CRM portant une position régionale sur le "
                    "suivi du Pacte mondial, pour le Forum d'examen des migrations "
                    "internationales",
                ),
                datetime.date(2026, 1, 15),
                datetime.date(2026, 5, 31),
                MEMBERS,
                (),
                (23,),
            ),
        ],
    ),
]


# The shared action (line 1, action 2) and its example indicator and progress.
SHARED_ACTION = (1, 2)
SHARED_INDICATOR = {
    "name_en": "Bilateral referral protocols signed",
    "name_es": "Protocolos bilaterales de referencia firmados",
    "name_fr": "Protocoles bilatéraux d'orientation signés",
    "baseline": 0,
    "target": 3,
}
# (country, date, percentage, indicator value, narrative)
SHARED_PROGRESS = [
    (
        "MX",
        datetime.date(2026, 9, 15),
        40,
        1,
        "Example update, not from the source documents: the referral protocol with "
        "Guatemala is signed and the one with Honduras is under negotiation.",
    ),
    (
        "GT",
        datetime.date(2026, 10, 1),
        10,
        0,
        "Example update, not from the source documents: the national focal point for "
        "referrals is designated.",
    ),
]


def _set(manager, wanted: list) -> int:
    """Make a many-to-many relation hold exactly `wanted`; 1 if that changed it."""
    if {obj.pk for obj in manager.all()} == {obj.pk for obj in wanted}:
        return 0
    manager.set(wanted)
    return 1


def _translated(field: str, texts: tuple[str, str, str]) -> dict[str, str]:
    return {
        f"{field}_{language}": text
        for language, text in zip(("en", "es", "fr"), texts, strict=True)
    }


def demo_roadmap_load() -> int:
    """Create or bring up to date the example roadmap; returns the rows changed."""
    workshop = Workshop.objects.filter(slug=WORKSHOP_SLUG).first()
    if workshop is None:
        return 0
    members = list(Country.objects.filter(status=CountryStatus.MEMBER))
    existing = Roadmap.objects.filter(slug=ROADMAP_SLUG).first()
    # Created as a draft; once the Secretariat changes its status, the demo leaves it.
    status = existing.status if existing else RoadmapStatus.DRAFT
    roadmap, changed = demo_row_upsert(
        model=Roadmap, lookup={"slug": ROADMAP_SLUG}, values={**ROADMAP, "status": status}
    )
    changes = int(changed) + _set(roadmap.origin_workshops, [workshop])
    for line_position, (line_titles, actions) in enumerate(LINES, start=1):
        line, changed = demo_row_upsert(
            model=LineOfAction,
            lookup={"roadmap": roadmap, "position": line_position},
            values=_translated("title", line_titles),
        )
        changes += int(changed)
        for position, (titles, start, due, countries, partners, gcm) in enumerate(actions, start=1):
            action, changed = demo_row_upsert(
                model=Action,
                lookup={"line": line, "position": position},
                values={**_translated("title", titles), "start_date": start, "due_date": due},
            )
            changes += int(changed)
            responsible = (
                members
                if countries == MEMBERS
                else list(Country.objects.filter(iso_code__in=countries))
            )
            changes += _set(action.responsible_countries, responsible)
            changes += _set(
                action.partner_organizations,
                list(Organization.objects.filter(acronym__in=partners)),
            )
            changes += _set(
                action.gcm_objectives, list(GcmObjective.objects.filter(number__in=gcm))
            )
    changes += _shared_progress_load(roadmap)
    # Lines and actions the Secretariat adds to the example are theirs: never deleted here.
    return changes


def _shared_progress_load(roadmap: Roadmap) -> int:
    """Two countries' different example progress on the shared action, with the value each
    measured for its indicator; returns the rows changed."""
    line_position, action_position = SHARED_ACTION
    action = Action.objects.get(
        line__roadmap=roadmap, line__position=line_position, position=action_position
    )
    indicator, changed = demo_row_upsert(
        model=Indicator,
        lookup={"action": action, "position": 1},
        values=SHARED_INDICATOR,
    )
    changes = int(changed)
    for iso_code, date, percentage, value, narrative in SHARED_PROGRESS:
        update, changed = demo_row_upsert(
            model=ProgressUpdate,
            lookup={
                "action": action,
                "country": Country.objects.get(iso_code=iso_code),
                "date": date,
            },
            values={"percentage": percentage, "narrative": narrative},
        )
        changes += int(changed)
        _measurement, changed = demo_row_upsert(
            model=IndicatorMeasurement,
            lookup={"update": update, "indicator": indicator},
            values={"value": value},
        )
        changes += int(changed)
    return changes
