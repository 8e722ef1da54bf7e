"""The public catalogue of practices: what the public finds, filters, reads and downloads,
and what it never sees (unpublished practices, contact details)."""

import csv
import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Organization
from objectives.models import GcmGuidingPrinciple
from practices.models import Practice, PracticeAttachment, PracticeStatus, TargetPopulation
from tests.factories import (
    PracticeCallFactory,
    PracticeFactory,
    WorkshopFactory,
    country,
    gcm_objective,
)
from tests.logins import login
from workshops.models import Theme

pytestmark = pytest.mark.django_db

PUBLISHED = PracticeStatus.PUBLISHED
CONTACT = ("Contact Person", "contact.person@example.org", "+52 55 0000 0000")
HOSTILE_SEARCHES = [
    "'\"",
    "a & | ! b",
    ":*",
    ")(",
    "x" * 5000,
    "reintegración 🙂 migrantes 👨‍👩‍👧",
    "<script>alert(1)</script>",
    "foo:* & !bar | (baz",
    '"unclosed phrase',
    "-",
    "OR",
    "\\",
    "%_%",
    "nul\x00byte",
]


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _theme(code):
    return Theme.objects.get(code=code)


def _population(code):
    return TargetPopulation.objects.get(code=code)


@pytest.fixture
def return_call():
    workshop = WorkshopFactory(title_en="Workshop on return and reintegration", slug="return")
    return PracticeCallFactory(workshop=workshop, title_en="Call on reintegration")


@pytest.fixture
def catalogue(return_call):
    """Two published practices that differ in every filter, and one that is not public."""
    mexico = PracticeFactory(
        title_en="Reception centres for returned migrants",
        summary_en="Support on arrival.",
        country=country("MX"),
        period_start=datetime.date(2018, 3, 1),
        period_end=datetime.date(2019, 6, 30),
        call=return_call,
        status=PUBLISHED,
    )
    mexico.gcm_objectives.add(gcm_objective(21))
    guatemala = PracticeFactory(
        title_en="Seasonal labour mobility scheme",
        summary_en="Fair recruitment of seasonal workers.",
        problem="Workers paid **recruitment fees**.\n\nSecond & last.",
        country=country("GT"),
        period_start=datetime.date(2022, 1, 1),
        period_end=None,
        status=PUBLISHED,
    )
    guatemala.themes.set([_theme("labour-migration")])
    guatemala.target_populations.set([_population("migrant-workers")])
    guatemala.gcm_objectives.add(gcm_objective(6))
    draft = PracticeFactory(title_en="Secret draft initiative", country=country("MX"))
    return {"mexico": mexico, "guatemala": guatemala, "draft": draft}


# The catalogue page


def test_the_catalogue_lists_published_practices_with_what_a_reader_needs(client, catalogue):
    html = _page(client, "/en/practices/")

    assert "Best practices" in html
    assert "2 published practices" in html
    assert "Reception centres for returned migrants" in html
    assert "Seasonal labour mobility scheme" in html
    assert f'href="/en/practices/{catalogue["mexico"].pk}/"' in html
    assert "Guatemala" in html and "Mexico" in html
    assert "Labour migration" in html and "Return and reintegration" in html
    assert "2018" in html and "2019" in html and "Since" in html
    assert "Fair recruitment of seasonal workers." in html
    assert "Secret draft initiative" not in html


def test_the_newest_published_practice_comes_first(client, catalogue):
    catalogue["mexico"].published_at = timezone.now() - datetime.timedelta(days=3)
    catalogue["mexico"].save()

    html = _page(client, "/en/practices/")

    assert html.index("Seasonal labour mobility scheme") < html.index("Reception centres")


def test_the_page_labels_are_in_english_on_the_english_page(client, catalogue):
    html = _page(client, "/en/practices/")

    for label in ("Search", "Country", "Theme", "Target population", "Global Compact objective"):
        assert f">{label}</label>" in html
    assert ">Any</option>" in html
    assert "Download the compiled report (PDF)" in html
    assert 'aria-current="page">Best practices</a>' in html


def test_the_spanish_page_answers_with_spanish_content(client, catalogue):
    html = _page(client, "/es/practices/")

    assert '<html lang="es">' in html
    assert "Migración laboral" in html  # the theme's Spanish name
    assert f'href="/es/practices/{catalogue["guatemala"].pk}/"' in html
    assert "<h1>Buenas prácticas</h1>" in html
    assert ">Cualquiera</option>" in html
    assert "Descargar el informe compilado (PDF)" in html


@pytest.mark.parametrize(
    ("query", "found", "absent"),
    [
        ("country=GT", "Seasonal labour", "Reception centres"),
        ("theme=labour-migration", "Seasonal labour", "Reception centres"),
        ("population=migrant-workers", "Seasonal labour", "Reception centres"),
        ("gcm=21", "Reception centres", "Seasonal labour"),
        ("workshop=return", "Reception centres", "Seasonal labour"),
        ("year=2019", "Reception centres", "Seasonal labour"),
        ("year=2023", "Seasonal labour", "Reception centres"),
        ("q=seasonal", "Seasonal labour", "Reception centres"),
        ("q=support+arrival", "Reception centres", "Seasonal labour"),
        ("q=fees", "Seasonal labour", "Reception centres"),
    ],
)
def test_each_filter_narrows_the_catalogue(client, catalogue, query, found, absent):
    html = _page(client, f"/en/practices/?{query}")

    assert found in html
    assert absent not in html
    assert "1 published practice" in html


@pytest.mark.parametrize(
    "query",
    ["country=gt", "country=+Gt+", "theme=LABOUR-MIGRATION", "year=+2023", "gcm=021"],
)
def test_a_choice_is_recognised_however_it_is_written(client, catalogue, query):
    html = _page(client, f"/en/practices/?{query}")

    assert "not valid" not in html
    assert "1 published practice" in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Remove the control characters from this text"),
        ("es", "Quite los caracteres de control de este texto"),
        ("fr", "Retirez les caractères de contrôle de ce texte"),
    ],
)
@pytest.mark.parametrize("character", ["%01", "%1B", "%7F"])
def test_a_search_with_control_characters_is_left_out_with_a_message(
    client, catalogue, language, message, character
):
    html = _page(client, f"/{language}/practices/?q=seasonal{character}&country=GT")

    assert message in html
    assert "Seasonal labour" in html  # the other filters still apply


def test_filters_offer_only_what_published_practices_use(client, catalogue):
    html = _page(client, "/en/practices/")
    form = html[html.index('<form class="filters"') :]
    form = form[: form.index("</form>")]

    assert '<option value="GT">Guatemala</option>' in form
    assert 'value="BZ"' not in form  # Belize has no published practice
    assert '<option value="return">Workshop on return and reintegration</option>' in form
    assert '<option value="2018">2018</option>' in form
    assert f'<option value="{timezone.localdate().year}">' in form  # an ongoing practice
    assert '<option value="2017">' not in form
    assert "21. " in form and '<option value="1">' not in form


def test_no_match_says_so_and_offers_to_clear(client, catalogue):
    html = _page(client, "/en/practices/?q=zzzznothing")

    assert "No published practice matches your search." in html
    assert 'href="/en/practices/">Clear the filters' in html


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999999999999999999",
        "country=ZZ",
        "country=",
        "theme=nonsense",
        "population=%00",
        "gcm=-1",
        "gcm=1e9",
        "workshop=../../etc",
        "page=-1",
        "page=abc",
        "page=999",
        "q=%00",
        "country=GT&country=MX",
    ],
)
def test_nonsense_filters_get_an_answer_not_an_error(client, catalogue, query):
    for url in ("/en/practices/", "/en/practices/export.csv", "/en/practices/export.json"):
        assert client.get(f"{url}?{query}").status_code == 200


def test_an_invalid_filter_is_shown_and_left_out(client, catalogue):
    html = _page(client, "/en/practices/?country=ZZ&theme=labour-migration")

    assert "Some filters are not valid" in html
    assert "Seasonal labour" in html and "Reception centres" not in html


@pytest.mark.parametrize("text", HOSTILE_SEARCHES)
def test_any_search_text_gets_an_answer(client, catalogue, text):
    for url in ("/en/practices/", "/fr/practices/export.json"):
        assert client.get(url, {"q": text}).status_code == 200


def test_pagination_keeps_the_filters(client):
    PracticeFactory.create_batch(21, status=PUBLISHED, country=country("HN"))

    html = _page(client, "/en/practices/?country=HN")

    assert "21 published practices" in html
    assert 'href="?country=HN&amp;page=2"' in html
    assert "Page 1 of 2" in html


def test_downloads_and_the_compiled_report_carry_the_filters(client, catalogue):
    html = _page(client, "/en/practices/?country=GT&q=seasonal&page=1")

    assert 'href="/en/practices/export.csv?q=seasonal&amp;country=GT"' in html
    assert 'href="/en/practices/export.json?q=seasonal&amp;country=GT"' in html
    form = html[html.index('<form class="compile"') :]
    form = form[: form.index("</form>")]
    assert f'method="post" action="{reverse("reports:compile_initiatives")}"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<input type="hidden" name="country" value="GT">' in form
    assert '<input type="hidden" name="q" value="seasonal">' in form
    assert 'name="page"' not in form


def test_list_queries_do_not_grow_with_the_rows(client):
    PracticeFactory(status=PUBLISHED)
    one = _queries(client, "/en/practices/?q=reintegration&year=2019")
    for code in ("GT", "HN", "SV", "CR", "PA"):
        practice = PracticeFactory(status=PUBLISHED, country=country(code))
        practice.gcm_objectives.add(gcm_objective(21), gcm_objective(3))
        practice.themes.add(_theme("protection"))
        practice.call = PracticeCallFactory()
        practice.save()
        practice.countries_involved.add(country("MX"))
        practice.guiding_principles.add(GcmGuidingPrinciple.objects.get(letter="g"))
    organization = PracticeFactory(
        status=PUBLISHED, country=None, organization=Organization.objects.get(acronym_en="IOM")
    )
    organization.partner_organizations.add(Organization.objects.get(acronym_en="UNHCR"))
    many = _queries(client, "/en/practices/?q=reintegration&year=2019")

    assert one == many
    assert "7 published practices" in _page(client, "/en/practices/?q=reintegration&year=2019")


# A practice's page


def test_a_practice_page_shows_the_practice(client, catalogue):
    practice = catalogue["mexico"]
    practice.approach = "Reception *centres* in three cities."
    practice.save()

    html = _page(client, f"/en/practices/{practice.pk}/")

    assert '<h1 lang="en">Reception centres for returned migrants</h1>' in html
    assert "Support on arrival." in html
    assert "Mexico" in html and "National Migration Institute" in html
    assert "March 1, 2018" in html and "June 30, 2019" in html
    assert "Returned migrants" in html and "Return and reintegration" in html
    assert 'href="/en/gcm/#objective-21"' in html
    assert f'href="/en/workshops/{practice.call.workshop.slug}/#call"' in html
    assert "<p>Reception <em>centres</em> in three cities.</p>" in html
    assert "Lessons learned" in html and "Coordination between ministries matters." in html
    assert "Written in" not in html
    assert "not public" not in html


def test_a_practice_in_another_language_says_so(client):
    practice = PracticeFactory(
        title_en="",
        title="",
        title_es="Programa de reintegración",
        summary_en="",
        summary="",
        summary_es="Apoyo a personas retornadas.",
        language="es",
        status=PUBLISHED,
    )

    english = _page(client, f"/en/practices/{practice.pk}/")
    spanish = _page(client, f"/es/practices/{practice.pk}/")

    assert '<h1 lang="es">Programa de reintegración</h1>' in english
    assert "Written in Spanish" in english
    assert '<p class="lead" lang="es">Apoyo a personas retornadas.</p>' in english
    assert "Programa de reintegración" in spanish
    assert '<div lang="es">' in spanish


def test_contact_details_are_never_public(client, catalogue):
    pk = catalogue["mexico"].pk
    pages = [
        _page(client, "/en/practices/"),
        _page(client, f"/en/practices/{pk}/"),
        client.get("/en/practices/export.csv").content.decode(),
        client.get("/en/practices/export.json").content.decode(),
    ]

    for content in pages:
        for detail in CONTACT:
            assert detail not in content


@pytest.mark.parametrize(
    "status",
    [s for s in PracticeStatus.values if s != PUBLISHED],
)
def test_an_unpublished_practice_does_not_exist_for_the_public(client, status):
    practice = PracticeFactory(title_en="Not yet public", status=status)
    attachment = PracticeAttachment.objects.create(
        practice=practice, file=ContentFile(b"%PDF-1.4 hidden", name="hidden.pdf")
    )

    assert client.get(f"/en/practices/{practice.pk}/").status_code == 404
    assert (
        client.get(f"/en/practices/{practice.pk}/attachments/{attachment.pk}/").status_code == 404
    )
    assert "Not yet public" not in _page(client, "/en/practices/")
    assert "Not yet public" not in client.get("/en/practices/export.csv").content.decode()
    assert json.loads(client.get("/en/practices/export.json").content)["count"] == 0


def test_a_missing_practice_is_not_found(client):
    assert client.get("/en/practices/999999/").status_code == 404


def test_the_country_delegate_and_the_secretariat_see_a_draft_marked_as_such(
    client, catalogue, delegate_mx, delegate_gt, secretariat
):
    url = f"/en/practices/{catalogue['draft'].pk}/"

    client.force_login(delegate_gt)
    assert client.get(url).status_code == 404
    for user in (delegate_mx, secretariat):
        login(client, user)
        html = _page(client, url)
        assert "Secret draft initiative" in html
        assert "Draft — not public" in html


def test_an_attachment_downloads_as_a_file(client, catalogue):
    practice = catalogue["guatemala"]
    attachment = PracticeAttachment.objects.create(
        practice=practice,
        file=ContentFile(b"%PDF-1.4 evaluation", name="evaluation.pdf"),
        original_name="Evaluation report.pdf",
    )
    html = _page(client, f"/en/practices/{practice.pk}/")
    url = f"/en/practices/{practice.pk}/attachments/{attachment.pk}/"

    response = client.get(url)

    assert f'href="{url}"' in html and "Evaluation report.pdf" in html
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Evaluation report.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evaluation"


def test_an_attachment_of_another_practice_is_not_found(client, catalogue):
    attachment = PracticeAttachment.objects.create(
        practice=catalogue["guatemala"], file=ContentFile(b"%PDF-1.4", name="a.pdf")
    )

    url = f"/en/practices/{catalogue['mexico'].pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404


def test_an_attachment_whose_file_is_gone_is_not_found(client, catalogue):
    attachment = PracticeAttachment.objects.create(
        practice=catalogue["guatemala"], file=ContentFile(b"%PDF-1.4", name="gone.pdf")
    )
    attachment.file.storage.delete(attachment.file.name)

    url = f"/en/practices/{catalogue['guatemala'].pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404


# Exports


def test_the_csv_export_has_one_row_per_published_practice(client, catalogue):
    response = client.get("/en/practices/export.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="rcm-practices-')
    rows = _csv_rows(response)
    assert len(rows) == 2
    row = next(r for r in rows if r["country_code"] == "GT")
    assert row["id"] == str(catalogue["guatemala"].pk)
    assert row["url"] == f"http://testserver/en/practices/{catalogue['guatemala'].pk}/"
    assert row["title"] == "Seasonal labour mobility scheme"
    assert row["country"] == "Guatemala"
    assert row["period_start"] == "2022-01-01" and row["period_end"] == ""
    assert row["themes"] == "Labour migration"
    assert row["target_populations"] == "Migrant workers"
    assert row["gcm_objectives"] == "6"
    assert row["problem"] == "Workers paid recruitment fees.\nSecond & last."
    assert row["language"] == "en"
    assert row["published_at"]
    mexico = next(r for r in rows if r["country_code"] == "MX")
    assert mexico["workshop"] == "Workshop on return and reintegration"
    assert mexico["call"] == "Call on reintegration"
    assert not any(key.startswith("contact") for key in row)


def test_the_csv_export_keeps_accents_and_the_filters(client, catalogue):
    PracticeFactory(title_es="Atención a niñas y niños", language="es", status=PUBLISHED)

    rows = _csv_rows(client.get("/es/practices/export.csv?q=atenci%C3%B3n"))

    assert [row["title"] for row in rows] == ["Atención a niñas y niños"]
    assert rows[0]["themes"] == "Retorno y reintegración"


def test_the_json_export_lists_the_filtered_practices(client, catalogue):
    response = client.get("/en/practices/export.json?gcm=21")

    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["count"] == 1
    (practice,) = data["practices"]
    assert practice["title"] == "Reception centres for returned migrants"
    assert practice["country_code"] == "MX" and practice["country"] == "Mexico"
    assert practice["gcm_objectives"] == [21]
    assert practice["themes"] == ["Return and reintegration"]
    assert practice["period_end"] == "2019-06-30"
    assert practice["workshop"] == "Workshop on return and reintegration"
    assert not any(key.startswith("contact") for key in practice)


def test_the_json_export_writes_accents_as_they_are(client):
    PracticeFactory(title_es="Protección consular", language="es", status=PUBLISHED)

    content = client.get("/es/practices/export.json").content.decode()

    assert "Protección consular" in content


def test_an_unknown_export_format_is_not_found(client):
    assert client.get("/en/practices/export.xml").status_code == 404


def _xlsx_rows(response):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_xlsx_export_has_the_rows_and_columns_of_the_csv(client, catalogue):
    query = "?q=seasonal&country=GT"
    response = client.get(f"/en/practices/export.xlsx{query}")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="rcm-practices-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    [row] = _xlsx_rows(response)
    [csv_row] = _csv_rows(client.get(f"/en/practices/export.csv{query}"))
    assert list(row) == list(csv_row)
    assert row["id"] == catalogue["guatemala"].pk
    assert row["title"] == "Seasonal labour mobility scheme"
    assert row["problem"] == "Workers paid recruitment fees.\nSecond & last."
    assert {key: "" if value is None else str(value) for key, value in row.items()} == csv_row
    assert not any(key.startswith("contact") for key in row)


def test_the_catalogue_offers_the_xlsx_download_in_each_language(client, catalogue):
    for language, text in (
        ("en", "XLSX (Excel workbook)"),
        ("es", "XLSX (libro de Excel)"),
        ("fr", "XLSX (classeur Excel)"),
    ):
        html = _page(client, f"/{language}/practices/?country=GT")
        assert f'href="/{language}/practices/export.xlsx?country=GT"' in html
        assert text in html


def test_an_xlsx_cell_never_holds_a_formula(client):
    PracticeFactory(
        title_en='=HYPERLINK("http://evil.example","click")',
        implementing_organization="@SUM(1+1)",
        status=PUBLISHED,
    )
    from openpyxl import load_workbook

    response = client.get("/en/practices/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]

    assert all(cell.data_type != "f" for cell in cells)
    [row] = _xlsx_rows(response)
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["implementing_organization"] == "'@SUM(1+1)"


def test_a_control_character_does_not_break_the_xlsx_export(client):
    PracticeFactory(title_en="Bell\x07 and escape\x1b", status=PUBLISHED)

    response = client.get("/en/practices/export.xlsx")

    assert response.status_code == 200
    [row] = _xlsx_rows(response)
    assert row["title"] == "Bell\ufffd and escape\ufffd"


def test_xlsx_export_queries_do_not_grow_with_the_rows(client):
    PracticeFactory(status=PUBLISHED)
    one = _queries(client, "/en/practices/export.xlsx")
    for code in ("GT", "HN", "SV"):
        practice = PracticeFactory(status=PUBLISHED, country=country(code))
        practice.gcm_objectives.add(gcm_objective(21), gcm_objective(3))
        practice.call = PracticeCallFactory()
        practice.save()

    assert _queries(client, "/en/practices/export.xlsx") == one


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_queries_do_not_grow_with_the_rows(client, fmt):
    PracticeFactory(status=PUBLISHED)
    one = _queries(client, f"/en/practices/export.{fmt}?theme=return-reintegration")
    for code in ("GT", "HN", "SV", "CR"):
        practice = PracticeFactory(status=PUBLISHED, country=country(code))
        practice.gcm_objectives.add(gcm_objective(21), gcm_objective(3))
        practice.call = PracticeCallFactory()
        practice.save()
    many = _queries(client, f"/en/practices/export.{fmt}?theme=return-reintegration")

    assert one == many


# Search in three languages


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search")
def test_search_finds_other_forms_of_a_spanish_word_and_ranks_the_best_first(client):
    # No English title or summary: the factory's would mention reintegration too.
    passing = PracticeFactory(
        title_en="",
        summary_en="",
        title_es="Fortalecimiento institucional",
        summary_es="Capacitación de personal consular.",
        lessons_learned="Hace falta pensar en la reintegración desde el inicio.",
        language="es",
        status=PUBLISHED,
    )
    central = PracticeFactory(
        title_en="",
        summary_en="",
        title_es="Programas de reintegración de migrantes retornados",
        summary_es="Reintegración económica y social de personas retornadas.",
        problem="Los retornados llegaban sin apoyo para su reintegración.",
        language="es",
        status=PUBLISHED,
    )
    PracticeFactory(
        title_en="Unrelated practice",
        summary_en="Border data systems.",
        problem="Data.",
        approach="Data.",
        results="Data.",
        lessons_learned="Data.",
        status=PUBLISHED,
    )

    for word in ("reintegrar", "retornado", "retorno"):
        data = json.loads(client.get(f"/es/practices/export.json?q={word}").content)
        assert central.pk in [p["id"] for p in data["practices"]], word
        assert "Unrelated practice" not in {p["title"] for p in data["practices"]}
    ranked = json.loads(client.get("/es/practices/export.json?q=reintegrar").content)
    assert [p["id"] for p in ranked["practices"]] == [central.pk, passing.pk]
    html = _page(client, "/es/practices/?q=reintegrar")
    assert html.index("Programas de reintegración") < html.index("Fortalecimiento")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search")
def test_search_uses_the_stemmer_of_each_language(client):
    french = PracticeFactory(
        title_en="Consular assistance",
        title_fr="Assistance consulaire aux travailleurs",
        language="fr",
        approach="Les consulats accompagnent les travailleuses saisonnières.",
        status=PUBLISHED,
    )
    english = PracticeFactory(
        title_en="Protecting children on the move", language="en", status=PUBLISHED
    )

    def found(q):
        return {p["id"] for p in json.loads(client.get("/en/practices/export.json", {"q": q}).content)["practices"]}  # fmt: skip

    assert french.pk in found("travailleur")
    assert french.pk in found("saisonnière")
    assert english.pk in found("protection of children")
    assert found('"children on the move"') == {english.pk}
    assert french.pk not in found("consular -travailleurs")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search")
def test_every_write_keeps_the_search_document_right_bulk_and_update_included(client):
    """The document is written by the database on every insert and update, not by save():
    rows made by bulk_create() and changed by update() are found by their new words."""
    [imported] = Practice.objects.bulk_create(
        [PracticeFactory.build(title_es="Albergues fronterizos", language="es", status=PUBLISHED)]
    )
    saved = PracticeFactory(title_en="Seasonal mobility", language="en", status=PUBLISHED)

    def found(q):
        return {p["id"] for p in json.loads(client.get("/en/practices/export.json", {"q": q}).content)["practices"]}  # fmt: skip

    assert imported.pk in found("albergue")
    assert found("hospederías") == set()
    Practice.objects.filter(pk=imported.pk).update(summary_es="Red de hospederías.")
    assert imported.pk in found("hospedería")
    # A change to a column the document is not made of leaves it as it was.
    Practice.objects.filter(pk=saved.pk).update(contact_name="Someone Else")
    assert saved.pk in found("mobility")
    Practice.objects.filter(pk=saved.pk).update(title_en="Labour corridors")
    assert saved.pk not in found("mobility")
    assert saved.pk in found("corridor")


# The workshop page and the GCM page


def test_the_workshop_page_shows_its_open_call_and_its_published_practices(
    client, catalogue, return_call, delegate_mx
):
    url = f"/en/workshops/{return_call.workshop.slug}/"

    html = _page(client, url)
    section = html[html.index('id="call"') :]
    section = section[: section.index("</section>")]

    assert "Call for practices" in section and "Call on reintegration" in section
    assert "Member states present their successful initiatives." in section
    assert "Open until" in section
    assert "Reception centres for returned migrants" in section and "(Mexico)" in section
    assert "Secret draft initiative" not in section
    assert "Submit a practice to this call" not in section
    client.force_login(delegate_mx)
    assert f'href="/en/practices/mine/new/?call={return_call.pk}"' in _page(client, url)


def test_a_closed_call_says_when_it_closed(client):
    call = PracticeCallFactory(
        opens_at=timezone.now() - datetime.timedelta(days=60),
        deadline=timezone.now() - datetime.timedelta(days=2),
    )

    html = _page(client, f"/en/workshops/{call.workshop.slug}/")

    assert "Closed on" in html and "Open until" not in html
    assert "No practice answering this call has been published yet." in html


def test_a_workshop_without_a_call_has_no_call_section(client):
    workshop = WorkshopFactory()

    assert 'id="call"' not in _page(client, f"/en/workshops/{workshop.slug}/")


def test_workshop_page_queries_do_not_grow_with_the_practices_of_its_call(client, return_call):
    url = f"/en/workshops/{return_call.workshop.slug}/"
    PracticeFactory(call=return_call, status=PUBLISHED)
    one = _queries(client, url)
    for code in ("GT", "HN", "SV"):
        PracticeFactory(call=return_call, status=PUBLISHED, country=country(code))

    assert _queries(client, url) == one


def test_the_gcm_page_lists_the_published_practices_of_each_objective(client, catalogue):
    html = _page(client, "/en/gcm/")

    section = html[html.index('id="objective-21"') : html.index('id="objective-22"')]
    assert "Reception centres for returned migrants" in section and "(Mexico)" in section
    assert 'href="/en/practices/?gcm=21"' in section
    six = html[html.index('id="objective-6"') : html.index('id="objective-7"')]
    assert "Seasonal labour mobility scheme" in six
    assert "Reception centres" not in six
    assert "Secret draft initiative" not in html


def test_gcm_page_queries_do_not_grow_with_practices(client):
    PracticeFactory(status=PUBLISHED).gcm_objectives.add(gcm_objective(1))
    one = _queries(client, "/en/gcm/")
    for number in range(2, 10):
        practice = PracticeFactory(status=PUBLISHED, country=country("GT"))
        practice.gcm_objectives.add(gcm_objective(number), gcm_objective(1))

    assert _queries(client, "/en/gcm/") == one


def test_a_csv_cell_never_starts_a_spreadsheet_formula(client):
    PracticeFactory(
        title_en='=HYPERLINK("http://evil.example","click")',
        implementing_organization="@SUM(1+1)",
        status=PUBLISHED,
    )

    [row] = _csv_rows(client.get("/en/practices/export.csv"))

    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["implementing_organization"] == "'@SUM(1+1)"
