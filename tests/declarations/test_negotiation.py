"""What member countries' delegates do during a negotiation: read every pending
amendment, propose their country's, withdraw them; and what happens when two of them
amend the same paragraph at once."""

import pytest
from django.urls import reverse

from declarations.models import Amendment, AmendmentStatus, DeclarationStatus
from tests.factories import AmendmentFactory, ParagraphFactory, country
from tests.logins import login

pytestmark = pytest.mark.django_db

# Whatever the paragraphs and amendments: session, user, the declaration, its paragraphs
# with their amendments, and the permission checks.
NEGOTIATION_QUERIES = 8


def _first_operative(declaration):
    return declaration.paragraphs.filter(kind="operative").order_by("position").first()


def _open_form(client, paragraph) -> dict:
    """The hidden fields of the amendment form, as the page gave them."""
    response = client.get(reverse("declarations:propose", args=[paragraph.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    return {"version": form.initial["version"], "seen": form.initial["seen"]}


def test_a_delegate_proposes_an_amendment_for_their_country(client, negotiated, delegate_gt):
    paragraph = _first_operative(negotiated)
    client.force_login(delegate_gt)
    hidden = _open_form(client, paragraph)

    response = client.post(
        reverse("declarations:propose", args=[paragraph.pk]),
        {
            **hidden,
            "action": "change",
            "language": "en",
            "text": "Reaffirm the shared commitment to sustainable reintegration;",
            "rationale": "Sustainability is the aim.",
            "country": "MX",  # ignored: a delegate acts for their own country only
        },
        follow=True,
    )

    amendment = Amendment.objects.get()
    assert amendment.country == country("GT")
    assert amendment.proposed_by == delegate_gt
    assert amendment.status == AmendmentStatus.PENDING
    assert amendment.base_version == paragraph.version
    page = response.content.decode()
    assert "Your country&#x27;s amendment is proposed." in page
    assert "Reaffirm the shared commitment to sustainable reintegration;" in page
    paragraph.refresh_from_db()
    assert paragraph.text_en == "Reaffirm the commitment to reintegration;"  # unchanged


def test_the_text_is_required_unless_deleting(client, negotiated, delegate_gt):
    paragraph = _first_operative(negotiated)
    client.force_login(delegate_gt)
    hidden = _open_form(client, paragraph)
    url = reverse("declarations:propose", args=[paragraph.pk])

    response = client.post(
        url, {**hidden, "action": "change", "language": "en", "text": "", "rationale": "Why"}
    )
    assert "Write the text you propose." in response.content.decode()
    assert not Amendment.objects.exists()

    client.post(url, {**hidden, "action": "delete", "language": "en", "rationale": "Redundant"})
    assert Amendment.objects.get().action == "delete"


def test_every_member_delegate_sees_all_pending_amendments(client, negotiated, delegate_gt):
    paragraph = _first_operative(negotiated)
    AmendmentFactory(paragraph=paragraph, country=country("MX"), text="Mexican wording.")
    AmendmentFactory(
        paragraph=paragraph,
        country=country("CR"),
        text="Costa Rican wording.",
        status=AmendmentStatus.REJECTED,
    )
    client.force_login(delegate_gt)

    page = client.get(reverse("declarations:negotiation", args=[negotiated.pk])).content.decode()

    assert "Mexican wording." in page
    assert "Costa Rican wording." not in page  # decided: no longer on the table
    assert "Withdraw" not in page  # not Guatemala's to withdraw


@pytest.mark.parametrize(
    "status", [DeclarationStatus.DRAFT, DeclarationStatus.ADOPTED, DeclarationStatus.PUBLISHED]
)
def test_amendments_only_while_under_negotiation(client, negotiated, delegate_mx, status):
    paragraph = _first_operative(negotiated)
    client.force_login(delegate_mx)
    hidden = _open_form(client, paragraph)
    negotiated.status = status
    negotiated.adopted_on = "2024-06-20"
    negotiated.save()

    response = client.post(
        reverse("declarations:propose", args=[paragraph.pk]),
        {**hidden, "action": "change", "language": "en", "text": "New", "rationale": "Why"},
        follow=True,
    )

    assert not Amendment.objects.exists()
    page = response.content.decode()
    assert "Amendments can be proposed only while the declaration is under negotiation" in page


def test_an_observer_countrys_delegate_cannot_amend(client, negotiated, delegate_co):
    paragraph = _first_operative(negotiated)
    client.force_login(delegate_co)

    response = client.post(
        reverse("declarations:propose", args=[paragraph.pk]),
        {"version": 1, "action": "change", "language": "en", "text": "New", "rationale": "Why"},
    )

    assert response.status_code == 403
    assert "Only delegates of member countries propose amendments." in response.content.decode()
    assert not Amendment.objects.exists()


def test_a_delegate_withdraws_only_their_own_countrys_pending_amendment(
    client, negotiated, delegate_mx, delegate_gt
):
    paragraph = _first_operative(negotiated)
    mexican = AmendmentFactory(paragraph=paragraph, country=country("MX"))

    client.force_login(delegate_gt)
    response = client.post(reverse("declarations:withdraw_amendment", args=[mexican.pk]))
    assert response.status_code == 404
    mexican.refresh_from_db()
    assert mexican.status == AmendmentStatus.PENDING

    client.force_login(delegate_mx)
    response = client.post(
        reverse("declarations:withdraw_amendment", args=[mexican.pk]), follow=True
    )
    mexican.refresh_from_db()
    assert mexican.status == AmendmentStatus.WITHDRAWN
    assert "amendment is withdrawn" in response.content.decode()

    response = client.post(
        reverse("declarations:withdraw_amendment", args=[mexican.pk]), follow=True
    )
    assert "cannot be withdrawn" in response.content.decode()


def test_two_delegates_amending_the_same_paragraph_lose_nothing(
    client, negotiated, delegate_mx, delegate_gt
):
    paragraph = _first_operative(negotiated)
    url = reverse("declarations:propose", args=[paragraph.pk])
    # Both open the form on the same text.
    client.force_login(delegate_mx)
    mexico_form = _open_form(client, paragraph)
    client.force_login(delegate_gt)
    guatemala_form = _open_form(client, paragraph)

    # Mexico submits first: nothing had changed, so back to the negotiation.
    client.force_login(delegate_mx)
    first = client.post(
        url,
        {
            **mexico_form,
            "action": "change",
            "language": "es",
            "text": "Reafirman el compromiso pleno con la reintegración;",
            "rationale": "Más claro.",
        },
    )
    assert first.status_code == 302

    # Guatemala submits second: saved too, and told what changed meanwhile.
    client.force_login(delegate_gt)
    second = client.post(
        url,
        {
            **guatemala_form,
            "action": "change",
            "language": "en",
            "text": "Reaffirm the commitment to safe and dignified reintegration;",
            "rationale": "Dignity matters.",
        },
    )

    assert Amendment.objects.filter(paragraph=paragraph, status="pending").count() == 2
    assert second.status_code == 200
    page = second.content.decode()
    assert "This paragraph changed while you were writing" in page
    assert "Reaffirm the commitment to reintegration;" in page  # the current text
    assert "Reafirman el compromiso pleno con la reintegración;" in page  # Mexico's
    assert "Reaffirm the commitment to safe and dignified reintegration;" in page  # own


def test_a_delegate_writing_on_a_text_that_changed_is_told_and_keeps_the_amendment(
    client, negotiated, delegate_gt, secretariat
):
    from declarations.services import amendment_accept

    paragraph = _first_operative(negotiated)
    client.force_login(delegate_gt)
    hidden = _open_form(client, paragraph)
    # Meanwhile the Secretariat accepts Mexico's change of the same paragraph.
    mexican = AmendmentFactory(paragraph=paragraph, text="Reaffirm the full commitment;")
    amendment_accept(amendment=mexican, by=secretariat)

    response = client.post(
        reverse("declarations:propose", args=[paragraph.pk]),
        {**hidden, "action": "change", "language": "en", "text": "Mine;", "rationale": "Why"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "This paragraph changed while you were writing" in page
    assert "Reaffirm the full commitment;" in page
    ours = Amendment.objects.get(country=country("GT"))
    assert ours.base_version == 1 and paragraph.__class__.objects.get(pk=paragraph.pk).version == 2


def test_the_negotiation_page_numbers_paragraphs_and_offers_the_form(
    client, negotiated, delegate_mx
):
    client.force_login(delegate_mx)

    page = client.get(
        reverse("declarations:negotiation", args=[negotiated.pk]).replace("/en/", "/es/")
    ).content.decode()

    # Preambular and operative paragraphs, numbered apart, with the Spanish abbreviations.
    assert "PP 2" in page and "PD 1" in page
    assert "Reafirman el compromiso con la reintegración;" in page
    for paragraph in negotiated.paragraphs.all():
        assert reverse("declarations:propose", args=[paragraph.pk]).replace("/en/", "/es/") in page


def test_the_secretariat_reads_the_negotiation_without_the_form(client, negotiated, secretariat):
    AmendmentFactory(paragraph=_first_operative(negotiated), text="Mexican wording.")
    login(client, secretariat)

    page = client.get(reverse("declarations:negotiation", args=[negotiated.pk])).content.decode()

    assert "Mexican wording." in page
    assert "Propose an amendment" not in page
    assert "Decide" in page


@pytest.mark.parametrize("extra", [0, 16])
def test_the_negotiation_page_makes_the_same_queries_for_few_and_many_paragraphs(
    client, negotiated, delegate_mx, delegate_gt, django_assert_num_queries, extra
):
    from declarations.services import amendment_propose

    for position in range(5, 5 + extra):
        ParagraphFactory(declaration=negotiated, kind="operative", position=position)
    for paragraph in negotiated.paragraphs.all():
        for delegate in (delegate_mx, delegate_gt):
            amendment_propose(
                paragraph=paragraph,
                by=delegate,
                action="change",
                language="en",
                text="A proposed text.",
                rationale="Clarity.",
                base_version=paragraph.version,
            )
    client.force_login(delegate_mx)
    url = reverse("declarations:negotiation", args=[negotiated.pk])
    client.get(url)

    with django_assert_num_queries(NEGOTIATION_QUERIES):
        response = client.get(url)

    assert response.content.decode().count("A proposed text.") == 2 * (4 + extra)
