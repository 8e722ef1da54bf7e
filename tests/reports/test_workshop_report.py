import pytest

from reports.models import Report, ReportState
from reports.services import report_request
from tests.factories import ObjectiveFactory, WorkshopFactory, gcm_objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(
        title_en="Search mechanisms for missing migrants",
        title_es="Mecanismos de búsqueda de personas migrantes desaparecidas",
        background_en="Families search for years.",
    )
    ObjectiveFactory(
        workshop=workshop,
        kind="general",
        number=1,
        text_en="That the authorities may learn about the search mechanisms in the region.",
        text_es="Que las autoridades conozcan los mecanismos de búsqueda de la región.",
    ).gcm_objectives.add(gcm_objective(8))
    for number in (1, 2, 3):
        ObjectiveFactory(
            workshop=workshop,
            number=number,
            text_en=f"Specific objective text number {number} on forensic identification.",
            text_es=f"Texto del objetivo específico número {number} sobre identificación forense.",
        )
    return workshop


def _render(workshop, language, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(source=workshop, kind="workshop", language=language)
    report.refresh_from_db()
    return report


def test_the_workshop_report_holds_the_title_and_every_objective(
    workshop, celery_eager, django_capture_on_commit_callbacks, read_pdf, norm
):
    report = _render(workshop, "en", django_capture_on_commit_callbacks)

    assert report.state == ReportState.READY, report.error
    pages = read_pdf(report.file.read())
    text = " ".join(pages)
    assert "Search mechanisms for missing migrants" in pages[0]
    assert "workshop report" in pages[0].lower()
    for objective in workshop.objectives.all():
        assert norm(objective.text_en) in text
    assert "Objective 8 (Save lives)" in text
    assert "Contents" in pages[1]


def test_the_report_has_a_cover_and_numbered_pages(
    workshop, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    report = _render(workshop, "en", django_capture_on_commit_callbacks)

    pages = read_pdf(report.file.read())
    total = len(pages)
    assert total == report.page_count >= 3
    assert "Page" not in pages[0]  # the cover carries no page number
    for number in range(2, total + 1):
        assert f"Page {number} of {total}" in pages[number - 1]


def test_the_spanish_report_is_in_spanish(
    workshop, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    report = _render(workshop, "es", django_capture_on_commit_callbacks)

    pages = read_pdf(report.file.read())
    text = " ".join(pages)
    assert "Mecanismos de búsqueda de personas migrantes desaparecidas" in pages[0]
    assert "informe del taller" in pages[0].lower()
    assert "Texto del objetivo específico número 3 sobre identificación forense." in text
    assert f"Página 2 de {len(pages)}" in pages[1]


def test_the_stored_file_matches_its_recorded_size_and_checksum(
    workshop, celery_eager, django_capture_on_commit_callbacks
):
    import hashlib

    report = _render(workshop, "en", django_capture_on_commit_callbacks)

    data = report.file.read()
    assert data.startswith(b"%PDF-")
    assert report.size == len(data)
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert report.finished_at >= report.started_at >= report.created_at


def test_unchanged_content_is_not_rendered_twice(
    workshop, celery_eager, django_capture_on_commit_callbacks
):
    first = _render(workshop, "en", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = report_request(source=workshop, kind="workshop", language="en")

    again.refresh_from_db()
    assert again.pk == first.pk
    assert callbacks == []
    assert again.attempts == 1
    assert Report.objects.count() == 1


def test_a_changed_objective_gives_a_new_report(
    workshop, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    first = _render(workshop, "en", django_capture_on_commit_callbacks)
    objective = workshop.objectives.get(kind="specific", number=2)
    objective.text_en = "A reworded second objective on repatriation of remains."
    objective.save()

    second = _render(workshop, "en", django_capture_on_commit_callbacks)

    assert second.pk != first.pk
    assert second.content_hash != first.content_hash
    assert "A reworded second objective on repatriation of remains." in " ".join(
        read_pdf(second.file.read())
    )
    assert Report.objects.filter(state=ReportState.READY).count() == 2


def test_each_language_is_a_report_of_its_own(
    workshop, celery_eager, django_capture_on_commit_callbacks
):
    english = _render(workshop, "en", django_capture_on_commit_callbacks)
    spanish = _render(workshop, "es", django_capture_on_commit_callbacks)

    assert english.pk != spanish.pk
    assert {english.language, spanish.language} == {"en", "es"}
