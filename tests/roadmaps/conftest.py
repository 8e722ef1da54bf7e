import datetime

import pytest
from django.utils import timezone

from roadmaps.models import ActionStatus, RoadmapStatus
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
    """The case whose figures the tests compute by hand:

    line A "Coordination between countries"
      a1 "Map national services"   MX, GT   updates 20 then 60  -> 60
      a3 "Train consular staff"    GT       no update, past due -> 0, overdue
    line B "Reintegration"
      a2 "Open reception centres"  MX       update 100          -> 100

    line A = (60 + 0) / 2 = 30; line B = 100
    Mexico = (60 + 100) / 2 = 80; Guatemala = (60 + 0) / 2 = 30
    overall = (60 + 100 + 0) / 3 = 53.3
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
    ProgressUpdateFactory(
        action=a1,
        country=country("MX"),
        date=today - datetime.timedelta(days=60),
        percentage=20,
        narrative="The census of services started.",
    )
    ProgressUpdateFactory(
        action=a1,
        country=country("GT"),
        date=today - datetime.timedelta(days=20),
        percentage=60,
        narrative="Services of both countries are mapped up to the border.",
    )
    ProgressUpdateFactory(
        action=a2,
        country=country("MX"),
        date=today - datetime.timedelta(days=7),
        percentage=100,
        narrative="Three reception centres are open in Tapachula.",
    )
    return {"roadmap": roadmap, "line_a": line_a, "line_b": line_b, "a1": a1, "a2": a2, "a3": a3}
