import pytest

from declarations.models import DeclarationStatus, ParagraphKind
from members.models import UserRole
from tests.factories import DeclarationFactory, ParagraphFactory, UserFactory, country


@pytest.fixture
def delegate_co(db):
    """A delegate of Colombia, an observer country: it does not draft."""
    return UserFactory(
        email="delegate.co@example.org",
        full_name="Camila Observadora",
        country=country("CO"),
        role=UserRole.DELEGATE,
    )


def make_declaration(status=DeclarationStatus.UNDER_NEGOTIATION, **kwargs):
    """A declaration with two preambular and two operative paragraphs, in English, Spanish
    and French."""
    declaration = DeclarationFactory(
        title_en="Declaration on the reintegration of returned migrants",
        title_es="Declaración sobre la reintegración de personas migrantes retornadas",
        status=status,
        **kwargs,
    )
    texts = [
        (ParagraphKind.PREAMBULAR, "Recognizing the value of dialogue,", "Reconociendo el valor del diálogo,", "Reconnaissant la valeur du dialogue,"),
        (ParagraphKind.PREAMBULAR, "Bearing in mind existing commitments,", "Teniendo presentes los compromisos existentes,", "Ayant à l'esprit les engagements existants,"),
        (ParagraphKind.OPERATIVE, "Reaffirm the commitment to reintegration;", "Reafirman el compromiso con la reintegración;", "Réaffirment l'engagement en faveur de la réintégration ;"),
        (ParagraphKind.OPERATIVE, "Instruct the Secretariat to compile conclusions.", "Encomiendan a la Secretaría recopilar las conclusiones.", "Chargent le Secrétariat de compiler les conclusions."),
    ]  # fmt: skip
    for position, (kind, en, es, fr) in enumerate(texts, start=1):
        ParagraphFactory(
            declaration=declaration,
            kind=kind,
            position=position,
            text_en=en,
            text_es=es,
            text_fr=fr,
        )
    return declaration


@pytest.fixture
def negotiated(db):
    return make_declaration()
