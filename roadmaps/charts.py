"""Charts drawn on the server as inline SVG: the same markup on the dashboard and in the
PDF, no JavaScript, scaled by its viewBox. Every text is escaped; every chart has a title
and a description for screen readers, and a table of the same figures beside it."""

import datetime
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 230
# 100% is this many units wide: a bar of p% is p * BAR_SCALE / 100 wide.
BAR_SCALE = 300
BAR_HEIGHT = 18
ROW_HEIGHT = 30
LABEL_CHARS = 30

INK = "#1d1d1f"
MUTED = "#555b62"
BRAND = "#0b3d5c"
TRACK = "#e7f0f5"
LATE = "#a4161a"
DONE = "#1b6b3a"
ACCENT = "#c98a00"
FONT = 'font-family="DejaVu Sans, system-ui, sans-serif"'


def percent(value: float | None) -> str:
    """40 -> "40%", 33.33 -> "33.3%" (in the active language's notation); None -> "—"."""
    if value is None:
        return "—"
    return f"{floatformat(value, -1)}%"


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def _short(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _open(chart_id: str, height: float, title: str, description: str, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" '
        f'viewBox="0 0 {WIDTH} {_number(height)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'preserveAspectRatio="xMinYMin meet" {FONT} font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def bar_width(value: float | None) -> float:
    value = max(0.0, min(100.0, float(value or 0)))
    return round(value * BAR_SCALE / 100, 2)


def bar_chart_svg(
    *, rows: list[tuple[str, float | None]], title: str, description: str, chart_id: str
) -> SafeString:
    """Horizontal bars, one per (label, percentage) row, on a 0–100% scale."""
    top = 8
    axis_y = top + ROW_HEIGHT * max(len(rows), 1)
    height = axis_y + 24
    parts = _open(chart_id, height, title, description, "bars")
    for tick in (0, 25, 50, 75, 100):
        x = LABEL_WIDTH + bar_width(tick)
        parts.append(
            f'<line x1="{_number(x)}" y1="{top}" x2="{_number(x)}" y2="{axis_y}" '
            f'stroke="#d6dde2" stroke-width="1"/>'
            f'<text x="{_number(x)}" y="{axis_y + 16}" text-anchor="middle" fill="{MUTED}" '
            f'font-size="11">{escape(percent(tick))}</text>'
        )
    for index, (label, value) in enumerate(rows):
        y = top + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        width = bar_width(value)
        text_y = _number(y + BAR_HEIGHT / 2 + 4.5)
        parts.append(
            f'<g class="row"><title>{escape(label)}: {escape(percent(value))}</title>'
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" '
            f'fill="{INK}" font-size="12">{escape(_short(label))}</text>'
            f'<rect class="track" x="{LABEL_WIDTH}" y="{_number(y)}" width="{BAR_SCALE}" '
            f'height="{BAR_HEIGHT}" fill="{TRACK}"/>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{_number(y)}" width="{_number(width)}" '
            f'height="{BAR_HEIGHT}" fill="{BRAND}" data-value="{_number(float(value or 0))}"/>'
            f'<text class="value" x="{_number(LABEL_WIDTH + width + 6)}" y="{text_y}" '
            f'fill="{INK}" font-weight="bold">{escape(percent(value))}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


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
    plot_left, plot_width = LABEL_WIDTH, WIDTH - LABEL_WIDTH - 12

    def x_of(day: datetime.date) -> float:
        return plot_left + plot_width * (day - first).days / span

    top = 24
    axis_y = top + ROW_HEIGHT * max(len(rows), 1)
    height = axis_y + 26
    parts = _open(chart_id, height, title, description, "timeline")
    for day, label in _ticks(first, last):
        x = _number(x_of(day))
        parts.append(
            f'<line x1="{x}" y1="{top}" x2="{x}" y2="{axis_y}" stroke="#d6dde2"/>'
            f'<text x="{x}" y="{axis_y + 17}" text-anchor="middle" fill="{MUTED}" '
            f'font-size="11">{escape(label)}</text>'
        )
    for index, row in enumerate(rows):
        y = top + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        x1, x2 = x_of(row.start), x_of(row.due)
        width = max(x2 - x1, 2)
        done = width * max(0.0, min(100.0, row.progress)) / 100
        color = DONE if row.completed else (LATE if row.overdue else BRAND)
        summary = _("%(action)s: %(start)s to %(due)s, %(progress)s") % {
            "action": row.label,
            "start": row.start.isoformat(),
            "due": row.due.isoformat(),
            "progress": percent(row.progress),
        }
        parts.append(
            f'<g class="row"><title>{escape(summary)}</title>'
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{_number(y + BAR_HEIGHT / 2 + 4.5)}" '
            f'text-anchor="end" fill="{INK}" font-size="12">{escape(_short(row.label))}</text>'
            f'<rect class="span" x="{_number(x1)}" y="{_number(y)}" width="{_number(width)}" '
            f'height="{BAR_HEIGHT}" fill="#ffffff" stroke="{color}" stroke-width="1.5"/>'
            f'<rect class="done" x="{_number(x1)}" y="{_number(y)}" width="{_number(done)}" '
            f'height="{BAR_HEIGHT}" fill="{color}"/></g>'
        )
    if first <= today <= last:
        x = _number(x_of(today))
        parts.append(
            f'<g class="today"><line x1="{x}" y1="{top - 6}" x2="{x}" y2="{axis_y}" '
            f'stroke="{ACCENT}" stroke-width="2" stroke-dasharray="4 3"/>'
            f'<text x="{x}" y="{top - 10}" text-anchor="middle" fill="{ACCENT}" '
            f'font-weight="bold" font-size="11">{escape(_("Today"))}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def roadmap_charts(progress) -> dict[str, SafeString]:
    """The three charts of a roadmap's progress (a selectors.RoadmapProgress)."""
    roadmap = progress.roadmap
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
    return {
        "lines": bar_chart_svg(
            rows=[(line.line.title, line.progress) for line in progress.lines],
            title=_("Progress by line of action"),
            description=_(
                "Mean progress of the actions of each line of action, from 0 to 100%. "
                "The table that follows gives the same figures."
            ),
            chart_id="chart-lines",
        ),
        "countries": bar_chart_svg(
            rows=[(c.country.name, c.progress) for c in progress.countries],
            title=_("Progress by country"),
            description=_(
                "Mean progress of the actions each country is responsible for, from 0 to "
                "100%. The table that follows gives the same figures."
            ),
            chart_id="chart-countries",
        ),
        "timeline": timeline_svg(
            rows=timeline_rows,
            today=progress.today,
            period=(roadmap.period_start, roadmap.period_end),
            title=_("Timeline of the actions"),
            description=_(
                "Each action from its start to its due date, the part done filled in, "
                "with a line at today's date. The table that follows gives the same dates."
            ),
            chart_id="chart-timeline",
        ),
    }


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
        return LABEL_WIDTH + BAR_SCALE * (float(value) - low) / (high - low)

    top = 22
    axis_y = top + ROW_HEIGHT * max(len(rows), 1)
    height = axis_y + 10
    parts = _open(chart_id, height, title, description, "indicator")
    marks = [(target, _("Target"), DONE, "")]
    if baseline is not None:
        marks.insert(0, (baseline, _("Baseline"), MUTED, ' stroke-dasharray="4 3"'))
    for value, name, color, dash in marks:
        x = _number(x_of(value))
        parts.append(
            f'<g class="mark"><line x1="{x}" y1="{top - 4}" x2="{x}" y2="{axis_y}" '
            f'stroke="{color}" stroke-width="2"{dash}/>'
            f'<text x="{x}" y="{top - 8}" text-anchor="middle" fill="{color}" font-size="11">'
            f"{escape(name)}: {escape(_value_text(value, unit))}</text></g>"
        )
    zero = x_of(0)
    for index, (label, value) in enumerate(rows):
        y = top + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        text_y = _number(y + BAR_HEIGHT / 2 + 4.5)
        shown = _("no report yet") if value is None else _value_text(value, unit)
        parts.append(
            f'<g class="row"><title>{escape(label)}: {escape(shown)}</title>'
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" '
            f'fill="{INK}" font-size="12">{escape(_short(label))}</text>'
        )
        if value is not None:
            start, end = sorted((zero, x_of(value)))
            parts.append(
                f'<rect class="bar" x="{_number(start)}" y="{_number(y)}" '
                f'width="{_number(max(end - start, 1))}" height="{BAR_HEIGHT}" fill="{BRAND}" '
                f'data-value="{_number(float(value))}"/>'
            )
            value_x = end + 6
        else:
            value_x = zero + 6
        parts.append(
            f'<text class="value" x="{_number(value_x)}" y="{text_y}" fill="{INK}">'
            f"{escape(shown)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


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
