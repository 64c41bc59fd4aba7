"""The bench's table: a row per measurement, its ratio and verdict, and the printed table."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass
class Row:
    """One line of the table: a subject measured against a baseline, and its target."""

    benchmark: str
    subject: str
    value: float | None
    baseline: str
    baseline_value: float | None
    unit: str
    ratio: float | None = None
    target: str = ""
    verdict: str = "info"
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)


def median(values: list[float]) -> float:
    return statistics.median(values)


def paired_ratio(ours: list[float], theirs: list[float]) -> float:
    """The median of the per-round ratios: each round's two samples ran back to back, so
    a round's ratio cancels what the machine was doing then."""
    return median([a / b for a, b in zip(ours, theirs)])


def judge(row: Row, at_least: float | None = None, at_most: float | None = None,
          paired: tuple[list[float], list[float]] | None = None) -> Row:
    """Set the row's ratio verdict: pass or miss against ``at_least`` / ``at_most``;
    with ``paired`` (ours, theirs by round) the ratio is their median per-round ratio."""
    if row.value is None or row.baseline_value in (None, 0):
        row.verdict = "n/a"
        return row
    if paired is not None:
        row.ratio = paired_ratio(*paired)
    else:
        row.ratio = row.value / row.baseline_value  # type: ignore[operator]
    if at_least is not None:
        row.target = f">= {at_least:g}x"
        row.verdict = "pass" if row.ratio >= at_least else "miss"
    if at_most is not None:
        row.target = f"<= {at_most:g}x"
        row.verdict = "pass" if row.ratio <= at_most else "miss"
    return row


def format_table(rows: list[Row]) -> str:
    def num(value: float | None) -> str:
        if value is None:
            return "-"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"

    header = ("benchmark", "fakepush", "baseline", "ratio", "target", "result")
    lines = [header]
    for row in rows:
        lines.append((
            row.benchmark,
            f"{num(row.value)} {row.unit}",
            f"{num(row.baseline_value)} {row.unit} ({row.baseline})",
            "-" if row.ratio is None else f"{row.ratio:.2f}x",
            row.target or "-",
            row.verdict + (f" ({row.note})" if row.note and row.verdict == "n/a" else ""),
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for i, line in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |")
        if i == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)
