"""The two outputs of the first source workshop, from the demo data to the public: the
example declaration under negotiation is amended by two countries, adopted, read in public
and downloaded in English and Spanish; the example roadmap in progress is followed by two
more countries' reports and downloaded."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from declarations.models import Declaration, DeclarationStatus
from declarations.services import amendment_accept, amendment_reject, declaration_adopt
from demo.declarations import TITLE
from members.groups import SECRETARIAT
from members.models import UserRole
from reports.models import Report, ReportState
from roadmaps.models import Action, Roadmap, RoadmapStatus
from tests.factories import UserFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    secretariat = UserFactory(email="ts@example.org", is_staff=True)
    secretariat.groups.add(Group.objects.get(name=SECRETARIAT))
    return {
        "ts": secretariat,
        "MX": UserFactory(country=country("MX"), role=UserRole.DELEGATE),
        "GT": UserFactory(country=country("GT"), role=UserRole.DELEGATE),
    }


def _pdf_text(client, kind, pk, language, capture, read_pdf):
    with capture(execute=True):
        response = client.post(f"/{language}/reports/request/{kind}/{pk}/")
    report = Report.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert report.state == ReportState.READY, report.error
    download = client.get(reverse("reports:download", args=[report.pk]))
    return " ".join(read_pdf(b"".join(download.streaming_content)))


def test_the_declaration_is_amended_by_two_countries_adopted_and_downloaded(
    client, people, celery_eager, django_capture_on_commit_callbacks, read_pdf, demo
):
    declaration = Declaration.objects.get(title_en=TITLE["en"])
    # Under negotiation from the first load: not public, open to the delegates.
    assert declaration.status == DeclarationStatus.UNDER_NEGOTIATION
    assert client.get(reverse("declarations:detail", args=[declaration.pk])).status_code == 404
    # Belize's example proposal waits for the Secretariat, who declines it.
    (belize,) = declaration_amendments(declaration)
    assert belize.country.iso_code == "BZ"
    amendment_reject(amendment=belize, by=people["ts"], note="Not retained.")
    operative = declaration.paragraphs.filter(kind="operative").order_by("position")
    first, second = operative[0], operative[1]

    # Mexico and Guatemala each amend a paragraph through the negotiation page's form.
    proposals = {
        "MX": (first, "We commit to national reintegration strategies with a gender perspective."),
        "GT": (second, "Nos comprometemos a intercambiar buenas prácticas de reintegración."),
    }
    for code, (paragraph, text) in proposals.items():
        client.force_login(people[code])
        page = client.get(reverse("declarations:negotiation", args=[declaration.pk]))
        assert page.status_code == 200
        response = client.post(
            reverse("declarations:propose", args=[paragraph.pk]),
            {
                "action": "change",
                "language": "es" if code == "GT" else "en",
                "text": text,
                "rationale": f"Proposed by {code}.",
                "version": paragraph.version,
                "seen": 0,
            },
        )
        assert response.status_code in (200, 302)
    amendments = {
        a.country.iso_code: a for a in declaration_amendments(declaration).filter(status="pending")
    }
    assert set(amendments) == {"MX", "GT"}

    # Each is accepted with the paragraph's text in the other two languages.
    translations = {
        "MX": {
            "es": "Nos comprometemos con estrategias nacionales de reintegración con perspectiva "
            "de género.",
            "fr": "Nous nous engageons en faveur de stratégies nationales de réintégration "
            "tenant compte du genre.",
        },
        "GT": {
            "en": "We commit to exchanging good reintegration practices.",
            "fr": "Nous nous engageons à échanger de bonnes pratiques de réintégration.",
        },
    }
    for code, amendment in amendments.items():
        amendment_accept(amendment=amendment, by=people["ts"], translations=translations[code])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.text_en == proposals["MX"][1]
    assert first.text_es == translations["MX"]["es"]
    assert second.text_es == proposals["GT"][1]
    # The example's revised paragraph waits for its Spanish and French: no adoption until then.
    with pytest.raises(ValidationError, match="operative paragraph 3"):
        declaration_adopt(
            declaration=declaration,
            by=people["ts"],
            adopted_on=timezone.localdate(),
            countries=[country("MX")],
        )
    revised = operative[2]
    revised.text_es = "Encomiendan a la Secretaría Técnica recopilar las conclusiones del taller."
    revised.text_fr = "Chargent le Secrétariat technique de compiler les conclusions de l'atelier."
    revised.save()

    declaration_adopt(
        declaration=declaration,
        by=people["ts"],
        adopted_on=timezone.localdate(),
        countries=[country("MX"), country("GT"), country("HN")],
    )
    client.logout()
    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert proposals["MX"][1] in page
    assert "Honduras" in page

    english = _pdf_text(
        client, "declaration", declaration.pk, "en", django_capture_on_commit_callbacks, read_pdf
    )
    spanish = _pdf_text(
        client, "declaration", declaration.pk, "es", django_capture_on_commit_callbacks, read_pdf
    )
    assert proposals["MX"][1] in english
    assert "Guatemala" in english and "Honduras" in english
    assert proposals["GT"][1] in spanish
    assert "México" in spanish


def declaration_amendments(declaration):
    from declarations.models import Amendment

    return Amendment.objects.filter(paragraph__declaration=declaration).select_related("country")


def test_the_roadmap_is_adopted_followed_by_two_countries_and_downloaded(
    client, people, celery_eager, django_capture_on_commit_callbacks, read_pdf, demo
):
    roadmap = Roadmap.objects.get()
    # Adopted and in progress from the first load: the delegates report at once.
    assert roadmap.status == RoadmapStatus.IN_PROGRESS

    filed = {}
    for code in ("MX", "GT"):
        action = (
            Action.objects.filter(responsible_countries__iso_code=code)
            .exclude(pk__in=[a.pk for a in filed.values()])
            .first()
        )
        assert action is not None, f"the demo roadmap gives {code} an action"
        client.force_login(people[code])
        response = client.post(
            reverse("roadmaps:report", args=[action.pk]),
            {
                "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
                "percentage": 40 if code == "MX" else 70,
                "narrative": f"Progress reported by {code}.",
            },
        )
        assert response.status_code == 302
        filed[code] = action
    client.logout()

    page = client.get(reverse("roadmaps:dashboard", args=[roadmap.slug])).content.decode()
    assert "<svg" in page
    assert "Progress reported by MX." in page
    assert "Progress reported by GT." in page
    assert "40% done" in page and "70% done" in page

    english = _pdf_text(
        client, "roadmap", roadmap.pk, "en", django_capture_on_commit_callbacks, read_pdf
    )
    spanish = _pdf_text(
        client, "roadmap", roadmap.pk, "es", django_capture_on_commit_callbacks, read_pdf
    )
    assert roadmap.title_en in english
    assert "Progress reported by MX." in english
    assert roadmap.title_es in spanish
    assert "México" in spanish and "Guatemala" in spanish
