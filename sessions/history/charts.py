"""Server-drawn SVG charts of one partner's trends, laid out in SVG user units here.

No chart library and no JavaScript: the template draws rectangles, a path and text at the
positions computed below, and a table beside each chart gives the same values to screen
readers. Relief is a bar from zero (negative relief grows downwards); average comfort at
the lean check-ins is a line on the same 0–10 scale.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import ngettext

from decompress import scale

SUMMARY_SESSIONS = 10


@dataclass
class TrendPoint:
    session_id: int
    started_at: datetime
    baseline: int | None
    after: int | None
    relief: int | None
    average_comfort: float | None
    relief_display: str = scale.MISSING  # GuidedSession.relief_display: "+3", "0", "-2"
    x: float = 0.0
    bar_x: float = 0.0
    bar_y: float = 0.0
    bar_height: float = 0.0
    comfort_y: float | None = None


@dataclass
class Tick:
    value: int
    y: float


class ChartFrame:
    """The plot area of a server-drawn SVG chart, from its size and margins."""

    width: int
    height: int
    right: int
    bottom: int

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def label_y(self) -> int:
        return self.plot_bottom + 18


@dataclass
class TrendChart(ChartFrame):
    points: list[TrendPoint]
    width: int = 360
    height: int = 230
    left: int = 40
    right: int = 10
    top: int = 12
    bottom: int = 44
    bar_width: float = 0.0
    zero_y: float = 0.0
    ticks: list[Tick] = field(default_factory=list)
    comfort_path: str = ""

    @property
    def tick_label_x(self) -> int:
        return self.left - 5

    @property
    def axis_title_y(self) -> int:
        return self.height - 6

    @property
    def center_x(self) -> float:
        return (self.left + self.plot_right) / 2

    @property
    def first(self) -> TrendPoint | None:
        return self.points[0] if self.points else None

    @property
    def last(self) -> TrendPoint | None:
        return self.points[-1] if len(self.points) > 1 else None


def trend_chart(*, points: list[TrendPoint]) -> TrendChart:
    """Lays the points out in SVG user units: relief as bars from zero, comfort as a line."""
    chart = TrendChart(points=points)
    reliefs = [p.relief for p in points if p.relief is not None]
    low = min([0, *reliefs])
    low = -2 * math.ceil(-low / 2) if low < 0 else 0
    high = scale.COMFORT_MAX
    plot_height = chart.plot_bottom - chart.top
    plot_width = chart.plot_right - chart.left

    def y_of(value: float) -> float:
        return round(chart.top + (high - value) / (high - low) * plot_height, 1)

    chart.zero_y = y_of(0)
    chart.ticks = [Tick(value=v, y=y_of(v)) for v in range(low, high + 1, 2)]
    slot = plot_width / max(len(points), 1)
    chart.bar_width = round(min(slot * 0.6, 24), 1)
    path = []
    for index, point in enumerate(points):
        point.x = round(chart.left + slot * (index + 0.5), 1)
        point.bar_x = round(point.x - chart.bar_width / 2, 1)
        if point.relief is not None:
            top = y_of(max(point.relief, 0))
            point.bar_y = top
            # A zero relief still shows as a thin mark, so "no change" is not "no data".
            point.bar_height = max(round(y_of(min(point.relief, 0)) - top, 1), 1.5)
            if point.relief == 0:
                point.bar_y = round(chart.zero_y - 0.75, 1)
        if point.average_comfort is not None:
            point.comfort_y = y_of(point.average_comfort)
            path.append(f"{'M' if not path else 'L'}{point.x},{point.comfort_y}")
    chart.comfort_path = " ".join(path)
    return chart


def _whole_points(average: float) -> int:
    """The average change in whole points, halves rounded away from zero (1.5 → 2)."""
    return int(math.copysign(math.floor(abs(average) + 0.5), average))


def trend_summary(*, points: list[TrendPoint], count: int = SUMMARY_SESSIONS) -> str | None:
    """One plain sentence about the last sessions that have both ratings.

    Ratings are whole numbers, so the change is told in whole points ("rose by 2 points");
    an average that rounds to no change says the comfort stayed the same.
    """
    recent = [p.relief for p in points if p.relief is not None][-count:]
    if not recent:
        return None
    n = len(recent)
    change = _whole_points(sum(recent) / n)
    # Translators: how much comfort changed, in whole points of the 0–10 scale.
    amount = ngettext("%(points)d point", "%(points)d points", abs(change)) % {
        "points": abs(change)
    }
    if change > 0:
        return ngettext(
            "In the last session comfort after the stretch rose by %(amount)s.",
            "Over the last %(n)d sessions comfort after the stretch rose by %(amount)s on average.",
            n,
        ) % {"n": n, "amount": amount}
    if change < 0:
        return ngettext(
            "In the last session comfort after the stretch fell by %(amount)s.",
            "Over the last %(n)d sessions comfort after the stretch fell by %(amount)s on average.",
            n,
        ) % {"n": n, "amount": amount}
    return ngettext(
        "In the last session comfort after the stretch stayed the same.",
        "Over the last %(n)d sessions comfort after the stretch stayed the same on average.",
        n,
    ) % {"n": n}


@dataclass
class WeekCount:
    start: datetime
    count: int
    x: float = 0.0
    bar_x: float = 0.0
    y: float = 0.0
    value_y: float = 0.0
    height: float = 0.0
    new_month: bool = False


@dataclass
class WeekChart(ChartFrame):
    weeks: list[WeekCount]
    width: int = 360
    height: int = 176
    left: int = 10
    right: int = 10
    top: int = 22
    bottom: int = 46
    bar_width: float = 0.0
    most: int = 0

    @property
    def month_y(self) -> int:
        return self.plot_bottom + 36

    @property
    def total(self) -> int:
        return sum(w.count for w in self.weeks)


def week_chart(*, weeks: list[WeekCount]) -> WeekChart:
    """Lays the weekly counts out as bars, labelled with the day of each Monday."""
    chart = WeekChart(weeks=weeks)
    chart.most = max([1, *(w.count for w in chart.weeks)])
    slot = (chart.plot_right - chart.left) / max(len(weeks), 1)
    chart.bar_width = round(slot * 0.6, 1)
    plot_height = chart.plot_bottom - chart.top
    for index, week in enumerate(chart.weeks):
        week.x = round(chart.left + slot * (index + 0.5), 1)
        week.height = round(week.count / chart.most * plot_height, 1)
        week.y = round(chart.plot_bottom - week.height, 1)
        week.bar_x = round(week.x - chart.bar_width / 2, 1)
        week.value_y = round(week.y - 6, 1)
        week.new_month = index == 0 or week.start.month != chart.weeks[index - 1].start.month
    return chart
