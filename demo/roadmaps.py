"""The example roadmap of the first source workshop.

The workshop on the sustainable reintegration of returned migrants aims at "the
development of a roadmap in the region" (its general objective; the source gives it no
specific objectives). The example below is drawn from that objective's three parts:
national and regional articulation of support, sustainable reintegration, and the
follow-up to the Global Compact for Migration. It is marked as an example. The first load
adopts it and sets it in progress through the roadmaps' workflow, so that it is public and
the demo delegates report progress at once; once the Secretariat has moved it, its status
is theirs.

Eight member countries have reported example progress, each update filed through the
roadmaps' service by a delegate of its country and saying that it is an example: on the
action four countries share, Mexico, Guatemala and Honduras report different figures and
El Salvador nothing yet, to show how each country's own figure and the action's mean are
told apart; one action has no report at all. The roadmap progress report is then asked
for in each language through the reports' service: the worker renders it, and asking again
for unchanged content adds nothing.
"""

import datetime
from decimal import Decimal

from django.conf import settings

from members.models import Country, CountryStatus, Organization
from objectives.models import GcmObjective
from reports.models import ReportKind
from reports.services import report_of_snapshot, report_order, report_snapshot
from roadmaps.models import (
    REPORTING_STATUSES,
    Action,
    Indicator,
    LineOfAction,
    ProgressUpdate,
    Roadmap,
    RoadmapStatus,
)
from roadmaps.services import progress_update_file, roadmap_transition
from workshops.models import Workshop

from .delegates import demo_delegate
from .rows import demo_row_upsert

WORKSHOP_SLUG = "reintegration-of-returned-migrants"
ROADMAP_SLUG = "example-draft-roadmap-reintegration-of-returned-migrants"
MEMBERS = "members"  # every member country

ROADMAP = {
    "title_en": "Example: Regional roadmap for the sustainable reintegration of returned migrants",
    "title_es": "Ejemplo: Hoja de ruta regional para la reintegración sostenible de las "
    "personas migrantes retornadas",
    "title_fr": "Exemple : Feuille de route régionale pour la réintégration durable des "
    "personnes migrantes de retour",
    "description_en": "An example drawn from the general objective of the regional dialogue "
    "on the sustainable reintegration of returned migrants, which is to end in a roadmap for "
    "the region. Its responsible countries, due dates, indicators and the progress reported "
    "are examples, not records of the RCM.",
    "description_es": "Un ejemplo elaborado a partir del objetivo general del diálogo regional "
    "sobre la reintegración sostenible de las personas migrantes retornadas, que debe concluir "
    "en una hoja de ruta para la región. Sus países responsables, fechas límite, indicadores y "
    "avances informados son ejemplos, no registros de la CRM.",
    "description_fr": "Un exemple élaboré à partir de l'objectif général du dialogue régional "
    "sur la réintégration durable des personnes migrantes de retour, qui doit aboutir à une "
    "feuille de route pour la région. Ses pays responsables, échéances, indicateurs et progrès "
    "rapportés sont des exemples, non des documents de la CRM.",
    "period_start": datetime.date(2026, 1, 1),
    "period_end": datetime.date(2027, 12, 31),
    "is_example": True,
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


# The indicators of the actions, by (line, action) position: each country measures its own
# value against the baseline and target.
INDICATORS = {
    (1, 1): {
        "name_en": "Institutions and services for returned migrants mapped",
        "name_es": "Instituciones y servicios de atención a personas migrantes retornadas mapeados",
        "name_fr": "Institutions et services d'accompagnement des migrants de retour cartographiés",
        "unit_en": "institutions",
        "unit_es": "instituciones",
        "unit_fr": "institutions",
        "baseline": 0,
        "target": 20,
    },
    # The shared action.
    (1, 2): {
        "name_en": "Bilateral referral protocols signed",
        "name_es": "Protocolos bilaterales de referencia firmados",
        "name_fr": "Protocoles bilatéraux d'orientation signés",
        "unit_en": "protocols",
        "unit_es": "protocolos",
        "unit_fr": "protocoles",
        "baseline": 0,
        "target": 3,
    },
    (2, 1): {
        "name_en": "Reintegration practices shared in the regional catalogue",
        "name_es": "Prácticas de reintegración compartidas en el catálogo regional",
        "name_fr": "Pratiques de réintégration partagées dans le catalogue régional",
        "unit_en": "practices",
        "unit_es": "prácticas",
        "unit_fr": "pratiques",
        "baseline": 0,
        "target": 2,
    },
    # The action nobody has reported on yet.
    (2, 2): {
        "name_en": "Common indicators of sustainable reintegration agreed",
        "name_es": "Indicadores comunes de reintegración sostenible acordados",
        "name_fr": "Indicateurs communs de réintégration durable convenus",
        "unit_en": "indicators",
        "unit_es": "indicadores",
        "unit_fr": "indicateurs",
        "baseline": 0,
        "target": 10,
    },
}

EXAMPLE = "Example update, not from the source documents: "
# ((line, action), country, date, percentage, value of the action's indicator or None,
# narrative). Mexico's and Guatemala's updates on the shared action were the first example.
PROGRESS = [
    (
        (1, 1),
        "CR",
        datetime.date(2026, 7, 31),
        100,
        24,
        EXAMPLE + "the national directory of 24 institutions and services is published.",
    ),
    (
        (1, 1),
        "PA",
        datetime.date(2026, 8, 14),
        60,
        12,
        EXAMPLE + "12 institutions mapped; the provinces of the west remain.",
    ),
    (
        (1, 1),
        "MX",
        datetime.date(2026, 8, 28),
        75,
        18,
        EXAMPLE + "18 institutions mapped with the states of the northern border.",
    ),
    (
        (1, 1),
        "DO",
        datetime.date(2026, 9, 30),
        50,
        9,
        EXAMPLE + "9 institutions mapped; the survey of local governments is under way.",
    ),
    (
        (1, 2),
        "MX",
        datetime.date(2026, 9, 15),
        40,
        1,
        EXAMPLE + "the referral protocol with Guatemala is signed and the one with Honduras "
        "is under negotiation.",
    ),
    (
        (1, 2),
        "GT",
        datetime.date(2026, 10, 1),
        10,
        0,
        EXAMPLE + "the national focal point for referrals is designated.",
    ),
    (
        (1, 2),
        "HN",
        datetime.date(2026, 10, 20),
        25,
        1,
        EXAMPLE + "the referral protocol with El Salvador is signed.",
    ),
    (
        (2, 1),
        "CA",
        datetime.date(2026, 6, 30),
        30,
        1,
        EXAMPLE + "one practice of labour reintegration submitted to the regional catalogue.",
    ),
    (
        (2, 1),
        "MX",
        datetime.date(2026, 10, 15),
        50,
        1,
        EXAMPLE + "one practice of psychosocial support submitted to the regional catalogue.",
    ),
    (
        (3, 1),
        "US",
        datetime.date(2026, 10, 30),
        20,
        None,
        EXAMPLE + "comments sent on the draft declaration under negotiation.",
    ),
]

REPORT_LANGUAGES = [code for code, _name in settings.LANGUAGES]


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
    # Created as a draft, then adopted through the workflow (below).
    roadmap, changed = demo_row_upsert(model=Roadmap, lookup={"slug": ROADMAP_SLUG}, values=ROADMAP)
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
            if (line_position, position) in INDICATORS:
                _indicator, changed = demo_row_upsert(
                    model=Indicator,
                    lookup={"action": action, "position": 1},
                    values=INDICATORS[(line_position, position)],
                )
                changes += int(changed)
    # Lines and actions the Secretariat adds to the example are theirs: never deleted here.
    changes += _adoption(roadmap)
    roadmap.refresh_from_db()
    changes += _progress_load(roadmap)
    return changes + _reports_request(roadmap)


def _adoption(roadmap: Roadmap) -> int:
    """Adopt the example and set it in progress, when the workflow never moved it: the
    Secretariat's later steps (back to draft, closed) are theirs and stay."""
    if roadmap.status != RoadmapStatus.DRAFT or roadmap.status_changes.exists():
        return 0
    roadmap_transition(
        roadmap=roadmap,
        to_status=RoadmapStatus.ADOPTED,
        by=None,
        note="Example: adopted with the example declaration on reintegration.",
    )
    roadmap_transition(
        roadmap=roadmap,
        to_status=RoadmapStatus.IN_PROGRESS,
        by=None,
        note="Example: the member countries report their progress.",
    )
    return 2


def _progress_load(roadmap: Roadmap) -> int:
    """The countries' example updates, each filed once by a delegate of its country while
    the roadmap takes updates; returns the rows changed."""
    if roadmap.status not in REPORTING_STATUSES:
        return 0
    changes = 0
    for (line_position, position), iso_code, date, percentage, value, narrative in PROGRESS:
        action = (
            Action.objects.select_related("line__roadmap")
            .filter(line__roadmap=roadmap, line__position=line_position, position=position)
            .first()
        )
        if (
            action is None
            or ProgressUpdate.objects.filter(
                action=action, country__iso_code=iso_code, date=date
            ).exists()
        ):
            continue
        if not action.responsible_countries.filter(iso_code=iso_code).exists():
            # The Secretariat took the country off the action: its example is not filed.
            continue
        delegate, created = demo_delegate(iso_code)
        changes += int(created)
        indicator = action.indicators.filter(position=1).first()
        measured = [(indicator, Decimal(value))] if indicator and value is not None else []
        progress_update_file(
            action=action,
            by=delegate,
            date=date,
            percentage=percentage,
            narrative=narrative,
            measurements=measured,
        )
        changes += 1 + len(measured)
    return changes


def _reports_request(roadmap: Roadmap) -> int:
    """Ask for the roadmap progress report in each language, as a visitor's download
    would: the worker renders them. Content already asked for adds nothing."""
    if not roadmap.is_public:
        return 0
    changes = 0
    for language in REPORT_LANGUAGES:
        snapshot = report_snapshot(source=roadmap, kind=ReportKind.ROADMAP, language=language)
        if report_of_snapshot(source=roadmap, snapshot=snapshot) is None:
            report_order(source=roadmap, snapshot=snapshot)
            changes += 1
    return changes
