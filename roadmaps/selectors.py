"""Reads of roadmaps, and the progress figures computed from them.

How progress is computed (the same on the dashboard and in the PDF; PROGRESS_RULE says it
to readers):

- each responsible country's progress on an action is the percentage of that country's
  latest update on it (latest by date, then by the order updates were filed); a country
  that has not reported yet counts 0; updates of countries that are not (or no longer)
  responsible for the action do not count;
- an action's progress is the mean of its responsible countries' progress (0 without any
  responsible country); an action the Secretariat marked completed is at 100 for the action
  and for each of its countries, whatever the updates say;
- a line of action's progress is the mean of its actions' progress;
- a country's progress is the mean, over the actions it is responsible for, of its own
  progress on each (never another country's);
- an action's displayed status follows its figures: "completed" when the Secretariat
  marked it so or every responsible country reports 100 %; otherwise "in progress" (or
  "delayed", when the Secretariat says so) once its progress is above 0; otherwise the
  status the Secretariat gave it. It is overdue when its due date has passed and it is not
  completed.

Means are rounded to one decimal place; a line without actions has no progress (None).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Country

from .models import (
    PUBLIC_STATUSES,
    Action,
    ActionStatus,
    Indicator,
    IndicatorMeasurement,
    LineOfAction,
    ProgressUpdate,
    Roadmap,
)

PROGRESS_RULE = _(
    "Each responsible country's progress on an action is its latest update (0 and “no report "
    "yet” until it reports); an action's progress is the mean over its responsible countries, "
    "a line's the mean of its actions, and a country's the mean of its own progress on the "
    "actions it is responsible for."
)


def roadmaps_public() -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(status__in=PUBLIC_STATUSES).order_by("-period_start", "-id")


def _latest_update_of_country() -> QuerySet[ProgressUpdate]:
    """The latest update of the outer row's country on the outer row's action."""
    return ProgressUpdate.objects.filter(
        action=OuterRef("action"), country=OuterRef("country")
    ).order_by("-date", "-id")


def latest_updates_per_country(*, actions: QuerySet[Action]) -> QuerySet[ProgressUpdate]:
    """Each country's latest update on each of `actions`, in one query."""
    return (
        ProgressUpdate.objects.filter(action__in=actions)
        .annotate(newest_id=Subquery(_latest_update_of_country().values("id")[:1]))
        .filter(id=F("newest_id"))
        .select_related("country")
    )


def latest_measurements_per_country(*, actions: QuerySet[Action]) -> QuerySet:
    """Each country's latest value of each indicator of `actions`, in one query."""
    newest = IndicatorMeasurement.objects.filter(
        indicator=OuterRef("indicator"), update__country=OuterRef("update__country")
    ).order_by("-update__date", "-update__id")
    return (
        IndicatorMeasurement.objects.filter(indicator__action__in=actions)
        .annotate(newest_id=Subquery(newest.values("id")[:1]))
        .filter(id=F("newest_id"))
        .select_related("update")
    )


def _own_latest(country_id: int) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(action=OuterRef("pk"), country_id=country_id).order_by(
        "-date", "-id"
    )


def actions_with_country_progress(*, country_id: int) -> QuerySet[Action]:
    """Actions with the id and percentage of `country_id`'s own latest update on each."""
    latest = _own_latest(country_id)
    return Action.objects.annotate(
        latest_update_id=Subquery(latest.values("id")[:1]),
        latest_percentage=Subquery(latest.values("percentage")[:1]),
    )


def action_progress(action: Action) -> int:
    """A country's own progress on an action annotated by actions_with_country_progress."""
    if action.status == ActionStatus.COMPLETED:
        return 100
    return action.latest_percentage or 0


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


@dataclass
class CountryShare:
    """One responsible country's own progress on one action."""

    country: Country
    progress: int
    latest_update: ProgressUpdate | None

    @property
    def reported(self) -> bool:
        return self.latest_update is not None


@dataclass
class IndicatorValue:
    """One country's latest measured value of an indicator (None before it reports one)."""

    country: Country
    value: Decimal | None
    date: datetime.date | None


@dataclass
class IndicatorProgress:
    indicator: Indicator
    values: list[IndicatorValue]


@dataclass
class ActionProgress:
    action: Action
    shares: list[CountryShare]
    today: datetime.date
    indicators: list[IndicatorProgress] = field(default_factory=list)

    @property
    def countries(self) -> list[Country]:
        return [share.country for share in self.shares]

    @property
    def progress(self) -> float:
        if self.action.status == ActionStatus.COMPLETED:
            return 100
        return _mean([share.progress for share in self.shares]) or 0

    @property
    def completed(self) -> bool:
        return self.action.status == ActionStatus.COMPLETED or bool(
            self.shares and all(share.progress >= 100 for share in self.shares)
        )

    @property
    def status(self) -> ActionStatus:
        """The status shown: never behind the figures."""
        stored = ActionStatus(self.action.status)
        if self.completed:
            return ActionStatus.COMPLETED
        if self.progress > 0 and stored != ActionStatus.DELAYED:
            return ActionStatus.IN_PROGRESS
        return stored

    @property
    def overdue(self) -> bool:
        return self.action.due_date < self.today and not self.completed

    @property
    def latest_update(self) -> ProgressUpdate | None:
        reported = [share.latest_update for share in self.shares if share.latest_update]
        return max(reported, key=lambda u: (u.date, u.pk), default=None)


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
    shares: list[CountryShare] = field(default_factory=list)

    @property
    def actions(self) -> list[CountryShare]:
        return self.shares

    @property
    def progress(self) -> float | None:
        return _mean([share.progress for share in self.shares])


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
            for share in item.shares:
                by_country.setdefault(share.country.pk, CountryProgress(share.country))
                by_country[share.country.pk].shares.append(share)
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
    def latest_updates(self) -> list[tuple[ActionProgress, ProgressUpdate]]:
        """Each country's latest update on each action, the most recently reported first."""
        reported = [
            (item, share.latest_update)
            for item in self.actions
            for share in item.shares
            if share.latest_update
        ]
        return sorted(reported, key=lambda pair: (pair[1].date, pair[1].pk), reverse=True)


def roadmap_detail(*, slug: str) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(slug=slug).prefetch_related("origin_workshops")


def roadmap_progress(*, roadmap: Roadmap, today: datetime.date | None = None) -> RoadmapProgress:
    """Every line, action and figure of a roadmap, in a fixed number of queries."""
    return roadmaps_progress(roadmaps=[roadmap], today=today)[0]


def roadmaps_progress(
    *,
    roadmaps: list[Roadmap],
    today: datetime.date | None = None,
    with_details: bool = True,
) -> list[RoadmapProgress]:
    """The progress of each of `roadmaps`, in their order, computed as for one roadmap and
    in the same fixed number of queries whatever their number. Without details, the figures
    only: no indicators, partner organizations or GCM objectives are read."""
    today = today or timezone.localdate()
    roadmap_ids = [roadmap.pk for roadmap in roadmaps]
    of_roadmaps = Action.objects.filter(line__roadmap__in=roadmap_ids)
    prefetch: list[str | Prefetch] = [
        Prefetch("responsible_countries", queryset=Country.objects.order_by("name"))
    ]
    if with_details:
        prefetch += ["partner_organizations", "gcm_objectives", "indicators"]
    actions = list(of_roadmaps.prefetch_related(*prefetch).order_by("position", "id"))
    lines = list(LineOfAction.objects.filter(roadmap__in=roadmap_ids).order_by("position", "id"))
    latest = {
        (update.action_id, update.country_id): update
        for update in latest_updates_per_country(actions=of_roadmaps)
    }
    measured = (
        {
            (value.indicator_id, value.update.country_id): value
            for value in latest_measurements_per_country(actions=of_roadmaps)
        }
        if with_details
        else {}
    )

    by_line: dict[int, list[ActionProgress]] = {line.pk: [] for line in lines}
    for action in actions:
        closed = action.status == ActionStatus.COMPLETED
        countries = list(action.responsible_countries.all())
        shares = []
        for country in countries:
            update = latest.get((action.pk, country.pk))
            share_progress = 100 if closed else (update.percentage if update else 0)
            shares.append(
                CountryShare(country=country, progress=share_progress, latest_update=update)
            )
        indicators = []
        for indicator in action.indicators.all() if with_details else ():
            values = []
            for country in countries:
                value = measured.get((indicator.pk, country.pk))
                values.append(
                    IndicatorValue(
                        country=country,
                        value=value.value if value else None,
                        date=value.update.date if value else None,
                    )
                )
            indicators.append(IndicatorProgress(indicator=indicator, values=values))
        by_line[action.line_id].append(
            ActionProgress(action=action, shares=shares, today=today, indicators=indicators)
        )
    by_roadmap = {roadmap.pk: roadmap for roadmap in roadmaps}
    for line in lines:
        line.roadmap = by_roadmap[line.roadmap_id]
        for item in by_line[line.pk]:
            item.action.line = line
    return [
        RoadmapProgress(
            roadmap=roadmap,
            today=today,
            lines=[
                LineProgress(line=line, actions=by_line[line.pk])
                for line in lines
                if line.roadmap_id == roadmap.pk
            ],
        )
        for roadmap in roadmaps
    ]


def actions_of_country(*, country_id: int) -> QuerySet[Action]:
    """The actions a country is responsible for, on roadmaps the public can see, with the
    progress of each."""
    return (
        actions_with_country_progress(country_id=country_id)
        .filter(responsible_countries=country_id, line__roadmap__status__in=PUBLIC_STATUSES)
        .select_related("line__roadmap")
        .prefetch_related("responsible_countries")
        .order_by("-line__roadmap__period_start", "line__roadmap_id", "line__position", "position")
    )


def action_for_delegate(*, pk: int, country_id: int) -> QuerySet[Action]:
    """The action `pk`, with `country_id`'s own progress on it."""
    return (
        actions_with_country_progress(country_id=country_id)
        .filter(pk=pk)
        .select_related("line__roadmap")
        .prefetch_related("responsible_countries", "indicators")
    )


def progress_update_with_evidence(*, pk: int) -> QuerySet[ProgressUpdate]:
    """The update `pk`, if it has an evidence file."""
    return ProgressUpdate.objects.filter(pk=pk).exclude(evidence="")


def action_updates(*, action: Action) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(action=action)
        .select_related("country", "filed_by")
        .prefetch_related("measurements__indicator")
    )
