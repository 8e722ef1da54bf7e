"""Reads of roadmaps, and the progress figures computed from them.

How progress is computed (the same on the dashboard and in the PDF):

- an action's progress is the percentage of its latest progress update (latest by date,
  then by the order updates were filed), 0 without any; an action the Secretariat marked
  completed is at 100 whatever the updates say;
- a line of action's progress is the mean of its actions' progress;
- a country's progress is the mean of the progress of the actions it is responsible for
  (an action shared by two countries counts fully for each);
- an action is overdue when its due date has passed, its progress is below 100 and it is
  not marked completed.

Means are rounded to one decimal place; a line without actions has no progress (None).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from members.models import Country

from .models import (
    PUBLIC_STATUSES,
    Action,
    ActionStatus,
    LineOfAction,
    ProgressUpdate,
    Roadmap,
)


def roadmaps_public() -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(status__in=PUBLIC_STATUSES).order_by("-period_start", "-id")


def _latest_updates() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-date", "-id")


def actions_with_progress() -> QuerySet[Action]:
    """Actions with the id and percentage of their latest update, in one query."""
    latest = _latest_updates()
    return Action.objects.annotate(
        latest_update_id=Subquery(latest.values("id")[:1]),
        latest_percentage=Subquery(latest.values("percentage")[:1]),
    )


def action_progress(action: Action) -> int:
    if action.status == ActionStatus.COMPLETED:
        return 100
    return action.latest_percentage or 0


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


@dataclass
class ActionProgress:
    action: Action
    progress: int
    overdue: bool
    latest_update: ProgressUpdate | None

    @property
    def countries(self) -> list[Country]:
        return list(self.action.responsible_countries.all())


@dataclass
class LineProgress:
    line: LineOfAction
    actions: list[ActionProgress]

    @property
    def progress(self) -> float | None:
        return _mean([item.progress for item in self.actions])


@dataclass
class CountryProgress:
    country: Country
    actions: list[ActionProgress] = field(default_factory=list)

    @property
    def progress(self) -> float | None:
        return _mean([item.progress for item in self.actions])


@dataclass
class RoadmapProgress:
    roadmap: Roadmap
    today: datetime.date
    lines: list[LineProgress]

    @property
    def actions(self) -> list[ActionProgress]:
        return [item for line in self.lines for item in line.actions]

    @property
    def countries(self) -> list[CountryProgress]:
        by_country: dict[int, CountryProgress] = {}
        for item in self.actions:
            for country in item.countries:
                by_country.setdefault(country.pk, CountryProgress(country)).actions.append(item)
        return sorted(by_country.values(), key=lambda c: str(c.country.name).casefold())

    @property
    def overdue(self) -> list[ActionProgress]:
        return sorted(
            (item for item in self.actions if item.overdue), key=lambda i: i.action.due_date
        )

    @property
    def progress(self) -> float | None:
        return _mean([item.progress for item in self.actions])

    @property
    def latest_updates(self) -> list[ActionProgress]:
        """The actions with a progress update, the most recently reported first."""
        reported = [item for item in self.actions if item.latest_update]
        return sorted(
            reported,
            key=lambda i: (i.latest_update.date, i.latest_update.pk),
            reverse=True,
        )


def roadmap_detail(*, slug: str) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(slug=slug).prefetch_related("origin_workshops")


def roadmap_progress(*, roadmap: Roadmap, today: datetime.date | None = None) -> RoadmapProgress:
    """Every line, action and figure of a roadmap, in a fixed number of queries."""
    today = today or timezone.localdate()
    actions = (
        actions_with_progress()
        .filter(line__roadmap=roadmap)
        .prefetch_related(
            Prefetch("responsible_countries", queryset=Country.objects.order_by("name")),
            "partner_organizations",
            "gcm_objectives",
            "indicators",
        )
        .order_by("position", "id")
    )
    lines = list(LineOfAction.objects.filter(roadmap=roadmap).order_by("position", "id"))
    actions = list(actions)
    latest_ids = [a.latest_update_id for a in actions if a.latest_update_id]
    latest = ProgressUpdate.objects.select_related("country").in_bulk(latest_ids)

    by_line: dict[int, list[ActionProgress]] = {line.pk: [] for line in lines}
    for action in actions:
        progress = action_progress(action)
        overdue = (
            action.due_date < today and progress < 100 and action.status != ActionStatus.COMPLETED
        )
        by_line[action.line_id].append(
            ActionProgress(
                action=action,
                progress=progress,
                overdue=overdue,
                latest_update=latest.get(action.latest_update_id),
            )
        )
    for line in lines:
        line.roadmap = roadmap
        for item in by_line[line.pk]:
            item.action.line = line
    return RoadmapProgress(
        roadmap=roadmap,
        today=today,
        lines=[LineProgress(line=line, actions=by_line[line.pk]) for line in lines],
    )


def actions_of_country(*, country_id: int) -> QuerySet[Action]:
    """The actions a country is responsible for, on roadmaps the public can see, with the
    progress of each."""
    return (
        actions_with_progress()
        .filter(responsible_countries=country_id, line__roadmap__status__in=PUBLIC_STATUSES)
        .select_related("line__roadmap")
        .prefetch_related("responsible_countries")
        .order_by("-line__roadmap__period_start", "line__roadmap_id", "line__position", "position")
    )


def action_for_delegate(*, pk: int) -> QuerySet[Action]:
    return (
        actions_with_progress()
        .filter(pk=pk)
        .select_related("line__roadmap")
        .prefetch_related("responsible_countries", "indicators")
    )


def progress_update_with_evidence(*, pk: int) -> QuerySet[ProgressUpdate]:
    """The update `pk`, if it has an evidence file."""
    return ProgressUpdate.objects.filter(pk=pk).exclude(evidence="")


def action_updates(*, action: Action) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(action=action).select_related("country", "filed_by")
