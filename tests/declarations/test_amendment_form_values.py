"""A refused amendment shows again everything the delegate typed, as typed."""

import html
import re

import pytest
from django.urls import reverse

from declarations.models import Amendment
from tests.declarations.test_negotiation import _first_operative, _open_form

pytestmark = pytest.mark.django_db

RATIONALE = "Two reasons:\n\n1. Sustainability & dignity\n2. Costs < 5 %"


def _textarea(page, name):
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1))


def test_a_refused_amendment_keeps_what_was_typed(client, negotiated, delegate_gt):
    paragraph = _first_operative(negotiated)
    client.force_login(delegate_gt)
    hidden = _open_form(client, paragraph)

    response = client.post(
        reverse("declarations:propose", args=[paragraph.pk]),
        {**hidden, "action": "change", "language": "fr", "text": "  ", "rationale": RATIONALE},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Write the text you propose." in page
    assert _textarea(page, "rationale") == RATIONALE
    assert 'value="fr" selected' in page or 'value="fr"\n' in page
    assert not Amendment.objects.exists()
