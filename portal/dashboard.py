"""What the dashboard shows: tiles and charts that each area contributes.

The dashboard lives in the portal, below every other app, so it cannot ask the listings,
logistics or inventory apps directly. Each app registers what it has to say (in its
AppConfig.ready): a tile source gives the figures that need the seller today, each linking
to the page, filtered, where it is fixed; a chart source gives a chart
(`portal.charts.chart`). Each source runs a fixed handful of queries, whatever the
seller's size, so the dashboard's query count is pinned by its tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.models import Seller


@dataclass(frozen=True)
class Tile:
    """One figure: `label` says what it counts, `url` opens the page that shows those items.

    `tone` is "alert" when the figure asks for action (non-zero blocked listings), "ok" when
    it says all is well, "" otherwise; `note` is a short line under the figure.
    """

    label: str
    figure: int
    url: str
    note: str = ""
    tone: str = ""


TileSource = Callable[[Seller], list[Tile]]
ChartSource = Callable[[Seller], "dict | None"]

_tile_sources: list[tuple[int, str, TileSource]] = []
_chart_sources: list[tuple[int, str, ChartSource]] = []


def register_tiles(*, order: int, name: str, source: TileSource) -> None:
    """Add a tile source (once per `name`; registering a name again replaces it)."""
    _tile_sources[:] = [entry for entry in _tile_sources if entry[1] != name]
    _tile_sources.append((order, name, source))
    _tile_sources.sort(key=lambda entry: (entry[0], entry[1]))


def register_chart(*, order: int, name: str, source: ChartSource) -> None:
    """Add a chart source (once per `name`); a source may answer None to show nothing."""
    _chart_sources[:] = [entry for entry in _chart_sources if entry[1] != name]
    _chart_sources.append((order, name, source))
    _chart_sources.sort(key=lambda entry: (entry[0], entry[1]))


def dashboard_tiles(*, seller: Seller) -> list[Tile]:
    return [tile for _order, _name, source in _tile_sources for tile in source(seller)]


def dashboard_charts(*, seller: Seller) -> list[dict]:
    charts = (source(seller) for _order, _name, source in _chart_sources)
    return [chart for chart in charts if chart is not None]
