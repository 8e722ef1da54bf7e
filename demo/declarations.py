"""The example declarations of the first source workshop.

The workshop on the reintegration of returned migrants is meant to end in an RCM
declaration with a regional position on the follow-up to the Global Compact for Migration,
carried to the International Migration Review Forum. The source gives no text: this draft
is an example, says so in its title, and states nothing the source does not (no country's
position). It is under negotiation from the first load, so that the demo delegates propose
amendments at once; one proposal of another member country is already there.

The other example, a declaration already negotiated, adopted and published, is in
`adopted_declaration`."""

import datetime

from django.conf import settings
from django.utils import timezone

from declarations.models import (
    Amendment,
    AmendmentAction,
    AmendmentStatus,
    Declaration,
    DeclarationKind,
    DeclarationStatus,
    Paragraph,
    ParagraphKind,
)
from declarations.services import amendment_propose, declaration_transition
from workshops.models import RcmBody, Workshop

from .adopted_declaration import demo_adopted_declaration_load
from .delegates import demo_delegate
from .rows import demo_row_upsert

WORKSHOP = "reintegration-of-returned-migrants"
ADOPTING_BODY = "vice-ministerial"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

TITLE = {
    "en": "Example draft: RCM Declaration on the follow-up to the Global Compact for Migration",
    "es": "Borrador de ejemplo: Declaración de la CRM sobre el seguimiento del Pacto Mundial "
    "para la Migración",
    "fr": "Projet d'exemple : Déclaration de la CRM sur le suivi du Pacte mondial sur les "
    "migrations",
}

PARAGRAPHS = [
    (
        ParagraphKind.PREAMBULAR,
        {
            "en": "Recognizing the importance of dialogue among key stakeholders in the region "
            "to improve the national and regional articulation processes for the support of "
            "returned migrants,",
            "es": "Reconociendo la importancia del diálogo entre los actores clave de la región "
            "para mejorar los procesos de articulación nacional y regional para la atención a "
            "las personas migrantes retornadas,",
            "fr": "Reconnaissant l'importance du dialogue entre les principaux acteurs de la "
            "région pour améliorer les processus d'articulation nationaux et régionaux en "
            "faveur de l'accompagnement des migrants de retour,",
        },
    ),
    (
        ParagraphKind.PREAMBULAR,
        {
            "en": "Bearing in mind the existing commitments and standards at the global, "
            "regional and national levels on the sustainable reintegration of returned "
            "migrants into their society of origin or habitual residence,",
            "es": "Teniendo presentes los compromisos y estándares existentes en los ámbitos "
            "mundial, regional y nacional sobre la reintegración sostenible de las personas "
            "migrantes retornadas en su sociedad de origen o de residencia habitual,",
            "fr": "Ayant à l'esprit les engagements et les normes existants aux niveaux "
            "mondial, régional et national concernant la réintégration durable des migrants "
            "de retour dans leur société d'origine ou de résidence habituelle,",
        },
    ),
    (
        ParagraphKind.OPERATIVE,
        {
            "en": "Reaffirm the commitment of the member countries to the sustainable "
            "reintegration of returned migrants, through the development of a regional "
            "roadmap;",
            "es": "Reafirman el compromiso de los países miembros con la reintegración "
            "sostenible de las personas migrantes retornadas, mediante la elaboración de una "
            "hoja de ruta regional;",
            "fr": "Réaffirment l'engagement des pays membres en faveur de la réintégration "
            "durable des migrants de retour, par l'élaboration d'une feuille de route "
            "régionale ;",
        },
    ),
    (
        ParagraphKind.OPERATIVE,
        {
            "en": "Agree on a regional position on the follow-up to the Global Compact for "
            "Safe, Orderly and Regular Migration, which the Regional Conference on Migration "
            "will carry to the International Migration Review Forum;",
            "es": "Acuerdan una posición regional sobre el seguimiento del Pacto Mundial para "
            "una Migración Segura, Ordenada y Regular, que la Conferencia Regional sobre "
            "Migración llevará al Foro de Examen de la Migración Internacional;",
            "fr": "Conviennent d'une position régionale sur le suivi du Pacte mondial pour des "
            "migrations sûres, ordonnées et régulières, que la Conférence régionale sur les "
            "migrations portera au Forum d'examen des migrations internationales ;",
        },
    ),
    (
        ParagraphKind.OPERATIVE,
        {
            "en": "Instruct the Technical Secretariat to compile the conclusions of the "
            "workshop on the reintegration of returned migrants as input to this position.",
            "es": "Encomiendan a la Secretaría Técnica recopilar las conclusiones del taller "
            "sobre la reintegración de las personas migrantes retornadas como insumo para "
            "esta posición.",
            "fr": "Chargent le Secrétariat technique de compiler les conclusions de l'atelier "
            "sur la réintégration des migrants de retour comme contribution à cette position.",
        },
    ),
]

# The source gives no date: the meeting that closes the negotiation is set this long after
# the negotiation opens (the first load), and kept after.
NEGOTIATION_WEEKS = 6
MEETING = {
    "en": "Example: next Vice-Ministerial Meeting of the RCM, which closes the negotiation",
    "es": "Ejemplo: próxima Reunión Viceministerial de la CRM, que cierra la negociación",
    "fr": "Exemple : prochaine Réunion vice-ministérielle de la CRM, qui clôt la négociation",
}

# A proposal another member country made before the demo delegates arrive: (country,
# paragraph position, language, text, rationale).
PENDING_AMENDMENT = (
    "BZ",
    4,
    "en",
    "Agree on a regional position on the follow-up to the Global Compact for Safe, Orderly "
    "and Regular Migration, with the contributions of civil society, which the Regional "
    "Conference on Migration will carry to the International Migration Review Forum;",
    "The regional network of civil society organizations took part in the workshop and "
    "should be heard before the Forum.",
)


# A revision agreed in English after the first reading, whose Spanish and French texts are
# still to be updated: the example shows the note on an outdated translation, and the
# paragraph's two versions.
REVISED = {
    5: {
        "en": "Instruct the Technical Secretariat to compile the conclusions of the workshop "
        "on the reintegration of returned migrants, with the progress reported on the "
        "regional roadmap, as input to this position.",
    },
}


def _translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": text for language, text in texts.items()}


def demo_declaration_load() -> int:
    """Create or bring up to date the example declarations; returns the rows changed."""
    workshop = Workshop.objects.filter(slug=WORKSHOP).first()
    if workshop is None:
        return 0
    changes = demo_adopted_declaration_load()
    declaration, changed = demo_row_upsert(
        model=Declaration,
        lookup={"title_en": TITLE["en"]},
        values={
            "title_es": TITLE["es"],
            "title_fr": TITLE["fr"],
            "kind": DeclarationKind.DECLARATION,
            "body": RcmBody.objects.filter(code=ADOPTING_BODY).first(),
            "is_example": True,
        },
    )
    changes += int(changed)
    if not declaration.workshops.filter(pk=workshop.pk).exists():
        declaration.workshops.add(workshop)
        changes += 1
    changes += _paragraphs_load(declaration)
    changes += _negotiation_open(declaration)
    declaration.refresh_from_db()
    return changes + _pending_amendment_load(declaration)


def _paragraphs_load(declaration: Declaration) -> int:
    """The example's paragraphs, restored to its text until an amendment is accepted into
    it: from then on the text is the negotiation's."""
    if Amendment.objects.filter(
        paragraph__declaration=declaration,
        status__in=(AmendmentStatus.ACCEPTED, AmendmentStatus.MERGED),
    ).exists():
        return 0
    changes = 0
    for position, (kind, texts) in enumerate(PARAGRAPHS, start=1):
        paragraph = Paragraph.objects.filter(declaration=declaration, position=position).first()
        revised = REVISED.get(position, {})
        values = {"kind": kind, "deleted": False, **_translated("text", {**texts, **revised})}
        if paragraph is None:
            paragraph = Paragraph.objects.create(
                declaration=declaration,
                position=position,
                **{"kind": kind, "deleted": False, **_translated("text", texts)},
            )
            changes += 1
            if revised:
                for name, value in _translated("text", revised).items():
                    setattr(paragraph, name, value)
                paragraph.version += 1
                paragraph.save()
            _translations_as_shown(paragraph, revised)
            continue
        differs = [name for name, value in values.items() if getattr(paragraph, name) != value]
        if differs:
            for name in differs:
                setattr(paragraph, name, values[name])
            # Its text changed: a form opened on the old one can tell.
            paragraph.version += 1
            paragraph.save()
            changes += 1
        _translations_as_shown(paragraph, revised)
    return changes


def _translations_as_shown(paragraph: Paragraph, revised: dict[str, str]) -> None:
    """The languages a revision left behind are outdated; every other text is current
    (a restored text is the example's own, in every language)."""
    from translations.services import translation_mark_current, translation_mark_outdated

    behind = [code for code in LANGUAGE_CODES if revised and code not in revised]
    if behind:
        translation_mark_outdated(
            obj=paragraph, field="text", languages=behind, source_language=next(iter(revised))
        )
    for code in LANGUAGE_CODES:
        if code not in behind:
            translation_mark_current(obj=paragraph, field="text", language=code)


def _negotiation_open(declaration: Declaration) -> int:
    """Open the negotiation of a draft the workflow never moved, with the meeting that will
    close it some weeks from now. Once the Secretariat has moved it (even back to draft),
    its status is theirs."""
    if declaration.status != DeclarationStatus.DRAFT or declaration.status_changes.exists():
        return 0
    declaration.meeting_date = timezone.localdate() + datetime.timedelta(weeks=NEGOTIATION_WEEKS)
    for language, text in MEETING.items():
        setattr(declaration, f"meeting_{language}", text)
    declaration.save()
    declaration_transition(
        declaration=declaration,
        to_status=DeclarationStatus.UNDER_NEGOTIATION,
        by=None,
        comment="Example: the draft opened to the member countries' amendments.",
    )
    return 2


def _pending_amendment_load(declaration: Declaration) -> int:
    """Another member country's proposal, made once while the text is under negotiation
    (whatever the Secretariat decides on it later stays)."""
    iso_code, position, language, text, rationale = PENDING_AMENDMENT
    if declaration.status != DeclarationStatus.UNDER_NEGOTIATION:
        return 0
    if Amendment.objects.filter(
        paragraph__declaration=declaration, country__iso_code=iso_code
    ).exists():
        return 0
    paragraph = Paragraph.objects.filter(
        declaration=declaration, position=position, deleted=False
    ).first()
    if paragraph is None:
        return 0
    delegate, created = demo_delegate(iso_code)
    amendment_propose(
        paragraph=paragraph,
        by=delegate,
        action=AmendmentAction.CHANGE,
        language=language,
        text=text,
        rationale=rationale,
    )
    return 1 + int(created)
