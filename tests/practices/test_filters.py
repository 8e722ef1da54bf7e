"""The catalogue's FilterSet is the one check of a selection, for the page, its exports and
its compiled report alike, the call of a workshop page included."""

import pytest
from django.urls import reverse

from practices.compilations import compilation_filters_clean
from practices.models import PracticeStatus
from tests.factories import PracticeCallFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_narrows_to_a_call_and_carries_it_to_the_compiled_report(client):
    call = PracticeCallFactory()
    PracticeFactory(call=call, status=PracticeStatus.PUBLISHED, title_en="Answer to the call")
    PracticeFactory(status=PracticeStatus.PUBLISHED, title_en="A practice on its own")

    page = client.get(reverse("practices:catalogue"), {"call": f" {call.pk} "}).content.decode()

    assert "Answer to the call" in page
    assert "A practice on its own" not in page
    # Carried along, never offered as a control of its own.
    assert f'<input type="hidden" name="call" value="{call.pk}"' in page
    assert '<label for="id_call"' not in page
    assert compilation_filters_clean({"call": f" {call.pk} "}) == {"call": str(call.pk)}


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "99999999999999999999"])
def test_a_call_that_is_not_a_number_is_refused_by_the_same_check(client, value):
    page = client.get(reverse("practices:catalogue"), {"call": value}).content.decode()
    response = client.post(reverse("reports:compile_initiatives"), {"call": value})

    assert "Some filters are not valid" in page
    assert response.status_code == 400
