import csv
import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from tests.factories import UserFactory, WorkshopFactory, country
from tests.logins import login
from workshops.models import (
    Attendance,
    ImportStatus,
    Participant,
    ParticipantImportJob,
    ParticipantRole,
)
from workshops.resources import ParticipantResource
from workshops.selectors import participant_import_progress_key
from workshops.services import participant_imports_expire
from workshops.spreadsheets import import_limits, spreadsheet_dataset

pytestmark = pytest.mark.django_db

IMPORT_URL = "/en/admin/workshops/participant/import/"
PROCESS_IMPORT_URL = "/en/admin/workshops/participant/process_import/"
EXPORT_URL = "/en/admin/workshops/participant/export/"
CHANGELIST_URL = "/en/admin/workshops/participant/"
JOB_URL = re.compile(r"^/(en|es|fr)/admin/workshops/participant/import/(\d+)/$")

HEADER = [
    "workshop",
    "full_name",
    "email",
    "position",
    "role",
    "country",
    "organization",
    "attendance",
    "listed_publicly",
]


@pytest.fixture
def staff_client(client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def worker(celery_eager, django_capture_on_commit_callbacks):
    """What a request queues after its commit runs in this thread, as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _csv_file(rows, header=HEADER, name="participants.csv"):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(), content_type="text/csv")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_file(rows, header=HEADER, name="participants.xlsx", write_only=False):
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(name, content.getvalue(), content_type=XLSX_TYPE)


def _format_value(form, title):
    """The value the format menu gives to `title` ("csv", "xlsx"), as the page offers it."""
    for value, label in form.fields["format"].choices:
        if str(label).lower() == title:
            return value
    raise AssertionError(f"{title} is not offered: {form.fields['format'].choices}")


def _upload(client, upload, file_format="csv", url=IMPORT_URL):
    """The upload form, filled and sent: the answer of the request itself."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {"import_file": upload, "format": _format_value(form, file_format)}
    data.update({field.name: field.value() or "" for field in form.hidden_fields()})
    return client.post(url, data)


def _job(response) -> ParticipantImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    found = JOB_URL.match(response["Location"])
    assert found, response["Location"]
    return ParticipantImportJob.objects.get(pk=found.group(2))


def _preview(client, worker, upload, file_format="csv"):
    """Upload, let the worker read the file, and open the job's page: the preview."""
    with worker():
        response = _upload(client, upload, file_format)
    job = _job(response)
    page = client.get(response["Location"])
    assert page.status_code == 200
    page.job = job
    return page


def _confirm(client, worker, preview):
    html = preview.content.decode()
    assert 'value="Confirm import"' in html, html
    with worker():
        response = client.post(f"{preview.request['PATH_INFO']}confirm/")
    assert response.status_code == 302
    assert response["Location"] == preview.request["PATH_INFO"]
    return client.get(response["Location"])


def _import(client, worker, upload, file_format="csv"):
    return _confirm(client, worker, _preview(client, worker, upload, file_format))


def _participant(full_name):
    return Participant.objects.select_related("country", "organization").get(full_name=full_name)


def test_a_clerk_imports_a_csv_list_through_the_admin(staff_client, worker):
    workshop = WorkshopFactory(slug="return-2024")
    upload = _csv_file(
        [
            [
                "return-2024",
                "Ana Pérez",
                "Ana.Perez@example.org",
                "Director",
                "Delegate",
                "MX",
                "",
                "Confirmed",
                "yes",
            ],
            [
                "return-2024",
                "Jean Dupont",
                "",
                "",
                "secretariat",
                "guatemala",
                "OIM",
                "attended",
                "",
            ],
            [
                "return-2024",
                "Rosa Díaz",
                "rosa@example.org",
                "",
                "Observer organization",
                "",
                "Office of the United Nations High Commissioner for Refugees",
                "",
                "Sí",
            ],
        ]
    )

    preview = _preview(staff_client, worker, upload)

    html = preview.content.decode()
    for name in ("Ana Pérez", "Jean Dupont", "Rosa Díaz"):
        assert name in html
    assert html.count('class="new"') == 3
    assert not Participant.objects.exists()

    response = _confirm(staff_client, worker, preview)

    assert "Import finished: 3 new, 0 updated" in response.content.decode()
    ana = _participant("Ana Pérez")
    assert ana.workshop == workshop
    assert ana.email == "ana.perez@example.org"
    assert ana.position == "Director"
    assert ana.role == ParticipantRole.DELEGATE
    assert ana.country == country("MX")
    assert ana.organization is None
    assert ana.attendance == Attendance.CONFIRMED
    assert ana.listed_publicly is True
    jean = _participant("Jean Dupont")
    assert jean.email == ""
    assert jean.role == ParticipantRole.SECRETARIAT
    assert jean.country == country("GT")
    assert jean.organization.acronym_en == "IOM"
    assert jean.attendance == Attendance.ATTENDED
    assert jean.listed_publicly is False
    rosa = _participant("Rosa Díaz")
    assert rosa.role == ParticipantRole.OBSERVER
    assert rosa.country is None
    assert rosa.organization.acronym_en == "UNHCR"
    assert rosa.attendance == Attendance.INVITED  # blank: the default
    assert rosa.listed_publicly is True


def test_bad_rows_are_each_reported_by_value_and_nothing_is_imported(staff_client, worker):
    WorkshopFactory(slug="return-2024")
    upload = _csv_file(
        [
            ["return-2024", "Ana Pérez", "ana@example.org", "", "delegate", "MX", "", "", ""],
            ["no-such-workshop", "Luis Gómez", "", "", "delegate", "MX", "", "", ""],
            ["return-2024", "Marta Ruiz", "", "", "delegate", "Atlantis", "", "", ""],
            ["return-2024", "Paul Martin", "", "", "Chef de cuisine", "CA", "", "", ""],
            ["return-2024", "Sara Lee", "sara@", "", "delegate", "US", "", "", ""],
            ["return-2024", "", "nobody@example.org", "", "delegate", "US", "", "", ""],
            ["return-2024", "Ivo Blanco", "", "", "delegate", "", "WHO-ELSE", "maybe", "perhaps"],
        ]
    )

    preview = _preview(staff_client, worker, upload)

    html = preview.content.decode()
    assert "Some rows have errors, listed below. Nothing was imported" in html
    assert "There is no workshop with the slug “no-such-workshop”." in html
    assert "There is no country “Atlantis”." in html
    assert "“Chef de cuisine” is not a role." in html
    assert "“sara@” is not a valid e-mail address." in html
    assert "The full name is missing." in html
    assert "There is no organization “WHO-ELSE”." in html
    assert "“maybe” is not an attendance." in html
    assert "“perhaps” is neither yes nor no." in html
    for name in ("Luis Gómez", "Marta Ruiz", "Paul Martin", "Sara Lee", "Ivo Blanco"):
        assert name in html
    job = preview.job
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert [row["number"] for row in job.error_rows] == [2, 3, 4, 5, 6, 7]
    assert "could not be read" not in html  # reported on their rows, not as crashes
    assert 'value="Confirm import"' not in html
    assert not job.file  # the list is not kept once refused
    assert not Participant.objects.exists()


def test_a_list_that_went_bad_after_its_preview_is_not_imported_at_all(staff_client, worker):
    WorkshopFactory(slug="return-2024")
    doomed = WorkshopFactory(slug="doomed")
    upload = _csv_file(
        [
            ["return-2024", "Ana Pérez", "", "", "delegate", "MX", "", "", ""],
            ["doomed", "Luis Gómez", "", "", "delegate", "MX", "", "", ""],
        ]
    )
    preview = _preview(staff_client, worker, upload)
    doomed.delete()  # by a colleague, between the preview and the confirmation

    response = _confirm(staff_client, worker, preview)

    html = response.content.decode()
    assert "Nothing was imported: 1 row is no longer valid." in html
    assert "There is no workshop with the slug “doomed”." in html
    assert 'value="Confirm import"' not in html
    assert not Participant.objects.exists()


def test_a_clerk_imports_an_excel_workbook_with_their_own_headings(staff_client, worker):
    workshop = WorkshopFactory(slug="labour-mobility")
    upload = _xlsx_file(
        [
            [
                "labour-mobility",
                "María López",
                "maria@example.org",
                "Consul",
                "Expert / speaker",
                "México",
                "ACNUR",
                "Absent",
                True,
            ],
            ["labour-mobility", "Tom Hill", None, None, "MODERATOR", "ca", None, None, 0],
        ],
        header=[
            "Workshop",
            "Full name",
            "E-mail address",
            "Position",
            "Role",
            "Country",
            "Organization",
            "Attendance",
            "Listed publicly",
        ],
    )

    preview = _preview(staff_client, worker, upload, "xlsx")

    html = preview.content.decode()
    assert "María López" in html
    assert "Tom Hill" in html
    _confirm(staff_client, worker, preview)
    maria = _participant("María López")
    assert maria.workshop == workshop
    assert maria.email == "maria@example.org"
    assert maria.position == "Consul"
    assert maria.role == ParticipantRole.EXPERT
    assert maria.country == country("MX")
    assert maria.organization.acronym_en == "UNHCR"
    assert maria.attendance == Attendance.ABSENT
    assert maria.listed_publicly is True
    tom = _participant("Tom Hill")
    assert tom.role == ParticipantRole.MODERATOR
    assert tom.country == country("CA")
    assert tom.email == ""
    assert tom.listed_publicly is False


def test_importing_the_same_list_again_updates_the_participants(staff_client, worker):
    WorkshopFactory(slug="return-2024")
    rows = [
        ["return-2024", "Ana Pérez", "ana@example.org", "", "delegate", "MX", "", "invited", "no"],
        ["return-2024", "Jean Dupont", "", "", "observer", "", "IOM", "invited", "no"],
    ]
    _import(staff_client, worker, _csv_file(rows))
    rows[0][7] = rows[1][7] = "attended"
    rows[0][1] = "Ana Pérez Soto"  # matched by her address, not by her name
    rows[1][1] = "JEAN DUPONT"  # matched by his name, any case

    preview = _preview(staff_client, worker, _csv_file(rows))

    assert preview.content.decode().count('class="update"') == 2
    response = _confirm(staff_client, worker, preview)
    assert "Import finished: 0 new, 2 updated" in response.content.decode()
    assert Participant.objects.count() == 2
    assert set(Participant.objects.values_list("full_name", "attendance")) == {
        ("Ana Pérez Soto", Attendance.ATTENDED),
        ("JEAN DUPONT", Attendance.ATTENDED),
    }


def test_the_exported_list_downloads_as_csv_and_imports_back(staff_client):
    workshop = WorkshopFactory(slug="return-2024")
    Participant.objects.create(
        workshop=workshop,
        full_name="Ana Pérez",
        email="ana@example.org",
        role=ParticipantRole.SECRETARIAT,
        country=country("DO"),
        attendance=Attendance.CONFIRMED,
        listed_publicly=True,
    )
    page = staff_client.get(EXPORT_URL)
    form = page.context["form"]
    data = {"format": _format_value(form, "csv"), "resource": form["resource"].value()}
    data.update({name: "on" for name in form.fields if name.startswith("participantresource_")})

    response = staff_client.post(EXPORT_URL, data)

    assert response.status_code == 200
    assert response.context is None, response.context["form"].errors
    assert response["Content-Disposition"].startswith("attachment;")
    exported = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported)))
    assert lines[0] == HEADER
    assert lines[1] == [
        "return-2024",
        "Ana Pérez",
        "ana@example.org",
        "",
        "Technical Secretariat",
        "Dominican Republic",
        "",
        "Confirmed",
        "yes",
    ]

    result = ParticipantResource().import_data(tablib.Dataset().load(exported, format="csv"))

    assert not result.has_validation_errors()
    assert not result.has_errors()
    assert result.totals["update"] == 1
    assert Participant.objects.count() == 1


def test_a_list_exported_in_spanish_imports_back_in_english():
    workshop = WorkshopFactory(slug="return-2024")
    Participant.objects.create(
        workshop=workshop,
        full_name="Ana Pérez",
        role=ParticipantRole.SECRETARIAT,
        country=country("MX"),
        attendance=Attendance.ATTENDED,
    )
    with translation.override("es"):
        exported = ParticipantResource().export()
    assert exported.dict[0]["role"] == "Secretaría Técnica"
    assert exported.dict[0]["country"] == "México"

    result = ParticipantResource().import_data(exported, dry_run=True)

    assert not result.has_validation_errors(), result.invalid_rows
    assert result.totals["update"] == 1


def _dataset(**values):
    row = {
        "workshop": "return-2024",
        "full_name": "Ana Pérez",
        "email": "",
        "position": "",
        "role": "delegate",
        "country": "",
        "organization": "",
        "attendance": "",
        "listed_publicly": "",
    }
    row.update(values)
    return tablib.Dataset(list(row.values()), headers=list(row))


@pytest.mark.parametrize(
    ("column", "written", "field", "stored"),
    [
        ("role", "delegate", "role", ParticipantRole.DELEGATE),
        ("role", "Delegate", "role", ParticipantRole.DELEGATE),
        ("role", "  civil society ", "role", ParticipantRole.CIVIL_SOCIETY),
        ("role", "CIVIL_SOCIETY", "role", ParticipantRole.CIVIL_SOCIETY),
        ("role", "secretaría técnica", "role", ParticipantRole.SECRETARIAT),
        ("role", "Secrétariat technique", "role", ParticipantRole.SECRETARIAT),
        ("role", "organisation observatrice", "role", ParticipantRole.OBSERVER),
        ("attendance", "ATTENDED", "attendance", Attendance.ATTENDED),
        ("attendance", "Confirmed", "attendance", Attendance.CONFIRMED),
        ("attendance", "", "attendance", Attendance.INVITED),
        ("country", "mx", "country__iso_code", "MX"),
        ("country", "Mexico", "country__iso_code", "MX"),
        ("country", "MÉXICO", "country__iso_code", "MX"),
        ("country", "Mexique", "country__iso_code", "MX"),
        ("country", "Estados Unidos", "country__iso_code", "US"),
        ("country", "etats-unis", "country__iso_code", "US"),
        ("country", "", "country", None),
        ("organization", "IOM", "organization__acronym_en", "IOM"),
        ("organization", "oim", "organization__acronym_en", "IOM"),
        ("organization", "HCR", "organization__acronym_en", "UNHCR"),
        (
            "organization",
            "Organización Internacional para las Migraciones",
            "organization__acronym_en",
            "IOM",
        ),
        (
            "organization",
            "haut-commissariat des nations unies pour les refugies",
            "organization__acronym_en",
            "UNHCR",
        ),
        ("listed_publicly", "yes", "listed_publicly", True),
        ("listed_publicly", "Sí", "listed_publicly", True),
        ("listed_publicly", "oui", "listed_publicly", True),
        ("listed_publicly", "TRUE", "listed_publicly", True),
        ("listed_publicly", "1", "listed_publicly", True),
        ("listed_publicly", "no", "listed_publicly", False),
        ("listed_publicly", "non", "listed_publicly", False),
        ("listed_publicly", "false", "listed_publicly", False),
        ("listed_publicly", "0", "listed_publicly", False),
        ("listed_publicly", "", "listed_publicly", False),
        ("email", " Ana@Example.ORG ", "email", "ana@example.org"),
    ],
)
def test_the_resource_understands_what_clerks_write(column, written, field, stored):
    WorkshopFactory(slug="return-2024")

    dry_run = ParticipantResource().import_data(_dataset(**{column: written}), dry_run=True)

    assert not dry_run.has_validation_errors(), dry_run.invalid_rows[0].error_dict
    assert not Participant.objects.exists()
    result = ParticipantResource().import_data(_dataset(**{column: written}))
    assert not result.has_validation_errors()
    assert Participant.objects.values_list(field, flat=True).get() == stored


def test_the_resource_understands_labels_in_the_active_language():
    WorkshopFactory(slug="return-2024")

    with translation.override("fr"):
        result = ParticipantResource().import_data(
            _dataset(role="Secrétariat technique", country="Équateur"), dry_run=True
        )

    assert not result.has_validation_errors()


@pytest.mark.parametrize(
    ("column", "written", "message"),
    [
        ("workshop", "nowhere", "There is no workshop with the slug “nowhere”."),
        ("workshop", "", "The workshop is missing: give its slug."),
        ("full_name", "  ", "The full name is missing."),
        ("email", "ana at example.org", "“ana at example.org” is not a valid e-mail address."),
        ("role", "Delegado principal", "“Delegado principal” is not a role."),
        ("role", "", "The role is missing."),
        ("attendance", "came late", "“came late” is not an attendance."),
        ("country", "Atlantis", "There is no country “Atlantis”."),
        ("organization", "ACME", "There is no organization “ACME”."),
        ("listed_publicly", "peut-être", "“peut-être” is neither yes nor no."),
    ],
)
def test_the_resource_reports_a_bad_value_on_its_row(column, written, message):
    WorkshopFactory(slug="return-2024")
    dataset = _dataset(**{column: written})
    dataset.append(list(_dataset(full_name="Luis Gómez").dict[0].values()))

    result = ParticipantResource().import_data(dataset, dry_run=True)

    assert result.has_validation_errors()
    assert not result.has_errors()
    assert [row.number for row in result.invalid_rows] == [1]
    errors = [
        str(error) for errors in result.invalid_rows[0].error_dict.values() for error in errors
    ]
    assert any(error.startswith(message) for error in errors), errors
    assert [row.import_type for row in result.valid_rows()] == ["new"]


def test_a_list_with_a_bad_row_saves_none_of_its_rows():
    WorkshopFactory(slug="return-2024")
    dataset = _dataset(full_name="Luis Gómez")
    dataset.append(list(_dataset(country="Atlantis").dict[0].values()))

    result = ParticipantResource().import_data(dataset)

    assert result.has_validation_errors()
    assert not Participant.objects.exists()


def test_a_participant_listed_without_an_address_gets_it_on_the_next_import():
    workshop = WorkshopFactory(slug="return-2024")
    Participant.objects.create(workshop=workshop, full_name="Ana Pérez", role="delegate")

    result = ParticipantResource().import_data(_dataset(email="ana@example.org"))

    assert result.totals["update"] == 1
    assert Participant.objects.get().email == "ana@example.org"


def test_a_blank_address_does_not_erase_the_known_one():
    workshop = WorkshopFactory(slug="return-2024")
    Participant.objects.create(
        workshop=workshop, full_name="Ana Pérez", email="ana@example.org", role="delegate"
    )

    result = ParticipantResource().import_data(_dataset(email="", attendance="attended"))

    assert result.totals["update"] == 1
    assert Participant.objects.values_list("email", "attendance").get() == (
        "ana@example.org",
        Attendance.ATTENDED,
    )


def test_namesakes_without_addresses_are_told_apart_by_address():
    workshop = WorkshopFactory(slug="return-2024")
    Participant.objects.create(
        workshop=workshop, full_name="Ana Pérez", email="a@x.org", role="delegate"
    )
    Participant.objects.create(
        workshop=workshop, full_name="Ana Pérez", email="b@x.org", role="delegate"
    )

    result = ParticipantResource().import_data(_dataset(), dry_run=True)

    assert [row.number for row in result.invalid_rows] == [1]
    assert "Several participants of this workshop are called “Ana Pérez”" in str(
        result.invalid_rows[0].error_dict["full_name"]
    )
    assert ParticipantResource().import_data(_dataset(email="b@x.org")).totals["update"] == 1
    assert Participant.objects.count() == 2


def test_the_same_address_in_another_workshop_is_another_participant():
    Participant.objects.create(
        workshop=WorkshopFactory(slug="earlier"),
        full_name="Ana Pérez",
        email="ana@example.org",
        role="delegate",
    )
    WorkshopFactory(slug="return-2024")

    result = ParticipantResource().import_data(_dataset(email="ana@example.org"))

    assert result.totals["new"] == 1
    assert Participant.objects.filter(email="ana@example.org").count() == 2


# Large lists: the request stores, the worker reads.


def _rows(count, slug="return-2024"):
    return [
        [slug, f"Person {n}", f"p{n}@example.org", "", "delegate", "MX", "", "", ""]
        for n in range(count)
    ]


def test_a_5000_row_csv_is_stored_by_the_request_and_imported_by_the_worker(
    staff_client, celery_eager, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    WorkshopFactory(slug="return-2024")
    upload = _csv_file(_rows(5000))

    # The request reads no row: a handful of queries, whatever the file holds.
    with (
        django_capture_on_commit_callbacks() as queued,
        django_assert_max_num_queries(30),
    ):
        response = _upload(staff_client, upload)

    job = _job(response)
    assert job.status == ImportStatus.QUEUED
    assert job.rows_total is None
    assert len(queued) == 1
    assert not Participant.objects.exists()
    waiting = staff_client.get(response["Location"])
    html = waiting.content.decode()
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "Waiting for the worker to start" in html
    assert f'href="{response["Location"]}"' in html  # "Check again", without JavaScript
    assert 'src="/static/workshops/import_progress.js"' in html
    assert 'http-equiv="refresh"' not in html
    progress = staff_client.get(f"{response['Location']}progress/")
    assert progress.json()["running"] is True

    queued[0]()  # the worker takes the job: the preview

    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEW_READY
    assert job.rows_total == 5000
    assert job.totals["new"] == 5000
    assert not Participant.objects.exists()
    preview = staff_client.get(response["Location"])
    assert "New participants: 5000. Participants updated: 0." in preview.content.decode()
    assert "The first 100 of 5000 rows are shown." in preview.content.decode()
    assert staff_client.get(f"{response['Location']}progress/").json()["running"] is False

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"{response['Location']}confirm/")

    assert Participant.objects.count() == 5000
    assert (
        "Import finished: 5000 new, 0 updated."
        in staff_client.get(response["Location"]).content.decode()
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert not job.file  # the list is not kept once imported
    # The upload page leads back to it.
    upload_page = staff_client.get(IMPORT_URL).content.decode()
    assert f'href="{response["Location"]}">participants.csv</a>' in upload_page


def _job_being_imported() -> ParticipantImportJob:
    """A list of 4000 rows that the worker is importing."""
    return ParticipantImportJob.objects.create(
        file_name="big.csv",
        file_format="csv",
        status=ImportStatus.IMPORTING,
        rows_total=4000,
        started_at=timezone.now(),
    )


def test_the_progress_page_counts_rows_while_the_worker_reads(staff_client):
    job = _job_being_imported()
    cache.set(participant_import_progress_key(job.pk), 1250)

    page = staff_client.get(f"/fr/admin/workshops/participant/import/{job.pk}/")
    progress = staff_client.get(f"/es/admin/workshops/participant/import/{job.pk}/progress/")

    assert "Importation\u00a0: 1250 lignes lues sur 4000." in page.content.decode()
    assert progress.json() == {
        "status": "importing",
        "running": True,
        "rows_done": 1250,
        "rows_total": 4000,
        "text": "Importando: 1250 de 4000 filas leídas.",
    }


def test_an_import_whose_worker_died_says_so_instead_of_waiting_forever(staff_client):
    job = ParticipantImportJob.objects.create(
        file_name="big.csv",
        file_format="csv",
        status=ImportStatus.PREVIEWING,
        started_at=timezone.now() - timedelta(hours=2),
    )

    page = staff_client.get(f"/en/admin/workshops/participant/import/{job.pk}/")

    assert "The import stopped before its end. Nothing was imported" in page.content.decode()
    assert 'aria-live="polite"' not in page.content.decode()
    # The worker closes it when it next previews a list.
    assert participant_imports_expire() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_confirming_twice_imports_once(staff_client, worker):
    WorkshopFactory(slug="return-2024")
    preview = _preview(staff_client, worker, _csv_file(_rows(3)))
    url = f"{preview.request['PATH_INFO']}confirm/"

    with worker() as queued:
        staff_client.post(url)
        staff_client.post(url)

    assert len(queued) == 1
    assert Participant.objects.count() == 3


def test_a_preview_left_unconfirmed_is_closed_and_its_file_deleted(staff_client, worker):
    WorkshopFactory(slug="return-2024")
    forgotten = _preview(staff_client, worker, _csv_file(_rows(2))).job
    forgotten.refresh_from_db()
    stored = forgotten.file.path
    ParticipantImportJob.objects.filter(pk=forgotten.pk).update(
        finished_at=timezone.now() - timedelta(days=2)
    )

    _preview(staff_client, worker, _csv_file(_rows(1)))  # the worker's next preview

    forgotten.refresh_from_db()
    assert forgotten.status == ImportStatus.FAILED
    assert not forgotten.file
    assert not Path(stored).exists()
    url = f"/en/admin/workshops/participant/import/{forgotten.pk}/"
    with worker():
        response = staff_client.post(f"{url}confirm/", follow=True)
    html = response.content.decode()
    assert "This import is not waiting for a confirmation." in html
    assert "This preview was not confirmed in time and its file was deleted" in html
    assert not Participant.objects.exists()


def test_the_history_names_who_confirmed_the_import(client, secretariat, worker):
    WorkshopFactory(slug="return-2024")
    login(client, UserFactory(is_staff=True, is_superuser=True))
    preview = _preview(client, worker, _csv_file(_rows(2)))
    login(client, secretariat)

    _confirm(client, worker, preview)

    entries = LogEntry.objects.filter(content_type__model="participant")
    assert entries.count() == 2
    assert {entry.user for entry in entries} == {secretariat}
    assert all(entry.is_addition() for entry in entries)
    assert entries.first().change_message == "Imported from participants.csv"


def test_the_old_confirmation_address_imports_nothing(staff_client):
    WorkshopFactory(slug="return-2024")

    response = staff_client.post(
        PROCESS_IMPORT_URL,
        {"import_file_name": "../../etc/passwd", "original_file_name": "x.csv", "format": "0"},
    )

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assert not Participant.objects.exists()


# Caps, checked in the request with a message in the form.


def _form_errors(response) -> str:
    assert response.status_code == 200, response.status_code
    assert not ParticipantImportJob.objects.exists()
    return " ".join(response.context["form"].errors.get("import_file", []))


def test_a_20000_row_workbook_is_refused_in_the_form_naming_the_cap(staff_client):
    WorkshopFactory(slug="return-2024")
    upload = _xlsx_file(_rows(20000))

    errors = _form_errors(_upload(staff_client, upload, "xlsx"))

    assert (
        "The file has more than 5000 rows. Split it into files of at most 5000 rows each." in errors
    )


def test_a_csv_over_the_cap_is_refused_in_the_form(staff_client, settings):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 40

    errors = _form_errors(_upload(staff_client, _csv_file(_rows(41))))

    assert "The file has more than 40 rows." in errors


def test_line_breaks_inside_cells_do_not_count_as_rows(staff_client, worker, settings):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 3
    WorkshopFactory(slug="return-2024")
    rows = _rows(3)
    rows[0][3] = "Director\nGeneral\nof\nMigration"

    preview = _preview(staff_client, worker, _csv_file(rows))

    assert 'value="Confirm import"' in preview.content.decode()


def test_a_workbook_that_hides_its_size_is_stopped_by_the_worker_at_the_cap(
    staff_client, worker, settings
):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 40
    WorkshopFactory(slug="return-2024")
    # Written in streaming mode, the sheet does not declare its dimension.
    upload = _xlsx_file(_rows(41), write_only=True)

    preview = _preview(staff_client, worker, upload, "xlsx")

    assert "The file has more than 40 rows." in preview.content.decode()
    assert preview.job.__class__.objects.get().status == ImportStatus.FAILED
    assert not Participant.objects.exists()


def _bomb(rows: int) -> bytes:
    """A workbook whose sheet is tiny compressed and huge once inflated: the same empty-ish
    row, over and over."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            b'formats-package.relationships+xml"/><Default Extension="xml" ContentType="appli'
            b'cation/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedoc'
            b'ument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/pack'
            b'age/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlforma'
            b'ts.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"'
            b"/></Relationships>"
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadshe'
            b'etml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/re'
            b'lationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></wor'
            b"kbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/pack'
            b'age/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlforma'
            b'ts.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml'
            b'"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreads'
            b'heetml/2006/main"><sheetData>' + row * rows + b"</sheetData></worksheet>"
        ),
    }
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return content.getvalue()


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(staff_client):
    bomb = _bomb(400_000)
    assert len(bomb) < 200_000  # what is uploaded is small...
    upload = SimpleUploadedFile("participants.xlsx", bomb, content_type=XLSX_TYPE)

    errors = _form_errors(_upload(staff_client, upload, "xlsx"))

    # ...what it would become is not.
    assert "“participants.xlsx” holds a part compressed more than 100 times: it is refused" in (
        errors
    )


def test_a_workbook_that_expands_beyond_the_cap_is_refused(staff_client, settings):
    settings.PARTICIPANT_IMPORT_MAX_UNCOMPRESSED_MB = 1
    settings.PARTICIPANT_IMPORT_MAX_COMPRESSION_RATIO = 10_000
    upload = SimpleUploadedFile("participants.xlsx", _bomb(40_000), content_type=XLSX_TYPE)

    errors = _form_errors(_upload(staff_client, upload, "xlsx"))

    assert "“participants.xlsx” would take more than 1 MB once opened: it is refused" in errors


def test_a_workbook_of_more_parts_than_any_real_one_is_refused(staff_client):
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(1000):
            archive.writestr(f"xl/media/image{number}.png", "")
    upload = SimpleUploadedFile("participants.xlsx", content.getvalue(), content_type=XLSX_TYPE)

    errors = _form_errors(_upload(staff_client, upload, "xlsx"))

    assert "“participants.xlsx” holds more than 1000 parts: it is refused" in errors


def test_a_workbook_that_lies_about_its_size_is_stopped_by_zipfile(settings):
    """The sizes checked are the declared ones; inflating past them fails, never grows."""
    settings.PARTICIPANT_IMPORT_MAX_COMPRESSION_RATIO = 10_000
    honest = _bomb(40_000)
    sheet = b"xl/worksheets/sheet1.xml"
    # Lower the uncompressed size the central directory declares for the sheet.
    directory = honest.rindex(b"PK\x01\x02", 0, honest.rindex(sheet))
    lying = bytearray(honest)
    lying[directory + 24 : directory + 28] = (1000).to_bytes(4, "little")

    with pytest.raises(
        ValidationError, match="“participants.xlsx” is damaged: it cannot be opened"
    ):
        spreadsheet_dataset(
            bytes(lying), name="participants.xlsx", file_format="xlsx", limits=import_limits()
        )


def test_a_file_over_the_size_cap_is_refused(staff_client, settings):
    settings.PARTICIPANT_IMPORT_MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("participants.csv", b"a,b\n" + b"x" * 1024 * 1024)

    errors = _form_errors(_upload(staff_client, upload))

    assert "The file is larger than 1 MB." in errors


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "“participants.xlsx” is damaged: it cannot be opened."),
        ("es", "“participants.xlsx” está dañado: no se puede abrir."),
        ("fr", "«\u00a0participants.xlsx\u00a0» est endommagé\u00a0: il ne peut pas être ouvert."),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_in_the_form(staff_client, language, message):
    upload = SimpleUploadedFile("participants.xlsx", b"PK\x03\x04 not really a zip")
    url = IMPORT_URL.replace("/en/", f"/{language}/")

    errors = _form_errors(_upload(staff_client, upload, "xlsx", url=url))

    assert message in errors


def test_a_csv_not_in_utf8_is_explained_on_the_job_page(staff_client, worker):
    upload = SimpleUploadedFile(
        "participants.csv", ",".join(HEADER).encode() + "\nreturn,José Núñez".encode("latin-1")
    )

    preview = _preview(staff_client, worker, upload)

    assert "The file is not a CSV file in UTF-8." in preview.content.decode()


@pytest.mark.parametrize(
    ("language", "rows_message", "ratio_message"),
    [
        (
            "es",
            "El archivo tiene más de 40 filas. Divídalo en archivos de 40 filas como máximo.",
            "“p.xlsx” contiene una parte comprimida más de 100 veces: se rechaza",
        ),
        (
            "fr",
            "Le fichier compte plus de 40 lignes. Divisez-le en fichiers de 40 lignes au plus.",
            "«\u00a0p.xlsx\u00a0» contient une partie compressée plus de 100 fois\u00a0: il est",
        ),
    ],
)
def test_the_caps_are_explained_in_spanish_and_french(
    staff_client, settings, language, rows_message, ratio_message
):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 40
    url = f"/{language}/admin/workshops/participant/import/"

    rows = _form_errors(_upload(staff_client, _csv_file(_rows(41)), url=url))
    bomb = SimpleUploadedFile("p.xlsx", _bomb(400_000), content_type=XLSX_TYPE)
    ratio = _form_errors(_upload(staff_client, bomb, "xlsx", url=url))

    assert rows_message in rows
    assert ratio_message in ratio


@pytest.mark.parametrize(
    ("language", "errors_title", "row_error", "heading", "finished"),
    [
        (
            "es",
            "Algunas filas tienen errores",
            "No existe ningún país “Atlantis”.",
            "Nombre completo",
            "Importación terminada: 1 nuevos, 0 actualizados.",
        ),
        (
            "fr",
            "Certaines lignes comportent des erreurs",
            "Il n’existe aucun pays «\u00a0Atlantis\u00a0».",
            "Nom complet",
            "Importation terminée\u00a0: 1 nouveaux, 0 mis à jour.",
        ),
    ],
)
def test_the_worker_writes_in_the_language_of_the_person_who_uploaded(
    staff_client, worker, language, errors_title, row_error, heading, finished
):
    WorkshopFactory(slug="return-2024")
    url = f"/{language}/admin/workshops/participant/import/"
    bad = _rows(1)
    bad[0][5] = "Atlantis"

    with worker():
        response = _upload(staff_client, _csv_file(bad), url=url)
    failed = staff_client.get(response["Location"]).content.decode()
    with worker():
        response = _upload(staff_client, _csv_file(_rows(1)), url=url)
    with worker():
        staff_client.post(f"{response['Location']}confirm/")
    done = staff_client.get(response["Location"]).content.decode()

    assert errors_title in failed
    assert row_error in failed
    assert f'<th scope="col">{heading}</th>' in failed
    assert finished in done


@pytest.mark.parametrize(
    ("language", "listed"),
    [
        ("en", "The first 100 of 102 rows with errors are listed."),
        ("es", "Se indican las primeras 100 de 102 filas con errores."),
        ("fr", "Les 100 premières lignes comportant des erreurs sur 102 sont indiquées."),
    ],
)
def test_the_rows_with_errors_beyond_those_listed_are_counted(
    staff_client, worker, language, listed
):
    WorkshopFactory(slug="return-2024")
    bad = _rows(102)
    for row in bad:
        row[5] = "Atlantis"

    with worker():
        response = _upload(
            staff_client, _csv_file(bad), url=IMPORT_URL.replace("/en/", f"/{language}/")
        )
    page = staff_client.get(response["Location"]).content.decode()

    assert page.count('<tr class="invalid">') == 100
    assert listed in page
    assert "Atlantis" in page


# Who may import.


def test_only_staff_who_may_add_and_change_participants_import(client, secretariat, worker):
    WorkshopFactory(slug="return-2024")
    with worker():
        login(client, secretariat)
        response = _upload(client, _csv_file(_rows(1)))
    job_url = response["Location"]
    assert _job(response).created_by == secretariat
    reader = UserFactory(is_staff=True)  # staff without the participant permissions
    login(client, reader)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(job_url).status_code == 403
    assert client.get(f"{job_url}progress/").status_code == 403
    assert client.post(f"{job_url}confirm/").status_code == 403
    client.logout()
    assert client.get(job_url).status_code == 302
    assert "/login/" in client.get(job_url)["Location"]
    assert client.post(f"{job_url}confirm/").status_code == 302
    assert not Participant.objects.exists()


def test_staff_without_a_second_factor_reach_no_import_page(client, worker):
    WorkshopFactory(slug="return-2024")
    login(client, UserFactory(is_staff=True, is_superuser=True))
    with worker():
        job_url = _upload(client, _csv_file(_rows(1)))["Location"]
    officer = UserFactory()
    officer.is_staff = officer.is_superuser = True  # after the factory: no authenticator
    officer.save()
    client.force_login(officer)

    for method, url in [
        ("get", IMPORT_URL),
        ("post", IMPORT_URL),
        ("get", job_url),
        ("get", f"{job_url}progress/"),
        ("post", f"{job_url}confirm/"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/second-factor/"), url
    assert not Participant.objects.exists()


# Exports: a value that looks like a formula stays text.

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1", "\r=1"]


def _export(client, file_format):
    page = client.get(EXPORT_URL)
    form = page.context["form"]
    data = {"format": _format_value(form, file_format), "resource": form["resource"].value()}
    data.update({name: "on" for name in form.fields if name.startswith("participantresource_")})
    response = client.post(EXPORT_URL, data)
    assert response.status_code == 200
    assert response.context is None, response.context["form"].errors
    return response.content


def _formula_participants():
    workshop = WorkshopFactory(slug="return-2024")
    for number, formula in enumerate(FORMULAS):
        Participant.objects.create(
            workshop=workshop,
            full_name=formula,
            position=formula,
            email=f"p{number}@example.org",
            role=ParticipantRole.DELEGATE,
        )


def test_the_csv_export_never_starts_a_formula(staff_client):
    _formula_participants()

    exported = _export(staff_client, "csv").decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(exported, newline="")))
    assert sorted(row["full_name"] for row in rows) == sorted(f"'{f}" for f in FORMULAS)
    assert all(row["position"] == row["full_name"] for row in rows)
    # The file imports back as it was: the apostrophe is the export's, not the name's.
    result = ParticipantResource().import_data(tablib.Dataset().load(exported, format="csv"))
    assert not result.has_validation_errors(), result.invalid_rows
    assert result.totals["update"] == len(FORMULAS)
    assert "=1+1" in Participant.objects.values_list("full_name", flat=True)


def test_the_xlsx_export_never_holds_a_formula(staff_client):
    _formula_participants()

    exported = _export(staff_client, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    names = [sheet.cell(row=row, column=2).value for row in range(2, sheet.max_row + 1)]
    # (The XLSX format keeps a carriage return as a line feed.)
    assert sorted(names) == sorted(f"'{f}".replace("\r", "\n") for f in FORMULAS)
    assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}


def test_a_bad_value_repeated_on_many_rows_is_reported_on_each():
    WorkshopFactory(slug="return-2024")
    dataset = _dataset(country="Atlantis")
    dataset.append(list(_dataset(full_name="Luis Gómez", country="Atlantis").dict[0].values()))
    dataset.append(list(_dataset(full_name="Rosa Díaz", workshop="nowhere").dict[0].values()))
    dataset.append(list(_dataset(full_name="Ivo Blanco", workshop="nowhere").dict[0].values()))

    result = ParticipantResource().import_data(dataset, dry_run=True)

    assert [row.number for row in result.invalid_rows] == [1, 2, 3, 4]
    messages = [str(row.error_dict) for row in result.invalid_rows]
    assert all("There is no country “Atlantis”" in message for message in messages[:2])
    assert all(
        "There is no workshop with the slug “nowhere”" in message for message in messages[2:]
    )


def test_control_characters_never_reach_the_database():
    WorkshopFactory(slug="return-2024")

    result = ParticipantResource().import_data(
        _dataset(full_name="Ana\x00 Pérez\x07", position="Dire\x00ctor\x1b", email="a\x00@x.org")
    )

    assert not result.has_validation_errors(), result.invalid_rows
    assert Participant.objects.values_list("full_name", "position", "email").get() == (
        "Ana Pérez",
        "Director",
        "a@x.org",
    )


def _damaged_uploads():
    good = _xlsx_file(_rows(30)).read()
    middle = len(good) // 2
    flipped = bytearray(good)
    for offset in range(middle, middle + 40):
        flipped[offset] ^= 0xFF
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    huge_field = ",".join(HEADER) + "\n" + "x" * 200_000 + "\n" + "a,b\n" * 5
    return [
        ("xlsx", good[:middle]),
        ("xlsx", good[: len(good) - 30]),
        ("xlsx", bytes(flipped)),
        ("xlsx", other_zip.getvalue()),
        ("xlsx", b"workshop,full_name\nreturn-2024,Ana\n"),
        ("csv", good),
        ("csv", huge_field.encode()),
        ("csv", b"\xff\xfe\x00\x00garbage"),
        ("csv", b"\n\n\n"),
    ]


@pytest.mark.parametrize(("file_format", "content"), _damaged_uploads())
def test_a_damaged_file_is_refused_with_a_message_never_an_error(
    staff_client, worker, settings, file_format, content
):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 3
    WorkshopFactory(slug="return-2024")
    upload = SimpleUploadedFile(f"participants.{file_format}", content)

    with worker():
        response = _upload(staff_client, upload, file_format)

    if response.status_code == 200:  # refused in the form
        assert response.context["form"].errors["import_file"]
        return
    page = staff_client.get(response["Location"])
    assert page.status_code == 200
    job = _job(response)
    assert job.status == ImportStatus.FAILED, job.status
    assert job.message in page.content.decode()
    assert not Participant.objects.exists()
