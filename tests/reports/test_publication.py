"""The Secretariat publishes a call's compilation as its workshop's outcome document: asked
for in the administration, rendered in the worker in every language, and kept as
published whatever happens to the practices afterwards."""

import datetime
import hashlib
import html as html_text
import zoneinfo

import feedparser
import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from outbox.models import OutboxMessage, OutboxState
from outbox.registry import handler_of
from outbox.services import outbox_deliver
from practices.models import PracticeStatus
from reports.models import CompilationPublication, Report, ReportState
from tests.factories import PracticeCallFactory, PracticeFactory, UserFactory, country
from tests.logins import login, login_with_second_factor
from workshops.models import DocumentKind, OutcomeDocument

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/practices/practicecall/"
ACTION = "publish_compilation"
MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")

TITLES = {
    "en": "Somos Mexicanos reception programme",
    "es": "Programa de recepción Somos Mexicanos",
    "fr": "Programme d'accueil Somos Mexicanos",
}
CALL_TITLES = {
    "en": "Compilation of initiatives: Call on reintegration",
    "es": "Compilación de iniciativas: Convocatoria sobre reintegración",
    "fr": "Compilation des initiatives\u00a0: Appel sur la réintégration",
}


@pytest.fixture
def call():
    call = PracticeCallFactory(
        title_en="Call on reintegration",
        title_es="Convocatoria sobre reintegración",
        title_fr="Appel sur la réintégration",
        workshop__slug="reintegration",
        workshop__title_en="Reintegration of returned migrants",
    )
    PracticeFactory(
        call=call,
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=2),
        title_en=TITLES["en"],
        title_es=TITLES["es"],
        title_fr=TITLES["fr"],
    )
    PracticeFactory(
        call=call,
        country=country("GT"),
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=1),
        title_en="Guatemalan return centre",
    )
    PracticeFactory(call=call, title_en="A draft nobody may read yet")
    return call


@pytest.fixture
def officer_client(client, secretariat):
    login_with_second_factor(client, secretariat)
    return client


def _publish(client, call, django_capture_on_commit_callbacks):
    """The action, as the officer takes it on the list of calls; the worker's part runs
    when the request's transaction commits (Celery eager)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": ACTION, "_selected_action": [call.pk]}, follow=True
        )
    return response


def _bytes(field) -> bytes:
    with field.open("rb") as stored:
        return stored.read()


def _sha256(field) -> str:
    return hashlib.sha256(_bytes(field)).hexdigest()


def _on_demand_pdf(client, call, django_capture_on_commit_callbacks) -> bytes:
    """The "Download PDF" of the call, as a visitor asks for it."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:compile_initiatives"), {"call": call.pk})
    report = Report.objects.get(pk=resolve(response.url).kwargs["pk"])
    assert report.state == ReportState.READY, report.error
    return _bytes(report.file)


def test_publishing_makes_one_document_with_a_pdf_in_each_language(
    officer_client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf, norm
):
    response = _publish(officer_client, call, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert (
        "The compilation is being prepared; it will appear among the workshop's documents "
        "when ready." in html_text.unescape(response.content.decode())
    )
    document = OutcomeDocument.objects.get()
    assert document.workshop == call.workshop
    assert document.kind == DocumentKind.COMPILED_REPORT
    assert document.published and document.published_at is not None
    assert set(document.files_by_language()) == {"en", "es", "fr"}
    for language in ("en", "es", "fr"):
        assert getattr(document, f"title_{language}") == CALL_TITLES[language]
        pages = read_pdf(_bytes(getattr(document, f"file_{language}")))
        text = " ".join(pages)
        assert norm(CALL_TITLES[language]) in pages[0]
        assert f"2. {TITLES[language]}" in text
        assert "A draft nobody may read yet" not in text
        with translation.override(language):
            compiled = gettext("Compiled on %(date)s") % {
                "date": date_format(timezone.localdate(), "DATE_FORMAT")
            }
        assert norm(compiled) in norm(pages[0])
    publication = CompilationPublication.objects.get()
    assert publication.document == document
    assert publication.requested_by.email == "officer@example.org"
    assert publication.published_at == document.published_at


def test_the_published_pdfs_stay_as_published_while_the_on_demand_compilation_changes(
    client, officer_client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    before = _on_demand_pdf(client, call, django_capture_on_commit_callbacks)
    _publish(officer_client, call, django_capture_on_commit_callbacks)
    document = OutcomeDocument.objects.get()
    published = {code: _sha256(file) for code, file in document.files_by_language().items()}
    # The English PDF a visitor had already asked for was copied, not rendered again.
    assert published["en"] == hashlib.sha256(before).hexdigest()

    practice = call.practices.get(title_en=TITLES["en"])
    practice.title_en = "Somos Mexicanos, second phase"
    practice.save()
    withdrawn = call.practices.get(title_en="Guatemalan return centre")
    withdrawn.status = PracticeStatus.WITHDRAWN
    withdrawn.save()

    document.refresh_from_db()
    assert {code: _sha256(file) for code, file in document.files_by_language().items()} == (
        published
    )
    frozen = " ".join(read_pdf(_bytes(document.file_en)))
    assert TITLES["en"] in frozen and "Guatemalan return centre" in frozen
    after = _on_demand_pdf(client, call, django_capture_on_commit_callbacks)
    assert hashlib.sha256(after).hexdigest() != hashlib.sha256(before).hexdigest()
    on_demand = " ".join(read_pdf(after))
    assert "Somos Mexicanos, second phase" in on_demand
    assert "Guatemalan return centre" not in on_demand


@pytest.mark.parametrize(
    ("language", "edition", "heading"),
    [
        ("en", "Edition of March 3, 2026", "Outcome documents"),
        ("es", "Edición del 3 de marzo de 2026", "Documentos de resultados"),
        ("fr", "Édition du 3 mars 2026", "Documents finaux"),
    ],
)
def test_the_workshop_page_lists_the_document_with_its_edition_date(
    client,
    officer_client,
    call,
    celery_eager,
    django_capture_on_commit_callbacks,
    language,
    edition,
    heading,
    norm,
):
    _publish(officer_client, call, django_capture_on_commit_callbacks)
    OutcomeDocument.objects.update(
        published_at=datetime.datetime(2026, 3, 3, 10, 0, tzinfo=MEXICO_CITY)
    )
    client.logout()

    html = norm(client.get(f"/{language}/workshops/reintegration/").content.decode())

    assert heading in html
    assert f'hreflang="{language}">{norm(CALL_TITLES[language])}</a>' in html
    assert edition in html


def test_publishing_again_makes_a_new_edition_and_marks_the_first_superseded(
    client, officer_client, call, celery_eager, django_capture_on_commit_callbacks, norm
):
    _publish(officer_client, call, django_capture_on_commit_callbacks)
    first = OutcomeDocument.objects.get()
    OutcomeDocument.objects.update(
        published_at=datetime.datetime(2026, 3, 3, 10, 0, tzinfo=MEXICO_CITY)
    )
    first_pdf = _sha256(first.file_en)
    PracticeFactory(
        call=call,
        country=country("HN"),
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
        title_en="Honduran consular desk",
    )

    _publish(officer_client, call, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    second = OutcomeDocument.objects.exclude(pk=first.pk).get()
    assert first.published and second.published
    assert _sha256(first.file_en) == first_pdf
    assert _sha256(second.file_en) != first_pdf
    OutcomeDocument.objects.filter(pk=second.pk).update(
        published_at=datetime.datetime(2026, 11, 20, 9, 0, tzinfo=MEXICO_CITY)
    )
    edition = "Nov. 20, 2026"
    client.logout()
    html = norm(client.get("/en/workshops/reintegration/").content.decode())
    # Both editions listed, each with its date; the first points to the one in force.
    assert html.count(f">{CALL_TITLES['en']}</a>") == 2
    assert "Edition of March 3, 2026" in html
    assert f"Edition of {edition}" in html
    assert f'<a href="#document-{second.pk}">Superseded by the edition of {edition}</a>' in html
    assert html.count("Superseded by the edition of") == 1
    assert f'id="document-{first.pk}"' in html and f'id="document-{second.pk}"' in html

    home = norm(client.get("/en/").content.decode())
    assert (
        f'<a href="/en/workshops/reintegration/#document-{second.pk}">'
        f"Superseded by the edition of {edition}</a>" in home
    )
    assert home.count("Superseded by the edition of") == 1

    html_es = norm(client.get("/es/workshops/reintegration/").content.decode())
    assert "Edición del 3 de marzo de 2026" in html_es
    assert "Sustituido por la edición del" in html_es

    feed = feedparser.parse(client.get("/en/workshops/documents/feed/").content)
    summaries = {entry.id.rsplit("#", 1)[1]: entry.summary for entry in feed.entries}
    assert summaries[f"document-{first.pk}"] == (
        "Compiled report of the workshop “Reintegration of returned migrants”. "
        f"Edition of March 3, 2026. Superseded by the edition of {edition}."
    )
    assert summaries[f"document-{second.pk}"] == (
        "Compiled report of the workshop “Reintegration of returned migrants”. "
        f"Edition of {edition}."
    )


def test_an_edition_withdrawn_by_the_staff_gives_the_earlier_one_back_its_place(
    client, officer_client, call, celery_eager, django_capture_on_commit_callbacks
):
    _publish(officer_client, call, django_capture_on_commit_callbacks)
    _publish(officer_client, call, django_capture_on_commit_callbacks)
    first, second = OutcomeDocument.objects.order_by("pk")
    second.published = False
    second.save()
    client.logout()

    html = client.get("/en/workshops/reintegration/").content.decode()

    assert f'id="document-{first.pk}"' in html
    assert f'id="document-{second.pk}"' not in html
    assert "Superseded by the edition of" not in html


def test_a_second_click_while_the_first_is_prepared_asks_for_no_second_edition(
    officer_client, call, django_capture_on_commit_callbacks
):
    # No worker: the first request waits in the outbox.
    with django_capture_on_commit_callbacks(execute=False):
        officer_client.post(CHANGELIST, {"action": ACTION, "_selected_action": [call.pk]})
    response = officer_client.post(
        CHANGELIST, {"action": ACTION, "_selected_action": [call.pk]}, follow=True
    )

    assert "1 compilation was already being prepared" in response.content.decode()
    assert CompilationPublication.objects.count() == 1
    assert OutboxMessage.objects.filter(handler="reports.publish_compilation").count() == 1
    assert not OutcomeDocument.objects.exists()


def test_the_handler_delivered_twice_publishes_one_document(
    officer_client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        officer_client.post(CHANGELIST, {"action": ACTION, "_selected_action": [call.pk]})
    message = OutboxMessage.objects.get(handler="reports.publish_compilation")

    assert outbox_deliver(message_id=message.pk) == OutboxState.DONE
    # The broker hands the same work over again, and the handler runs again.
    assert outbox_deliver(message_id=message.pk) is None
    handler_of(message.handler)(**message.arguments)

    assert OutcomeDocument.objects.count() == 1
    assert CompilationPublication.objects.get().document == OutcomeDocument.objects.get()


def test_a_render_that_fails_publishes_nothing_until_the_outbox_tries_again(
    officer_client, call, django_capture_on_commit_callbacks, monkeypatch, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        officer_client.post(CHANGELIST, {"action": ACTION, "_selected_action": [call.pk]})
    import weasyprint

    message = OutboxMessage.objects.get(handler="reports.publish_compilation")
    render = weasyprint.HTML.render
    renders = []

    def third_render_fails(self, *args, **kwargs):
        renders.append(1)
        if len(renders) == 3:  # en, es, then fr
            raise RuntimeError("The French render ran out of memory")
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", third_render_fails)

    assert outbox_deliver(message_id=message.pk) == OutboxState.PENDING

    # Nothing published, in any language, and no stray copy of the two PDFs made.
    assert not OutcomeDocument.objects.exists()
    assert CompilationPublication.objects.get().published_at is None
    assert not (settings.MEDIA_ROOT / "documents").exists() or not any(
        (settings.MEDIA_ROOT / "documents").rglob("*.pdf")
    )
    message.refresh_from_db()
    assert "ran out of memory" in message.last_error
    assert "Publish the compilation" not in message.last_error

    OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
    assert outbox_deliver(message_id=message.pk) == OutboxState.DONE
    assert set(OutcomeDocument.objects.get().files_by_language()) == {"en", "es", "fr"}


def test_people_without_the_permission_are_not_offered_the_action(
    client, call, django_capture_on_commit_callbacks
):
    editor = UserFactory(email="editor@example.org", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_practicecall", "change_practicecall", "add_outcomedocument"]
        )
    )
    login(client, editor)

    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert ACTION not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": ACTION, "_selected_action": [call.pk]})

    assert not CompilationPublication.objects.exists()
    assert not OutboxMessage.objects.filter(handler="reports.publish_compilation").exists()


def test_staff_without_their_second_factor_cannot_publish(
    client, secretariat, call, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)  # the password only

    page = client.get(CHANGELIST)
    assert ACTION not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": ACTION, "_selected_action": [call.pk]})

    assert not CompilationPublication.objects.exists()


def test_the_secretariat_is_offered_the_action(officer_client, call):
    html = officer_client.get(CHANGELIST).content.decode()

    assert f'value="{ACTION}"' in html
    assert "Publish the compilation as the workshop's outcome document" in html_text.unescape(html)


def test_publications_are_listed_in_the_administration(
    officer_client, call, celery_eager, django_capture_on_commit_callbacks
):
    _publish(officer_client, call, django_capture_on_commit_callbacks)

    html = officer_client.get("/en/admin/reports/compilationpublication/").content.decode()

    assert "Call on reintegration" in html
    assert "Olivia Officer" in html or "officer@example.org" in html


def test_a_practice_unpublished_later_stays_in_the_published_edition(
    officer_client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    _publish(officer_client, call, django_capture_on_commit_callbacks)
    document = OutcomeDocument.objects.get()
    before = _sha256(document.file_fr)
    practice = call.practices.get(title_en=TITLES["en"])

    # Taken off the catalogue (no workflow step leads out of "published": a correction).
    practice.status = PracticeStatus.WITHDRAWN
    practice.save()

    document.refresh_from_db()
    assert _sha256(document.file_fr) == before
    assert TITLES["fr"] in " ".join(read_pdf(_bytes(document.file_fr)))


def test_the_button_on_the_call_page_publishes_it(
    officer_client, call, celery_eager, django_capture_on_commit_callbacks
):
    page = officer_client.get(f"{CHANGELIST}{call.pk}/change/").content.decode()
    button = f"{CHANGELIST}{call.pk}/publish-compilation/"
    assert f'action="{button}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(button, follow=True)

    assert response.redirect_chain[-1][0] == f"{CHANGELIST}{call.pk}/change/"
    assert "The compilation is being prepared" in response.content.decode()
    assert OutcomeDocument.objects.get().workshop == call.workshop


def test_the_button_is_refused_to_staff_without_the_permission(client, call):
    editor = UserFactory(email="editor@example.org", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_practicecall", "change_practicecall"])
    )
    login(client, editor)
    button = f"{CHANGELIST}{call.pk}/publish-compilation/"

    assert button not in client.get(f"{CHANGELIST}{call.pk}/change/").content.decode()
    assert client.post(button).status_code == 403
    assert client.get(button).status_code == 405
    assert not CompilationPublication.objects.exists()


def _edition(call, day: int) -> OutcomeDocument:
    """An edition as the worker leaves it, without rendering it."""
    document = OutcomeDocument(
        workshop=call.workshop,
        kind=DocumentKind.COMPILED_REPORT,
        title_en=CALL_TITLES["en"],
        published=True,
        published_at=datetime.datetime(2026, 3, day, 10, 0, tzinfo=MEXICO_CITY),
    )
    document.file_en.save("compilation-en.pdf", ContentFile(b"%PDF-1.4 edition"), save=False)
    document.save()
    CompilationPublication.objects.create(
        call=call, document=document, published_at=document.published_at
    )
    return document


def _page_and_feed_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as page:
        assert client.get("/en/workshops/reintegration/").status_code == 200
    with CaptureQueriesContext(connection) as feed:
        assert client.get("/en/workshops/documents/feed/").status_code == 200
    return len(page), len(feed)


def test_the_editions_cost_the_same_queries_however_many_there_are(client, call):
    _edition(call, 1)
    _page_and_feed_queries(client)  # what a first request reads once (the site's caches)
    one = _page_and_feed_queries(client)
    for day in (2, 3, 4):
        _edition(call, day)

    assert _page_and_feed_queries(client) == one
    html = client.get("/en/workshops/reintegration/").content.decode()
    assert html.count("Superseded by the edition of March 4, 2026") == 3
