"""A delegate files progress on their country's actions: the form, its checks, what it
keeps when refused, and the closed roadmap."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from roadmaps.models import ProgressUpdate, RoadmapStatus
from roadmaps.services import progress_update_file

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(action):
    return reverse("roadmaps:report", args=[action.pk])


def _data(**overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "percentage": "45",
        "narrative": "Se firmó el convenio con los consulados.",
    }
    data.update(overrides)
    return data


def test_the_form_dates_the_update_today(client, hand_case, delegate_mx):
    client.force_login(delegate_mx)

    page = client.get(_url(hand_case["a1"])).content.decode()

    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert 'name="percentage"' in page
    assert "The census of services started." in page  # the updates already filed


def test_a_delegate_files_an_update_with_evidence(client, hand_case, delegate_mx):
    client.force_login(delegate_mx)

    response = client.post(
        _url(hand_case["a1"]),
        _data(evidence=SimpleUploadedFile("Acta de la reunión.PDF", PDF)),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("roadmaps:mine")
    update = ProgressUpdate.objects.latest("id")
    assert (update.country.iso_code, update.percentage, update.filed_by) == ("MX", 45, delegate_mx)
    assert update.filed_at is not None
    assert update.evidence_name == "Acta de la reunión.PDF"
    assert update.evidence.name.startswith("roadmaps/")
    assert update.evidence.name.endswith("/acta-de-la-reunion.pdf")
    page = client.get(response["Location"]).content.decode()
    assert "Map national services" in page
    assert "45%" in page  # the action's progress is its latest update


@pytest.mark.parametrize("percentage", ["101", "-1", "12.5", "abc", ""])
def test_the_percentage_must_be_a_whole_number_from_0_to_100(
    client, hand_case, delegate_mx, percentage
):
    client.force_login(delegate_mx)

    response = client.post(
        _url(hand_case["a1"]), _data(percentage=percentage, narrative="Texto que no se pierde.")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The update is not filed yet" in page
    assert 'href="#field-percentage"' in page
    # What was typed is still there.
    assert "Texto que no se pierde." in page
    assert ProgressUpdate.objects.count() == 3


def test_the_percentage_is_checked_by_the_model_too(hand_case, delegate_mx):
    with pytest.raises(ValidationError):
        progress_update_file(
            action=hand_case["a1"],
            by=delegate_mx,
            date=timezone.localdate(),
            percentage=150,
            narrative="Too much.",
        )


def test_evidence_of_another_type_is_refused_and_the_rest_kept(client, hand_case, delegate_mx):
    client.force_login(delegate_mx)

    response = client.post(
        _url(hand_case["a1"]),
        _data(
            percentage="70",
            evidence=SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a PDF at all"),
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The content of “informe.pdf” is not a PDF file." in page
    assert "choose the evidence file again" in page
    assert 'value="70"' in page
    assert ProgressUpdate.objects.count() == 3


def test_an_executable_is_refused(client, hand_case, delegate_mx):
    client.force_login(delegate_mx)

    response = client.post(
        _url(hand_case["a1"]), _data(evidence=SimpleUploadedFile("setup.exe", b"MZ\x90\x00"))
    )

    assert "“setup.exe” is not an accepted type." in response.content.decode()
    assert ProgressUpdate.objects.count() == 3


def test_an_update_cannot_be_dated_in_the_future(client, hand_case, delegate_mx):
    client.force_login(delegate_mx)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(_url(hand_case["a1"]), _data(date=tomorrow.isoformat()))

    assert "The date of an update cannot be in the future." in response.content.decode()
    assert ProgressUpdate.objects.count() == 3


def test_a_closed_roadmap_says_so_and_takes_no_update(client, hand_case, delegate_mx):
    roadmap = hand_case["roadmap"]
    roadmap.status = RoadmapStatus.CLOSED
    roadmap.save()
    client.force_login(delegate_mx)

    page = client.get(_url(hand_case["a1"])).content.decode()
    assert "This roadmap is closed." in page
    assert 'name="percentage"' not in page
    assert "Services of both countries are mapped up to the border." in page

    response = client.post(_url(hand_case["a1"]), _data())
    assert response.status_code == 403
    assert "This roadmap is closed." in response.content.decode()
    assert ProgressUpdate.objects.count() == 3

    mine = client.get(reverse("roadmaps:mine")).content.decode()
    assert "Closed: see the updates" in mine


def test_another_countrys_action_does_not_exist_for_a_delegate(client, hand_case, delegate_mx):
    client.force_login(delegate_mx)

    response = client.post(_url(hand_case["a3"]), _data())  # Guatemala's alone

    assert response.status_code == 404
    assert ProgressUpdate.objects.count() == 3


def test_the_service_refuses_another_countrys_delegate(hand_case, delegate_mx):
    with pytest.raises(PermissionDenied):
        progress_update_file(
            action=hand_case["a3"],
            by=delegate_mx,
            date=timezone.localdate(),
            percentage=10,
            narrative="Not ours.",
        )


def test_the_new_update_moves_the_public_figures(client, hand_case, delegate_gt):
    client.force_login(delegate_gt)
    client.post(_url(hand_case["a3"]), _data(percentage="50"))
    client.logout()

    page = client.get(reverse("roadmaps:dashboard", args=[hand_case["roadmap"].slug]))

    html = page.content.decode()
    # Line A is now (30 + 50) / 2 = 40; Guatemala (0 [a1, no report] + 50 [a3]) / 2 = 25;
    # Mexico keeps (60 + 100) / 2 = 80; overall (30 + 50 + 100) / 3 = 60.
    rows = re.findall(
        r'<th scope="row">\s*(?:<a[^>]*>)?([^<]+?)\s*(?:</a>)?\s*</th>\s*'
        r'<td class="number">(\d+)</td>\s*<td class="number">([^<]+)</td>',
        html,
    )
    assert ("Coordination between countries", "2", "40%") in rows
    assert ("Guatemala", "2", "25%") in rows
    assert ("Mexico", "2", "80%") in rows
    assert "60%" in html
    assert ProgressUpdate.objects.filter(country__iso_code="GT").count() == 1


def test_two_countries_report_on_the_shared_action_each_its_own(
    client, hand_case, delegate_mx, delegate_gt
):
    a1 = hand_case["a1"]
    client.force_login(delegate_gt)
    client.post(_url(a1), _data(percentage="20"))
    client.force_login(delegate_mx)
    mine = client.get(reverse("roadmaps:mine")).content.decode()
    # Mexico's own progress, not Guatemala's later 20%.
    row = re.search(r"Map national services</th>.*?</tr>", mine, flags=re.S).group(0)
    assert '<td class="number">60%</td>' in row

    client.logout()
    html = client.get(reverse("roadmaps:dashboard", args=[hand_case["roadmap"].slug]))
    html = html.content.decode()
    card = html[html.index(f'id="action-{a1.pk}"') :]
    card = card[: card.index("</article>")]
    assert re.search(r"Guatemala</th>\s*<td class=\"number\">20%</td>", card)
    assert re.search(r"Mexico</th>\s*<td class=\"number\">60%</td>", card)
    shares = card[card.index("Progress of each responsible country") :]
    assert "no report yet" not in shares[: shares.index("</table>")]
    assert "40%" in card  # the action: (20 + 60) / 2


def _indicator_field(hand_case):
    return f"indicator_{hand_case['indicator'].pk}"


@pytest.mark.parametrize(
    ("language", "label", "heading", "latest", "no_report"),
    [
        ("en", "Services mapped", "Latest value", "31 services", "no report yet"),
        ("es", "Servicios mapeados", "Último valor", "31 services", "sin informe aún"),
        ("fr", "Services cartographiés", "Dernière valeur", "31 services", "pas encore de rapport"),
    ],
)
def test_a_delegate_reports_an_indicator_value_and_the_dashboard_shows_it(
    client, hand_case, delegate_mx, language, label, heading, latest, no_report
):
    client.force_login(delegate_mx)
    url = f"/{language}" + _url(hand_case["a1"])[3:]
    form = client.get(url).content.decode()
    assert f'name="{_indicator_field(hand_case)}"' in form
    assert label in form

    response = client.post(url, _data(**{_indicator_field(hand_case): "31"}))

    assert response.status_code == 302
    update = ProgressUpdate.objects.latest("id")
    assert [(m.indicator.name_en, m.value) for m in update.measurements.all()] == [
        ("Services mapped", 31)
    ]
    client.logout()
    html = client.get(f"/{language}/roadmaps/{hand_case['roadmap'].slug}/").content.decode()
    section = html[html.index(f'id="indicator-{hand_case["indicator"].pk}"') :]
    section = section[: section.index("</section>")]
    assert label in section and heading in section
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", section, flags=re.S)
    ]
    # Guatemala, then Mexico: baseline -> latest value -> target, per country.
    assert cells[-8:] == [
        "Guatemala",
        "5 services",
        no_report,
        "40 services",
        {"en": "Mexico", "es": "México", "fr": "Mexique"}[language],
        "5 services",
        latest,
        "40 services",
    ]
    assert 'class="chart chart-indicator"' in section
    assert 'data-value="31"' in section


def test_an_indicator_value_that_is_not_a_number_is_refused_and_kept(
    client, hand_case, delegate_mx
):
    client.force_login(delegate_mx)

    response = client.post(
        "/es" + _url(hand_case["a1"])[3:], _data(**{_indicator_field(hand_case): "muchos"})
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Introduzca un número." in page
    assert f'href="#field-{_indicator_field(hand_case)}"' in page
    assert ProgressUpdate.objects.count() == 3


def test_an_update_without_indicator_values_keeps_the_latest_value(client, hand_case, delegate_mx):
    client.force_login(delegate_mx)
    client.post(_url(hand_case["a1"]), _data())
    client.logout()

    html = client.get(reverse("roadmaps:dashboard", args=[hand_case["roadmap"].slug]))

    assert "24 services" in html.content.decode()
