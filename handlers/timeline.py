"""/timeline: a PNG of campaigns, their phases and deadlines around today (matplotlib, Agg)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handlers import catalog
from handlers.context import Ctx
from handlers.formatting import fmt_date, shorten
from handlers.messages import Attachment, Reply
from knowledge.presentation.catalogue import tr

if TYPE_CHECKING:
    from matplotlib.axes import Axes

DAYS_BEFORE = 120
DAYS_AFTER = 240
MAX_ROWS = 12
WIDTH_IN = 11.0
DPI = 100


@dataclass(frozen=True)
class Row:
    """One campaign's line on the picture."""

    label: str
    start: dt.date | None
    end: dt.date | None
    phases: list[catalog.PhaseView]
    deadlines: list[tuple[dt.date, str]]


def _overlaps(start: dt.date | None, end: dt.date | None, lo: dt.date, hi: dt.date) -> bool:
    return (start or dt.date.min) <= hi and (end or dt.date.max) >= lo


def collect_rows(ctx: Ctx, lo: dt.date, hi: dt.date) -> list[Row]:
    """Campaigns with something inside the window, running ones first."""
    rows = []
    for c in catalog.sorted_for_listing(catalog.campaigns(ctx.session), ctx.today):
        phases = [
            p for p in catalog.phases(ctx.session, c.id) if _overlaps(p.start, p.end, lo, hi)
        ]
        dls = [
            (d.due, d.what)
            for d in catalog.deadlines(ctx.session, campaign_ids=[c.id], since=lo, until=hi)
        ]
        start, end = c.span()
        in_window = (start or end) is not None and _overlaps(start, end, lo, hi)
        if not (in_window or phases or dls):
            continue
        head = " ".join(x for x in (c.issuer, str(c.year) if c.year else None) if x)
        label = _wrap(shorten(f"{head}: {c.name or c.title or c.source}" if head else c.name, 64))
        rows.append(Row(label, start, end, phases, dls))
    return rows[:MAX_ROWS]


def _wrap(text: str, width: int = 32) -> str:
    """Two lines at most, so long campaign names stay readable beside the bars."""
    import textwrap

    lines = textwrap.wrap(text, width)
    if len(lines) > 2:
        lines = [lines[0], shorten(" ".join(lines[1:]), width)]
    return "\n".join(lines)


def render_png(rows: list[Row], today: dt.date, lo: dt.date, hi: dt.date, lang: str) -> bytes:
    """Draw the rows as a Gantt-like chart and return PNG bytes."""
    # Imported here: matplotlib is slow to import and only this command needs it.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = 1.6 + 0.75 * len(rows)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    n = len(rows)
    for i, row in enumerate(rows):
        _draw_row(ax, row, n - 1 - i, lo, hi)
    _mark_today(ax, today, n, lang)
    _set_axes(ax, rows, lo, hi)
    _add_legend(ax, lang)
    title = tr(lang, "timeline_title")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def _draw_row(ax: Axes, row: Row, y: int, lo: dt.date, hi: dt.date) -> None:
    """One campaign at height `y`: its span, its phases (named) and its deadlines (marked)."""
    from matplotlib import dates as mdates

    if row.start or row.end:
        s = max(row.start or lo, lo)
        e = min(row.end or hi, hi)
        ax.barh(y, (e - s).days + 1, left=mdates.date2num(s), height=0.6, color="#cfe2f3")
    for k, p in enumerate(row.phases):
        if p.start is None and p.end is None:
            continue
        s = max(p.start or lo, lo)
        e = min(p.end or hi, hi)
        color = ("#6fa8dc", "#3d85c6")[k % 2]
        ax.barh(y, (e - s).days + 1, left=mdates.date2num(s), height=0.3, color=color)
        mid = s + (e - s) / 2
        ax.text(
            mdates.date2num(mid),
            y,
            shorten(p.name, 18),
            ha="center",
            va="center",
            fontsize=7,
            color="white",
        )
    for due, _what in row.deadlines:
        ax.plot(mdates.date2num(due), y + 0.3, marker="v", color="#cc0000", markersize=7)
        ax.text(
            mdates.date2num(due),
            y + 0.38,
            due.strftime("%d/%m"),
            ha="center",
            va="bottom",
            fontsize=7,
            color="#cc0000",
        )


def _mark_today(ax: Axes, today: dt.date, n: int, lang: str) -> None:
    """A vertical line at today, labelled above the top row."""
    from matplotlib import dates as mdates

    ax.axvline(mdates.date2num(today), color="#e69138", linewidth=1.5)
    ax.text(
        mdates.date2num(today),
        n - 0.3,
        f" {'Today' if lang == 'en' else 'Hôm nay'} {fmt_date(today)}",
        color="#e69138",
        fontsize=8,
        va="bottom",
    )


def _set_axes(ax: Axes, rows: list[Row], lo: dt.date, hi: dt.date) -> None:
    """Campaign labels down the side, the window's months along the bottom."""
    from matplotlib import dates as mdates

    n = len(rows)
    ax.set_yticks(range(n))
    ax.set_yticklabels([r.label for r in reversed(rows)], fontsize=8)
    ax.set_ylim(-0.7, n + 0.1)
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
    for tick in ax.get_xticklabels():
        tick.set_fontsize(7)
        tick.set_rotation(45)
    ax.grid(axis="x", color="#eeeeee")


def _add_legend(ax: Axes, lang: str) -> None:
    """What the bar colours and the deadline marker mean."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    words = [tr(lang, f"timeline_legend_{part}") for part in ("campaign", "phase", "deadline")]
    handles = [
        Patch(color="#cfe2f3", label=words[0]),
        Patch(color="#3d85c6", label=words[1]),
        Line2D([], [], marker="v", color="#cc0000", linestyle="none", label=words[2]),
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=7, framealpha=0.9)


def timeline_command(ctx: Ctx, args: str) -> list[Reply]:
    """The picture around today, or a sentence when there is nothing to draw."""
    lo = ctx.today - dt.timedelta(days=DAYS_BEFORE)
    hi = ctx.today + dt.timedelta(days=DAYS_AFTER)
    rows = collect_rows(ctx, lo, hi)
    if not rows:
        return [Reply(ctx.t("timeline_empty"))]
    png = render_png(rows, ctx.today, lo, hi, ctx.lang)
    attachment = Attachment(
        filename=f"timeline-{ctx.today.isoformat()}.png",
        content=png,
        mime_type="image/png",
        kind="photo",
    )
    return [Reply(ctx.t("timeline_caption", today=fmt_date(ctx.today)), attachment=attachment)]
