"""A refused progress update shows again everything the delegate typed, as typed."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from roadmaps.models import ProgressUpdate

pytestmark = pytest.mark.django_db

NARRATIVE = "Se firmó el convenio.\n\n- Consulados: 3\n- Costos < 5 % & bajando"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The date of an update cannot be in the future."),
        ("es", "La fecha de un informe de avance no puede ser posterior a la fecha actual."),
        ("fr", "La date d’un point d’avancement ne peut pas être postérieure à la date du"),
    ],
)
def test_a_refused_update_keeps_what_was_typed(client, hand_case, delegate_mx, language, message):
    client.force_login(delegate_mx)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    with translation.override(language):
        url = reverse("roadmaps:report", args=[hand_case["a1"].pk])

    response = client.post(url, {"date": tomorrow, "percentage": "45", "narrative": NARRATIVE})

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'value="{tomorrow}"' in page
    assert 'value="45"' in page
    typed = re.search(r'<textarea name="narrative"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert html.unescape(typed.group(1)) == NARRATIVE
    assert ProgressUpdate.objects.count() == 3
