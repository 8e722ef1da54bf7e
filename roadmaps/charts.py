"""Charts drawn on the server as inline SVG: the same markup on the dashboard and in the
PDF, no JavaScript. The figures and the positions are computed here; the markup is in
templates/roadmaps/charts/, where Django escapes every text. Every chart has a title and a
description for screen readers, and a table of the same figures beside it.

A chart is as wide in its own units as it is shown on a desktop (WIDTH, in CSS pixels), and
only shrinks to fit a narrower screen: on a phone of 390 px its 14-unit labels stay about
13 px high. Each row's label stands on its own line above the bar, where it has the whole
width, and wraps to a second line before it is cut."""

import datetime
import textwrap
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

# The width of every chart, in its own units and in CSS pixels at full size.
WIDTH = 360
# 100% is this many units wide: a bar of p% is p * BAR_SCALE / 100 wide.
BAR_SCALE = 300
BAR_HEIGHT = 16
FONT_SIZE = 14
LINE_HEIGHT = 17
ROW_GAP = 12
# The width of an average character of DejaVu Sans, in font sizes: how labels are wrapped.
CHAR_WIDTH = 0.6
LABEL_LINES = 2
# Room left and right of a time axis for the dates written under its ends.
TIME_MARGIN = 26


def percent(value: float | None) -> str:
    """40 -> "40%", 33.33 -> "33.3%" (in the active language's notation); None -> "—"."""
    if value is None:
        return "—"
    return f"{floatformat(value, -1)}%"


def _number(value: float) -> str:
    """A coordinate as SVG writes it, whatever the language: 45, 12.5."""
    return f"{round(value, 2):g}"


def bar_width(value: float | None) -> float:
    value = max(0.0, min(100.0, float(value or 0)))
    return round(value * BAR_SCALE / 100, 2)


def _text_width(text: str, *, font_size: float = FONT_SIZE, bold: bool = False) -> float:
    """About how wide `text` is drawn, in the chart's units."""
    return len(text) * font_size * CHAR_WIDTH * (1.1 if bold else 1)


def _chars(width: float) -> int:
    """How many characters of a label fit in `width`."""
    return int(width / (FONT_SIZE * CHAR_WIDTH))


def _anchor(x: float, text: str, *, font_size: float = 12) -> str:
    """Where `text`, written at `x`, is anchored so that it stays inside the chart."""
    half = _text_width(text, font_size=font_size) / 2
    if x - half < 0:
        return "start"
    if x + half > WIDTH:
        return "end"
    return "middle"


@dataclass(frozen=True)
class Row:
    """One row of a chart: its label on one or two lines, with the value written at the
    right of the first, and the band below them where its bar is drawn."""

    label: str
    lines: list[tuple[str, str]]  # (y, text) of each line of the label
    value: str
    bar_y: str
    bar_end: str
    top: float
    bottom: float


def _rows(labels_and_values: list[tuple[str, str]], *, top: float) -> list[Row]:
    """The rows of `labels_and_values` stacked from `top` down."""
    rows = []
    for label, value in labels_and_values:
        label = " ".join(str(label).split())
        # The first line leaves room for the value at its right.
        first_width = WIDTH - (_text_width(value, bold=True) + 10 if value else 0)
        first, *rest = textwrap.wrap(label, _chars(first_width)) or [""]
        more = textwrap.wrap(" ".join(rest), _chars(WIDTH))
        texts = [first, *more][:LABEL_LINES]
        if len(more) >= LABEL_LINES:
            texts[-1] = texts[-1][: _chars(WIDTH) - 1].rstrip() + "…"
        lines = [
            (_number(top + FONT_SIZE - 1 + index * LINE_HEIGHT), text)
            for index, text in enumerate(texts)
        ]
        bar_y = top + len(lines) * LINE_HEIGHT + 4
        bottom = bar_y + BAR_HEIGHT + ROW_GAP
        rows.append(
            Row(label, lines, value, _number(bar_y), _number(bar_y + BAR_HEIGHT), top, bottom)
        )
        top = bottom
    return rows


@dataclass(frozen=True)
class Frame:
    """What every chart has: an id, and a title and a description for screen readers."""

    chart_id: str
    title: str
    description: str


def _svg(kind: str, frame: Frame, *, height: float, **context) -> SafeString:
    """The chart drawn by templates/roadmaps/charts/<kind>.svg, in the frame of chart.svg."""
    return render_to_string(
        f"roadmaps/charts/{kind}.svg",
        {
            "kind": kind,
            "chart_id": frame.chart_id,
            "title": frame.title,
            "description": frame.description,
            "width": WIDTH,
            "height": _number(height),
            "font_size": FONT_SIZE,
            "bar_height": BAR_HEIGHT,
            **context,
        },
    )


def bar_chart_svg(
    *, rows: list[tuple[str, float | None]], title: str, description: str, chart_id: str
) -> SafeString:
    """Horizontal bars, one per (label, percentage) row, on a 0–100% scale."""
    drawn = _rows([(label, percent(value)) for label, value in rows], top=4)
    axis_y = drawn[-1].bottom - ROW_GAP + 6 if drawn else 10
    bars = [
        {
            "row": row,
            "width": _number(bar_width(value)),
            "data_value": _number(float(value or 0)),
        }
        for row, (_label, value) in zip(drawn, rows, strict=True)
    ]
    ticks = []
    for tick in (0, 25, 50, 75, 100):
        x, text = bar_width(tick), percent(tick)
        ticks.append({"x": _number(x), "text": text, "anchor": _anchor(x, text)})
    return _svg(
        "bars",
        Frame(chart_id, title, description),
        height=axis_y + 18,
        bars=bars,
        ticks=ticks,
        tick_y=_number(axis_y + 12),
        scale=BAR_SCALE,
    )


@dataclass(frozen=True)
class TimelineRow:
    label: str
    start: datetime.date
    due: datetime.date
    progress: float
    overdue: bool = False
    completed: bool = False


def _ticks(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, str]]:
    """Years on a long axis; half-years or quarters, written 2026-07, on a shorter one."""
    days = (last - first).days
    if days > 800:
        return [
            (datetime.date(year, 1, 1), str(year))
            for year in range(first.year, last.year + 1)
            if first <= datetime.date(year, 1, 1) <= last
        ]
    ticks = []
    step = 3 if days <= 400 else 6
    year, month = first.year, ((first.month - 1) // step) * step + 1
    while datetime.date(year, month, 1) <= last:
        day = datetime.date(year, month, 1)
        if day >= first:
            ticks.append((day, day.strftime("%Y-%m")))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return ticks


def timeline_svg(
    *,
    rows: list[TimelineRow],
    today: datetime.date,
    title: str,
    description: str,
    chart_id: str,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> SafeString:
    """Each action as a bar from its start to its due date, the part done filled in, on a
    time axis with a line at today."""
    dates = [d for row in rows for d in (row.start, row.due)] + list(period or ())
    first = min(dates, default=today)
    last = max(dates, default=today)
    if last <= first:
        last = first + datetime.timedelta(days=1)
    span = (last - first).days
    plot_width = WIDTH - 2 * TIME_MARGIN

    def x_of(day: datetime.date) -> float:
        return TIME_MARGIN + plot_width * (day - first).days / span

    top = 22
    drawn = _rows([(row.label, "") for row in rows], top=top)
    axis_y = drawn[-1].bottom - ROW_GAP + 6 if drawn else top + 10
    spans = []
    for row, timeline_row in zip(drawn, rows, strict=True):
        x1, x2 = x_of(timeline_row.start), x_of(timeline_row.due)
        width = max(x2 - x1, 2)
        spans.append(
            {
                "row": row,
                "x": _number(x1),
                "width": _number(width),
                "done": _number(width * max(0.0, min(100.0, timeline_row.progress)) / 100),
                "completed": timeline_row.completed,
                "overdue": timeline_row.overdue,
                "summary": _("%(action)s: %(start)s to %(due)s, %(progress)s")
                % {
                    "action": timeline_row.label,
                    "start": timeline_row.start.isoformat(),
                    "due": timeline_row.due.isoformat(),
                    "progress": percent(timeline_row.progress),
                },
            }
        )
    today_mark = None
    if first <= today <= last:
        x, text = x_of(today), _("Today")
        today_mark = {"x": _number(x), "anchor": _anchor(x, text), "text": text}
    return _svg(
        "timeline",
        Frame(chart_id, title, description),
        height=axis_y + 18,
        top=top,
        tick_y=_number(axis_y + 12),
        spans=spans,
        ticks=[
            {"x": _number(x_of(day)), "anchor": _anchor(x_of(day), label), "text": label}
            for day, label in _ticks(first, last)
        ],
        today=today_mark,
    )


def roadmap_charts(progress) -> dict[str, SafeString]:
    """The three charts of a roadmap's progress (a selectors.RoadmapProgress)."""
    roadmap = progress.roadmap
    bar_charts = (
        (
            "lines",
            [(line.line.title, line.progress) for line in progress.lines],
            _("Progress by line of action"),
            _(
                "Mean progress of the actions of each line of action, from 0 to 100%. "
                "The table that follows gives the same figures."
            ),
        ),
        (
            "countries",
            [(c.country.name, c.progress) for c in progress.countries],
            _("Progress by country"),
            _(
                "Mean progress of the actions each country is responsible for, from 0 to "
                "100%. The table that follows gives the same figures."
            ),
        ),
    )
    charts = {
        name: bar_chart_svg(
            rows=rows, title=title, description=description, chart_id=f"chart-{name}"
        )
        for name, rows, title, description in bar_charts
    }
    timeline_rows = []
    for item in progress.actions:
        action = item.action
        start = action.start_date or min(roadmap.period_start, action.due_date)
        timeline_rows.append(
            TimelineRow(
                label=action.title,
                start=start,
                due=action.due_date,
                progress=item.progress,
                overdue=item.overdue,
                completed=item.completed,
            )
        )
    charts["timeline"] = timeline_svg(
        rows=timeline_rows,
        today=progress.today,
        period=(roadmap.period_start, roadmap.period_end),
        title=_("Timeline of the actions"),
        description=_(
            "Each action from its start to its due date, the part done filled in, "
            "with a line at today's date. The table that follows gives the same dates."
        ),
        chart_id="chart-timeline",
    )
    return charts


def _value_text(value, unit: str) -> str:
    text = floatformat(value, -2)
    return f"{text} {unit}".strip()


def indicator_chart_svg(
    *,
    rows: list[tuple[str, float | None]],
    baseline: float | None,
    target: float,
    unit: str,
    title: str,
    description: str,
    chart_id: str,
) -> SafeString:
    """One bar per country for its latest measured value of an indicator, on a scale that
    holds the baseline (a dashed line) and the target (a solid line)."""
    figures = [float(target)] + [float(v) for _label, v in rows if v is not None]
    if baseline is not None:
        figures.append(float(baseline))
    low, high = min(0.0, *figures), max(figures)
    if high <= low:
        high = low + 1

    def x_of(value: float) -> float:
        return BAR_SCALE * (float(value) - low) / (high - low)

    # The baseline and the target are named in a key above the rows, and drawn across them.
    marks = [{"value": target, "name": _("Target"), "kind": "target"}]
    if baseline is not None:
        marks.insert(0, {"value": baseline, "name": _("Baseline"), "kind": "baseline"})
    for index, mark in enumerate(marks):
        mark["x"] = _number(x_of(mark["value"]))
        mark["key_y"] = _number(14 + index * LINE_HEIGHT)
        mark["text"] = f"{mark['name']}: {_value_text(mark['value'], unit)}"
    top = 14 + len(marks) * LINE_HEIGHT
    shown = [
        (label, _("no report yet") if value is None else _value_text(value, unit))
        for label, value in rows
    ]
    drawn = _rows(shown, top=top)
    axis_y = drawn[-1].bottom - ROW_GAP + 4 if drawn else top + 10
    zero = x_of(0)
    bars = []
    for row, (_label, value) in zip(drawn, rows, strict=True):
        bar = {"row": row}
        if value is not None:
            start, end = sorted((zero, x_of(value)))
            bar.update(
                x=_number(start),
                width=_number(max(end - start, 1)),
                data_value=_number(float(value)),
            )
        bars.append(bar)
    frame = Frame(chart_id, title, description)
    return _svg("indicator", frame, height=axis_y + 4, marks=marks, bars=bars)


def indicator_chart(item) -> SafeString:
    """The chart of one indicator (a selectors.IndicatorProgress), per responsible country."""
    indicator = item.indicator
    return indicator_chart_svg(
        rows=[(str(value.country.name), value.value) for value in item.values],
        baseline=indicator.baseline,
        target=indicator.target,
        unit=indicator.unit,
        title=_("%(indicator)s: baseline, latest value of each country, target")
        % {"indicator": indicator.name},
        description=_(
            "The latest value each responsible country reported, between the baseline and "
            "the target. The table that follows gives the same figures."
        ),
        chart_id=f"chart-indicator-{indicator.pk}",
    )
