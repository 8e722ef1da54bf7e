import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from declarations.models import Declaration, DeclarationStatus, Paragraph
from tests.logins import login
from translations.models import OutdatedTranslation
from translations.selectors import outdated_languages

pytestmark = pytest.mark.django_db


def _example_draft() -> Declaration:
    """The example still being negotiated (the demo also has an adopted one)."""
    return Declaration.objects.get(title_en__startswith="Example draft:")


def _paragraph(position: int) -> Paragraph:
    return _example_draft().paragraphs.get(position=position)


def _snapshot():
    declarations = list(Declaration.objects.order_by("pk").values())
    paragraphs = list(Paragraph.objects.order_by("pk").values())
    history = Paragraph.history.count()
    workshops = list(Declaration.workshops.through.objects.order_by("pk").values())
    outdated = list(OutdatedTranslation.objects.order_by("pk").values())
    return declarations, paragraphs, history, workshops, outdated


def test_the_demo_loads_an_example_draft_under_negotiation_from_the_first_workshop(demo):
    declaration = _example_draft()
    assert declaration.is_example
    assert declaration.status == DeclarationStatus.UNDER_NEGOTIATION
    assert declaration.title_en.startswith("Example draft:")
    assert declaration.title_es.startswith("Borrador de ejemplo:")
    assert declaration.title_fr.startswith("Projet d'exemple")
    assert list(declaration.workshops.values_list("slug", flat=True)) == [
        "reintegration-of-returned-migrants"
    ]
    paragraphs = declaration.paragraphs.order_by("position")
    assert [p.kind for p in paragraphs].count("preambular") == 2
    assert [p.kind for p in paragraphs].count("operative") == 3
    for paragraph in paragraphs:
        assert paragraph.text_en and paragraph.text_es and paragraph.text_fr
    assert "International Migration Review Forum" in " ".join(p.text_en for p in paragraphs)


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _snapshot()

    call_command("load_demo")

    assert _snapshot() == before


def test_it_restores_an_edited_example_paragraph_as_a_new_version(demo):
    paragraph = _paragraph(3)
    original = paragraph.text_en
    paragraph.text_en = "Edited by hand"
    paragraph.save()

    call_command("load_demo")

    paragraph.refresh_from_db()
    assert paragraph.text_en == original
    assert paragraph.version == 2


@pytest.mark.parametrize(
    "language, note",
    [
        ("es", "Esta traducción puede ser anterior al texto en inglés."),
        ("fr", "Cette traduction est peut-être antérieure au texte en anglais."),
    ],
)
def test_the_example_has_a_paragraph_whose_translations_are_outdated(
    client, secretariat, language, note, demo
):
    declaration = _example_draft()
    revised = declaration.paragraphs.get(position=5)
    assert outdated_languages(revised) == {"text": {"es", "fr"}}
    assert revised.version == 2
    others = declaration.paragraphs.exclude(pk=revised.pk)
    assert not any(outdated_languages(p) for p in others)
    login(client, secretariat)

    with translation.override(language):
        page = client.get(reverse("declarations:detail", args=[declaration.pk]))
        versions = client.get(reverse("declarations:paragraph_history", args=[revised.pk]))

    assert page.content.decode().count(note) == 1
    assert "progress reported on the regional roadmap" in versions.content.decode()


def test_loading_the_demo_again_keeps_the_outdated_note_and_restores_the_rest(demo):
    paragraph = _paragraph(3)
    paragraph.text_en = "Edited by hand"
    paragraph.save()
    assert outdated_languages(paragraph) == {"text": {"es", "fr"}}

    call_command("load_demo")

    assert outdated_languages(_paragraph(3)) == {}
    assert outdated_languages(_paragraph(5)) == {"text": {"es", "fr"}}
