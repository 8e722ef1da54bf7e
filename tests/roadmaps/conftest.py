import datetime

import pytest
from django.utils import timezone

from roadmaps.models import ActionStatus, Indicator, IndicatorMeasurement, RoadmapStatus
from tests.factories import (
    ActionFactory,
    LineOfActionFactory,
    ProgressUpdateFactory,
    RoadmapFactory,
    country,
)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def hand_case(db, today):
    """The case whose figures the tests compute by hand. Each responsible country's
    progress on an action is its own latest update (0, "no report yet", without one); an
    action's is the mean over its responsible countries:

    line A "Coordination between countries"
      a1 "Map national services"   MX, GT   MX: 20 then 60 -> MX 60
                                            GT: no report  -> GT 0
                                            action = (60 + 0) / 2 = 30, in progress
      a3 "Train consular staff"    GT       no update, past due -> 0, overdue
    line B "Reintegration"
      a2 "Open reception centres"  MX       MX: 100 -> 100, completed (past due, not overdue)

    line A = (30 + 0) / 2 = 15; line B = 100
    Mexico = (60 [a1] + 100 [a2]) / 2 = 80; Guatemala = (0 [a1] + 0 [a3]) / 2 = 0
    overall = (30 + 0 + 100) / 3 = 43.3

    a1's indicator "Services mapped" (baseline 5, target 40 services): Mexico measured 12
    with its first update and 24 with its latest; Guatemala reported none.
    """
    roadmap = RoadmapFactory(
        title_en="Regional roadmap on return",
        title_es="Hoja de ruta regional sobre el retorno",
        slug="regional-roadmap-on-return",
        period_start=today - datetime.timedelta(days=400),
        period_end=today + datetime.timedelta(days=700),
        status=RoadmapStatus.IN_PROGRESS,
    )
    line_a = LineOfActionFactory(
        roadmap=roadmap,
        position=1,
        title_en="Coordination between countries",
        title_es="Coordinación entre países",
    )
    line_b = LineOfActionFactory(
        roadmap=roadmap,
        position=2,
        title_en="Reintegration",
        title_es="Reintegración",
    )
    a1 = ActionFactory(
        line=line_a,
        position=1,
        title_en="Map national services",
        title_es="Mapear los servicios nacionales",
        start_date=today - datetime.timedelta(days=300),
        due_date=today + datetime.timedelta(days=200),
        status=ActionStatus.IN_PROGRESS,
        countries=["MX", "GT"],
    )
    a3 = ActionFactory(
        line=line_a,
        position=2,
        title_en="Train consular staff",
        title_es="Capacitar al personal consular",
        start_date=today - datetime.timedelta(days=200),
        due_date=today - datetime.timedelta(days=10),
        countries=["GT"],
    )
    a2 = ActionFactory(
        line=line_b,
        position=1,
        title_en="Open reception centres",
        title_es="Abrir centros de recepción",
        start_date=today - datetime.timedelta(days=350),
        due_date=today - datetime.timedelta(days=5),
        countries=["MX"],
    )
    indicator = Indicator.objects.create(
        action=a1,
        name_en="Services mapped",
        name_es="Servicios mapeados",
        name_fr="Services cartographiés",
        baseline=5,
        target=40,
        unit="services",
    )
    first = ProgressUpdateFactory(
        action=a1,
        country=country("MX"),
        date=today - datetime.timedelta(days=60),
        percentage=20,
        narrative="The census of services started.",
    )
    IndicatorMeasurement.objects.create(update=first, indicator=indicator, value=12)
    latest = ProgressUpdateFactory(
        action=a1,
        country=country("MX"),
        date=today - datetime.timedelta(days=20),
        percentage=60,
        narrative="Services of both countries are mapped up to the border.",
    )
    IndicatorMeasurement.objects.create(update=latest, indicator=indicator, value=24)
    ProgressUpdateFactory(
        action=a2,
        country=country("MX"),
        date=today - datetime.timedelta(days=7),
        percentage=100,
        narrative="Three reception centres are open in Tapachula.",
    )
    return {
        "roadmap": roadmap,
        "line_a": line_a,
        "line_b": line_b,
        "a1": a1,
        "a2": a2,
        "a3": a3,
        "indicator": indicator,
    }
