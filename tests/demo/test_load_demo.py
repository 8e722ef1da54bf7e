import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from declarations.models import Declaration
from demo.seeds import SeedFormatError, parse_objectives_document
from objectives.models import Objective
from practices.models import Practice, PracticeCall
from roadmaps.models import Roadmap
from workshops.models import OutcomeDocument, Participant, Workshop, WorkshopStatus

pytestmark = pytest.mark.django_db

SEED_WORKSHOPS = {
    "reintegration-of-returned-migrants": 0,
    "search-and-identification-of-missing-migrants": 3,
    "recognition-and-certification-of-competencies": 3,
    "enterprises-for-labour-insertion": 2,
    "migratory-flows-in-emergency-contexts": 3,
    "employment-advisors-occupational-profiles": 3,
    "migrant-women-and-girls-in-mobility": 3,
    "return-of-migrants-challenges-and-opportunities": 0,
}

# Word for word from the source documents.
SPECIFIC_OBJECTIVES = [
    (
        "search-and-identification-of-missing-migrants",
        1,
        "Participants will identify the characteristics, conformation and functioning of search mechanisms, their strengths, and challenges in the region.",
    ),
    (
        "search-and-identification-of-missing-migrants",
        2,
        "Identify the progress and challenges for regional migrant tracking and forensic identification.",
    ),
    (
        "search-and-identification-of-missing-migrants",
        3,
        "They will learn about the necessities that the families of missing migrants have during the process of search, identification, and repatriation of remains.",
    ),
    (
        "recognition-and-certification-of-competencies",
        1,
        "To identify the existing links between national schemes for the recognition and certification of competencies, as well as their referencing towards a possible regional qualifications framework.",
    ),
    (
        "recognition-and-certification-of-competencies",
        2,
        "To promote the exchange of good practices in order to learn about the progress and challenges in the construction of national competency certification schemes and national and regional qualifications frameworks.",
    ),
    (
        "recognition-and-certification-of-competencies",
        3,
        "To identify, based on shared experiences, the challenges in access to services for the recognition and certification of competencies of migrants with reference to national frameworks and with a view to a regional qualifications framework.",
    ),
    (
        "enterprises-for-labour-insertion",
        1,
        "Identify the spaces for participation that public institutions, local governments and civil society can occupy in the development of experiences of promotion of entrepreneurship and social and solidarity economy in host communities.",
    ),
    (
        "enterprises-for-labour-insertion",
        2,
        "Publicize the objectives and purpose of the different training tools available in the field of entrepreneurship and cooperativism.",
    ),
    (
        "migratory-flows-in-emergency-contexts",
        1,
        "To exchange information to identify states of emergency and start with specific action mechanisms. Likewise, the involvement and strengthening of migration control institutions and consular protection networks.",
    ),
    (
        "migratory-flows-in-emergency-contexts",
        2,
        "To disseminate official, assertive, and timely information on the emergency and the specific risks of migration in an emergency context to favor the containment and management of the emergency from the countries of origin.",
    ),
    (
        "migratory-flows-in-emergency-contexts",
        3,
        "To coordinate inter-institutional mechanisms that allow the comprehensive care of migrants in emergency contexts, which implies the participation of specialized and specific government agencies in the assistance to migrant population in such a way that routes can be established for the organization, management and reception of social protections and humanitarian aid between countries, government orders and organized society.",
    ),
    (
        "employment-advisors-occupational-profiles",
        1,
        "To strengthen knowledge about labour migration and the importance of addressing this matter with a human rights, gender and inclusive approach.",
    ),
    (
        "employment-advisors-occupational-profiles",
        2,
        "To promote the exchange of best practices in assisting this population group, considering situations of vulnerability as well as the sociocultural and occupational profiles of beneficiaries.",
    ),
    (
        "employment-advisors-occupational-profiles",
        3,
        "To analyse the benefits of improving practices relating to the labour integration of migrant workers, with a focus on dignified employment, ethical recruitment and corporative responsibility.",
    ),
    (
        "migrant-women-and-girls-in-mobility",
        1,
        "To generate a dialogue that allows broadening the knowledge regarding the situation of migrant women and girls in the region, particularly in the context of this pandemic; sharing best practices and experiences regarding the measures taken by countries in order to protect their rights, as well as developing their autonomy.",
    ),
    (
        "migrant-women-and-girls-in-mobility",
        2,
        "To transcend the dominant vision of assistance towards migrant women and girls and begin referring their importance in terms of real (re)integration and substantial equality in the different spheres of life, and not just in the productive fabric, by recognizing their capacity as agents and diverse contributions in the countries of origin, transit, destination and return.",
    ),
    (
        "migrant-women-and-girls-in-mobility",
        3,
        "To encourage an exchange between Member Countries in identifying areas of opportunities in order to strengthen gender-based public policies aimed at migrants, according to the application of the Guidelines for the Attention and Protection of Women in the Context of Migration by each of the Member States and recommendations issued by the working groups.",
    ),
]


def _snapshot():
    workshops = list(Workshop.objects.order_by("slug").values())
    objectives = list(Objective.objects.order_by("workshop__slug", "kind", "number").values())
    calls = list(PracticeCall.objects.order_by("pk").values())
    return workshops, objectives, calls


def test_load_demo_creates_the_eight_seed_workshops():
    call_command("load_demo", "--sources-only")

    slugs = set(Workshop.objects.values_list("slug", flat=True))
    assert slugs == set(SEED_WORKSHOPS)
    for slug, specific_count in SEED_WORKSHOPS.items():
        workshop = Workshop.objects.get(slug=slug)
        assert workshop.objectives.filter(kind="general").count() == 1
        assert workshop.objectives.filter(kind="specific").count() == specific_count


@pytest.mark.parametrize(("slug", "number", "text"), SPECIFIC_OBJECTIVES)
def test_each_specific_objective_is_word_for_word(slug, number, text):
    call_command("load_demo", "--sources-only")

    objective = Objective.objects.get(workshop__slug=slug, kind="specific", number=number)
    assert objective.text_en == text


def test_general_objectives_and_outcomes_come_from_the_source():
    call_command("load_demo", "--sources-only")

    first = Workshop.objects.get(slug="reintegration-of-returned-migrants")
    assert first.objectives.get(kind="general").text_en.startswith(
        "To promote dialogue among key stakeholders in the region"
    )
    assert "International Migration Review Forum (IMRF)" in first.expected_outcome_en

    emergency = Workshop.objects.get(slug="migratory-flows-in-emergency-contexts")
    general = emergency.objectives.get(kind="general").text_en
    assert general.startswith("To establish the bases of the discussion")
    assert general.endswith("with three specific objectives is required:")
    assert "OBJECTIVES" not in general
    assert emergency.expected_outcome_en.startswith("The creation of a coordinated regional model")


def test_the_return_of_migrants_proposal_has_background_methodology_and_outcome():
    call_command("load_demo", "--sources-only")

    proposal = Workshop.objects.get(slug="return-of-migrants-challenges-and-opportunities")
    assert proposal.title_en == "The Return of Migrants, Challenges and Opportunities"
    assert proposal.background_en.startswith("Although the economic crisis has not led")
    assert proposal.background_en.count("\n\n") == 2
    assert proposal.methodology_en.startswith("The Special Committee will invite member states")
    assert proposal.expected_outcome_en.endswith(
        "will publish a document compiling these initiatives."
    )
    assert proposal.objectives.get(kind="general").text_en.startswith(
        "To become familiar with and promote the initiatives and programs"
    )


def test_titles_and_objectives_have_spanish_translations():
    call_command("load_demo", "--sources-only")

    for workshop in Workshop.objects.all():
        assert workshop.title_es and workshop.title_es != workshop.title_en
    for objective in Objective.objects.all():
        assert objective.text_es and objective.text_es != objective.text_en
    with translation.override("es"):
        proposal = Workshop.objects.get(slug="return-of-migrants-challenges-and-opportunities")
        assert proposal.title == "El retorno de los migrantes, desafíos y oportunidades"


def test_the_return_of_migrants_workshop_calls_for_successful_initiatives():
    call_command("load_demo", "--sources-only")

    call = PracticeCall.objects.get()
    assert call.workshop.slug == "return-of-migrants-challenges-and-opportunities"
    assert call.is_open()
    assert "make presentations on successful initiatives" in call.introduction_en
    assert "will publish a document compiling these initiatives" in call.introduction_en
    assert call.title_es and call.introduction_es


def test_running_it_twice_changes_nothing():
    call_command("load_demo", "--sources-only")
    before = _snapshot()

    call_command("load_demo", "--sources-only")

    assert _snapshot() == before


def test_it_restores_an_edited_demo_objective():
    call_command("load_demo", "--sources-only")
    objective = Objective.objects.get(
        workshop__slug="enterprises-for-labour-insertion", kind="specific", number=2
    )
    objective.text_en = "Edited by hand"
    objective.save()

    call_command("load_demo", "--sources-only")

    objective.refresh_from_db()
    assert objective.text_en.startswith("Publicize the objectives and purpose")


def test_a_source_document_without_a_workshop_start_is_refused(tmp_path):
    broken = tmp_path / "objectives.txt"
    broken.write_text("A first line that matches no workshop.\nSpecific objectives\n")

    with pytest.raises(SeedFormatError, match="expected one line starting"):
        parse_objectives_document(broken)


def test_a_call_that_closed_opens_again_with_the_next_load():
    call_command("load_demo", "--sources-only")
    call = PracticeCall.objects.get()
    call.opens_at -= datetime.timedelta(days=400)
    call.deadline = call.opens_at + datetime.timedelta(days=90)
    call.save()
    assert not call.is_open()

    call_command("load_demo", "--sources-only")

    call.refresh_from_db()
    assert call.is_open()


def test_sources_only_loads_the_eight_workshops_and_no_example(db):
    first, second = StringIO(), StringIO()
    call_command("load_demo", "--sources-only", stdout=first)
    call_command("load_demo", "--sources-only", stdout=second)
    first, second = first.getvalue(), second.getvalue()

    assert "0 rows created or changed" not in first
    assert "0 rows created or changed" in second
    assert Workshop.objects.count() == 8
    assert not Workshop.objects.filter(is_example=True).exists()
    assert Practice.objects.count() == 0
    assert OutcomeDocument.objects.count() == 0
    assert Participant.objects.count() == 0
    assert not Declaration.objects.exists() and not Roadmap.objects.exists()
    assert not Objective.objects.filter(gcm_objectives__isnull=False).exists()
    assert set(Workshop.objects.values_list("status", flat=True)) == {WorkshopStatus.PROPOSED}


def test_sources_only_marks_nothing(client, db):
    call_command("load_demo", "--sources-only", stdout=StringIO())
    for language in ("en", "es", "fr"):
        with translation.override(language):
            badge = translation.pgettext("badge of illustrative data", "Example")
            list_line = gettext("Entries marked “Example” are illustrative data, not RCM records.")
        for path in ("", "workshops/", "practices/", "gcm/"):
            page = client.get(f"/{language}/{path}").content.decode()
            assert badge not in page and list_line not in page, path
