"""Charts on the portal's pages: one shape of chart data for every app.

A view builds a chart with `chart(...)` and puts it in its context; the page renders it with
`{% include "portal/includes/chart.html" with chart=sales_chart %}`. The include writes the
data with `json_script` (the CSP allows no inline script), a canvas that
`static/portal/js/charts.js` draws with the vendored Chart.js, and the same figures as a
table for screen readers. See docs/charts.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

KINDS = ("line", "bar", "stacked-bar", "doughnut")


def chart(
    *,
    chart_id: str,
    kind: str,
    title: str,
    labels: Sequence[object],
    series: Iterable[tuple[str, Sequence[object]]],
    unit: str = "",
) -> dict:
    """The data of one chart.

    `chart_id` names the chart in the page (unique per page, letters, digits and dashes);
    `kind` is one of KINDS; `labels` are the x-axis categories (or the doughnut's slices);
    `series` is `(name, values)` pairs, each with one value per label (None for a gap);
    `unit` is an ISO 4217 currency code for money, "%" for percentages, or a short word
    shown after the figures ("kg", "units"); empty for plain counts. Titles, labels and
    series names are shown as given: translate them in the view.
    Raises ValueError on an unknown kind or a series whose length differs from the labels.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    labels = [str(label) for label in labels]
    rows = []
    for name, values in series:
        values = [_number(value) for value in values]
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
        rows.append({"name": str(name), "values": values})
    return {"id": chart_id, "kind": kind, "title": str(title), "labels": labels, "series": rows, "unit": unit}


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        # JSON has no decimals; a chart needs no more than a float's precision.
        return float(value)
    return value
