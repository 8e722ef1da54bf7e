import datetime

import pytest

from declarations.models import ParagraphKind
from declarations.services import declaration_adopt
from reports.models import ReportState
from reports.services import report_request
from tests.factories import DeclarationFactory, ParagraphFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration():
    declaration = DeclarationFactory(
        title_en="San José Declaration on the reintegration of returned migrants",
        title_es="Declaración de San José sobre la reintegración de personas migrantes retornadas",
        meeting_en="Vice-Ministerial Meeting",
        meeting_es="Reunión Viceministerial",
        status="under_negotiation",
    )
    texts = [
        (ParagraphKind.PREAMBULAR, "Recognizing the value of regional dialogue,", "Reconociendo el valor del diálogo regional,"),
        (ParagraphKind.OPERATIVE, "Reaffirm the commitment to sustainable reintegration;", "Reafirman el compromiso con la reintegración sostenible;"),
        (ParagraphKind.OPERATIVE, "Instruct the Secretariat to compile the conclusions.", "Encomiendan a la Secretaría recopilar las conclusiones."),
    ]  # fmt: skip
    for position, (kind, en, es) in enumerate(texts, start=1):
        ParagraphFactory(
            declaration=declaration, kind=kind, position=position, text_en=en, text_es=es
        )
    declaration_adopt(
        declaration=declaration,
        by=None,
        adopted_on=datetime.date(2024, 6, 20),
        countries=[country("MX"), country("GT"), country("PA")],
    )
    declaration.refresh_from_db()
    return declaration


def _render(declaration, language, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(source=declaration, kind="declaration", language=language)
    report.refresh_from_db()
    return report


def test_the_english_pdf_holds_title_numbered_paragraphs_and_countries(
    declaration, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    report = _render(declaration, "en", django_capture_on_commit_callbacks)

    assert report.state == ReportState.READY, report.error
    pages = read_pdf(report.file.read())
    text = " ".join(pages)
    assert "San José Declaration on the reintegration of returned migrants" in pages[0]
    assert "Vice-Ministerial Meeting" in pages[0]
    assert "June 20, 2024" in pages[0]
    assert "1. Recognizing the value of regional dialogue," in text
    assert "1. Reaffirm the commitment to sustainable reintegration;" in text
    assert "2. Instruct the Secretariat to compile the conclusions." in text
    assert "Adopting countries" in text
    for name in ("Guatemala", "Mexico", "Panama"):
        assert name in text


def test_the_spanish_pdf_is_in_spanish(
    declaration, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    report = _render(declaration, "es", django_capture_on_commit_callbacks)

    assert report.state == ReportState.READY, report.error
    pages = read_pdf(report.file.read())
    text = " ".join(pages)
    assert "Declaración de San José sobre la reintegración" in pages[0]
    assert "Reunión Viceministerial" in pages[0]
    assert "1. Reconociendo el valor del diálogo regional," in text
    assert "1. Reafirman el compromiso con la reintegración sostenible;" in text
    assert "2. Encomiendan a la Secretaría recopilar las conclusiones." in text
    for name in ("Guatemala", "México", "Panamá"):
        assert name in text


def test_the_download_button_asks_for_the_pdf_in_the_pages_language(client, declaration):
    response = client.post(f"/es/reports/request/declaration/{declaration.pk}/")

    assert response.status_code == 302
    from reports.models import Report

    report = Report.objects.get()
    assert report.language == "es"
    assert report.title.startswith("Declaración de San José")
