"""The example adopted declaration: a text negotiated from draft to publication.

The first source workshop, on the sustainable reintegration of returned migrants, is to end
in a regional roadmap. This example shows what the Vice-Ministerial Meeting would adopt to
commission it, and how it got there: the Secretariat's draft, six amendments of six member
countries (accepted, merged with edits, rejected, withdrawn), each decision's note, and the
adoption by every member country. Every step goes through the declarations' own services,
so that the status changes, the paragraphs' versions and the amendments are recorded as in
real use. The source gives no text, date or meeting: the title says it is an example.

The story is played once, when the declaration does not exist yet. An adopted text is never
reopened, so a later run leaves it as it is, with whatever the Secretariat did to it."""

import datetime

from django.conf import settings
from django.db import transaction

from declarations.models import (
    Amendment,
    AmendmentAction,
    Declaration,
    DeclarationKind,
    DeclarationStatus,
    Paragraph,
    ParagraphKind,
)
from declarations.services import (
    amendment_accept,
    amendment_merge,
    amendment_propose,
    amendment_reject,
    amendment_withdraw,
    declaration_adopt,
    declaration_transition,
)
from members.models import Country, CountryStatus
from workshops.models import RcmBody, Workshop

from .delegates import demo_delegate

WORKSHOP = "reintegration-of-returned-migrants"
ADOPTING_BODY = "vice-ministerial"
ADOPTED_ON = datetime.date(2026, 6, 18)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

TITLE = {
    "en": "Example: RCM Declaration on the sustainable reintegration of returned migrants",
    "es": "Ejemplo: Declaración de la CRM sobre la reintegración sostenible de las personas "
    "migrantes retornadas",
    "fr": "Exemple : Déclaration de la CRM sur la réintégration durable des migrants de retour",
}
MEETING = {
    "en": "Example: Vice-Ministerial Meeting of the Regional Conference on Migration",
    "es": "Ejemplo: Reunión Viceministerial de la Conferencia Regional sobre Migración",
    "fr": "Exemple : Réunion vice-ministérielle de la Conférence régionale sur les migrations",
}

# The Secretariat's draft, as the negotiation opened on it: (key, kind, texts).
DRAFT = [
    (
        "PP1",
        ParagraphKind.PREAMBULAR,
        {
            "en": "Recalling that the Regional Conference on Migration is a forum for dialogue "
            "and cooperation among its member countries on migration, with full respect for "
            "their national sovereignty,",
            "es": "Recordando que la Conferencia Regional sobre Migración es un foro de diálogo "
            "y cooperación entre sus países miembros en materia migratoria, con pleno respeto "
            "de su soberanía nacional,",
            "fr": "Rappelant que la Conférence régionale sur les migrations est un forum de "
            "dialogue et de coopération entre ses pays membres en matière de migrations, dans "
            "le plein respect de leur souveraineté nationale,",
        },
    ),
    (
        "PP2",
        ParagraphKind.PREAMBULAR,
        {
            "en": "Recognizing that the sustainable reintegration of returned migrants requires "
            "the articulation of national institutions, local governments, civil society and "
            "international organizations,",
            "es": "Reconociendo que la reintegración sostenible de las personas migrantes "
            "retornadas requiere la articulación de las instituciones nacionales, los gobiernos "
            "locales, la sociedad civil y los organismos internacionales,",
            "fr": "Reconnaissant que la réintégration durable des migrants de retour exige "
            "l'articulation des institutions nationales, des gouvernements locaux, de la "
            "société civile et des organisations internationales,",
        },
    ),
    (
        "PP3",
        ParagraphKind.PREAMBULAR,
        {
            "en": "Taking into account objective 21 of the Global Compact for Safe, Orderly and "
            "Regular Migration, on cooperation in facilitating safe and dignified return and "
            "readmission, as well as sustainable reintegration,",
            "es": "Tomando en cuenta el objetivo 21 del Pacto Mundial para una Migración Segura, "
            "Ordenada y Regular, relativo a la cooperación para facilitar el regreso y la "
            "readmisión en condiciones de seguridad y dignidad, así como la reintegración "
            "sostenible,",
            "fr": "Tenant compte de l'objectif 21 du Pacte mondial pour des migrations sûres, "
            "ordonnées et régulières, relatif à la coopération en vue de faciliter le retour "
            "et la réadmission en toute sécurité et dans la dignité, ainsi que la "
            "réintégration durable,",
        },
    ),
    (
        "OP1",
        ParagraphKind.OPERATIVE,
        {
            "en": "Commit to strengthening national mechanisms for the reception and support of "
            "returned migrants, with particular attention to children, women and persons in "
            "vulnerable situations;",
            "es": "Se comprometen a fortalecer los mecanismos nacionales de recepción y atención "
            "a las personas migrantes retornadas, con especial atención a la niñez, las mujeres "
            "y las personas en situación de vulnerabilidad;",
            "fr": "S'engagent à renforcer les mécanismes nationaux d'accueil et "
            "d'accompagnement des migrants de retour, en accordant une attention particulière "
            "aux enfants, aux femmes et aux personnes en situation de vulnérabilité ;",
        },
    ),
    (
        "OP2",
        ParagraphKind.OPERATIVE,
        {
            "en": "Promote the exchange of practices of economic, social and psychosocial "
            "reintegration among member countries, including the certification of the "
            "competencies acquired abroad;",
            "es": "Promueven el intercambio de prácticas de reintegración económica, social y "
            "psicosocial entre los países miembros, incluida la certificación de las "
            "competencias adquiridas en el exterior;",
            "fr": "Promeuvent l'échange de pratiques de réintégration économique, sociale et "
            "psychosociale entre les pays membres, y compris la certification des compétences "
            "acquises à l'étranger ;",
        },
    ),
    (
        "OP3",
        ParagraphKind.OPERATIVE,
        {
            "en": "Instruct the Technical Secretariat to prepare a regional roadmap for the "
            "sustainable reintegration of returned migrants, and to report on its progress at "
            "each meeting of the Regional Consultation Group on Migration;",
            "es": "Encomiendan a la Secretaría Técnica elaborar una hoja de ruta regional para "
            "la reintegración sostenible de las personas migrantes retornadas e informar sobre "
            "sus avances en cada reunión del Grupo Regional de Consulta sobre Migración;",
            "fr": "Chargent le Secrétariat technique d'élaborer une feuille de route régionale "
            "pour la réintégration durable des migrants de retour et de rendre compte de ses "
            "progrès à chaque réunion du Groupe régional de consultation sur les migrations ;",
        },
    ),
    (
        "OP4",
        ParagraphKind.OPERATIVE,
        {
            "en": "Express their gratitude to the Pro-Tempore Presidency for convening the "
            "meeting.",
            "es": "Expresan su agradecimiento a la Presidencia Pro Tempore por la convocatoria "
            "de la reunión.",
            "fr": "Expriment leur gratitude à la Présidence pro tempore pour la convocation de "
            "la réunion.",
        },
    ),
]

ACCEPT, MERGE, REJECT, WITHDRAW = "accept", "merge", "reject", "withdraw"

# Each amendment in the order it was proposed: who, on which paragraph, what, why, and what
# became of it. `translations` is the paragraph's new text in the other two languages, given
# by the Secretariat when it accepts, so that the three languages agree at adoption.
AMENDMENTS = [
    {
        "country": "CA",
        "paragraph": "PP2",
        "action": AmendmentAction.CHANGE,
        "language": "en",
        "text": "Recognizing that the sustainable reintegration of returned migrants requires "
        "the articulation of national institutions, local governments, the private sector, "
        "civil society and international organizations,",
        "rationale": "Employers and chambers of commerce offer most of the jobs on which "
        "economic reintegration depends.",
        "decision": ACCEPT,
        "note": "Accepted: no member country objected.",
        "translations": {
            "es": "Reconociendo que la reintegración sostenible de las personas migrantes "
            "retornadas requiere la articulación de las instituciones nacionales, los gobiernos "
            "locales, el sector privado, la sociedad civil y los organismos internacionales,",
            "fr": "Reconnaissant que la réintégration durable des migrants de retour exige "
            "l'articulation des institutions nationales, des gouvernements locaux, du secteur "
            "privé, de la société civile et des organisations internationales,",
        },
    },
    {
        "country": "HN",
        "paragraph": "OP1",
        "action": AmendmentAction.CHANGE,
        "language": "es",
        "text": "Se comprometen a fortalecer los mecanismos nacionales de recepción y atención "
        "a las personas migrantes retornadas, incluida la atención psicosocial, con especial "
        "atención a la niñez, las mujeres y las personas en situación de vulnerabilidad;",
        "rationale": "Los centros de atención al migrante retornado muestran que la atención "
        "psicosocial es la primera necesidad al llegar.",
        "decision": ACCEPT,
        "note": "Accepted at the second reading.",
        "translations": {
            "en": "Commit to strengthening national mechanisms for the reception and support "
            "of returned migrants, including psychosocial support, with particular attention "
            "to children, women and persons in vulnerable situations;",
            "fr": "S'engagent à renforcer les mécanismes nationaux d'accueil et "
            "d'accompagnement des migrants de retour, y compris l'accompagnement "
            "psychosocial, en accordant une attention particulière aux enfants, aux femmes et "
            "aux personnes en situation de vulnérabilité ;",
        },
    },
    {
        "country": "SV",
        "paragraph": "OP2",
        "action": AmendmentAction.DELETE,
        "language": "es",
        "text": "",
        "rationale": "El intercambio de prácticas ya figura en la hoja de ruta regional: el "
        "párrafo la duplica.",
        "decision": REJECT,
        "note": "Rejected: the member countries kept the paragraph, which states the "
        "commitment the roadmap carries out.",
    },
    {
        "country": "PA",
        "paragraph": "OP3",
        "action": AmendmentAction.CHANGE,
        "language": "es",
        "text": "Encomiendan a la Secretaría Técnica elaborar una hoja de ruta regional para "
        "la reintegración sostenible de las personas migrantes retornadas e informar sobre "
        "sus avances cada seis meses;",
        "rationale": "Un informe semestral permitiría un seguimiento más cercano.",
        "decision": WITHDRAW,
    },
    {
        "country": "MX",
        "paragraph": "OP3",
        "action": AmendmentAction.CHANGE,
        "language": "es",
        "text": "Encomiendan a la Secretaría Técnica elaborar una hoja de ruta regional para "
        "la reintegración sostenible de las personas migrantes retornadas, que indique los "
        "países responsables de cada acción, e informar sobre sus avances en cada reunión "
        "del Grupo Regional de Consulta sobre Migración;",
        "rationale": "Cada país debe saber qué acciones le corresponden y dar cuenta de ellas.",
        "decision": MERGE,
        "merged_text": "Encomiendan a la Secretaría Técnica elaborar una hoja de ruta regional "
        "para la reintegración sostenible de las personas migrantes retornadas, con los "
        "países responsables y los indicadores de cada acción, e informar sobre sus avances "
        "en cada reunión del Grupo Regional de Consulta sobre Migración;",
        "note": "Merged with the indicators of each action, at the request of several delegations.",
        "translations": {
            "en": "Instruct the Technical Secretariat to prepare a regional roadmap for the "
            "sustainable reintegration of returned migrants, with the responsible countries "
            "and the indicators of each action, and to report on its progress at each meeting "
            "of the Regional Consultation Group on Migration;",
            "fr": "Chargent le Secrétariat technique d'élaborer une feuille de route régionale "
            "pour la réintégration durable des migrants de retour, avec les pays responsables "
            "et les indicateurs de chaque action, et de rendre compte de ses progrès à chaque "
            "réunion du Groupe régional de consultation sur les migrations ;",
        },
    },
    {
        "country": "CR",
        "paragraph": "OP3",
        "action": AmendmentAction.INSERT_AFTER,
        "language": "es",
        "text": "Invitan a los organismos internacionales y a la sociedad civil a acompañar la "
        "ejecución de la hoja de ruta regional;",
        "rationale": "La OIM, el ACNUR y la sociedad civil ya acompañan la reintegración en "
        "la región.",
        "decision": ACCEPT,
        "note": "Accepted: a new operative paragraph after the third.",
        "translations": {
            "en": "Invite international organizations and civil society to support the "
            "implementation of the regional roadmap;",
            "fr": "Invitent les organisations internationales et la société civile à "
            "accompagner la mise en œuvre de la feuille de route régionale ;",
        },
    },
]


def _translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": text for language, text in texts.items()}


def _decide(amendment: Amendment, spec: dict, delegate) -> None:
    decision = spec["decision"]
    if decision == ACCEPT:
        amendment_accept(
            amendment=amendment, by=None, note=spec["note"], translations=spec["translations"]
        )
    elif decision == MERGE:
        amendment_merge(
            amendment=amendment,
            by=None,
            text=spec["merged_text"],
            note=spec["note"],
            translations=spec["translations"],
        )
    elif decision == REJECT:
        amendment_reject(amendment=amendment, by=None, note=spec["note"])
    else:
        amendment_withdraw(amendment=amendment, by=delegate)


@transaction.atomic
def demo_adopted_declaration_load() -> int:
    """Play the example declaration's negotiation and adoption once; returns the rows
    changed (0 once it exists)."""
    workshop = Workshop.objects.filter(slug=WORKSHOP).first()
    if workshop is None or Declaration.objects.filter(title_en=TITLE["en"]).exists():
        return 0
    declaration = Declaration(
        **_translated("title", TITLE),
        **_translated("meeting", MEETING),
        kind=DeclarationKind.DECLARATION,
        body=RcmBody.objects.filter(code=ADOPTING_BODY).first(),
        meeting_date=ADOPTED_ON,
        is_example=True,
    )
    declaration.full_clean()
    declaration.save()
    declaration.workshops.add(workshop)
    changes = 2
    paragraphs = {}
    for position, (key, kind, texts) in enumerate(DRAFT, start=1):
        paragraphs[key] = Paragraph.objects.create(
            declaration=declaration, position=position, kind=kind, **_translated("text", texts)
        )
        changes += 1

    declaration_transition(
        declaration=declaration,
        to_status=DeclarationStatus.UNDER_NEGOTIATION,
        by=None,
        comment="Example: the Drafting Committee's text opened to the member countries.",
    )
    changes += 1
    # All proposed before any decision, as in a negotiation round.
    proposed = []
    for spec in AMENDMENTS:
        delegate, created = demo_delegate(spec["country"])
        amendment = amendment_propose(
            paragraph=paragraphs[spec["paragraph"]],
            by=delegate,
            action=spec["action"],
            language=spec["language"],
            text=spec["text"],
            rationale=spec["rationale"],
        )
        proposed.append((amendment, spec, delegate))
        changes += 1 + int(created)
    for amendment, spec, delegate in proposed:
        _decide(amendment, spec, delegate)

    declaration_adopt(
        declaration=declaration,
        by=None,
        adopted_on=ADOPTED_ON,
        countries=Country.objects.filter(status=CountryStatus.MEMBER),
        comment="Example: adopted by consensus of the member countries.",
    )
    declaration_transition(
        declaration=declaration,
        to_status=DeclarationStatus.PUBLISHED,
        by=None,
        comment="Example: published on the portal.",
    )
    return changes + 2
