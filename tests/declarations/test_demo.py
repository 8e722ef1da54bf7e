import pytest
from django.core.management import call_command

from declarations.models import Declaration, DeclarationStatus, Paragraph

pytestmark = pytest.mark.django_db


def _snapshot():
    declarations = list(Declaration.objects.order_by("pk").values())
    paragraphs = list(Paragraph.objects.order_by("pk").values())
    history = Paragraph.history.count()
    workshops = list(Declaration.workshops.through.objects.order_by("pk").values())
    return declarations, paragraphs, history, workshops


def test_the_demo_loads_an_example_draft_from_the_first_workshop():
    call_command("load_demo")

    declaration = Declaration.objects.get()
    assert declaration.status == DeclarationStatus.DRAFT
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


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo")
    before = _snapshot()

    call_command("load_demo")

    assert _snapshot() == before


def test_it_restores_an_edited_example_paragraph_as_a_new_version():
    call_command("load_demo")
    paragraph = Paragraph.objects.get(position=3)
    original = paragraph.text_en
    paragraph.text_en = "Edited by hand"
    paragraph.save()

    call_command("load_demo")

    paragraph.refresh_from_db()
    assert paragraph.text_en == original
    assert paragraph.version == 2
