"""The Sankey chart of where the waste goes: site -> stream -> treatment route, in tonnes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}
NODE = "#0b5d5b"
LINK = "rgba(11, 93, 91, 0.25)"


def sankey_figure(flows: Sequence[tuple[str, str, Decimal]]) -> dict[str, Any]:
    labels: list[str] = []
    for source, target, _tonnes in flows:
        for name in (source, target):
            if name not in labels:
                labels.append(name)
    index = {name: i for i, name in enumerate(labels)}
    data = [
        go.Sankey(
            valueformat=".2f",
            valuesuffix=" t",
            node={"label": labels, "color": NODE, "pad": 14, "thickness": 14},
            link={
                "source": [index[s] for s, _t, _v in flows],
                "target": [index[t] for _s, t, _v in flows],
                "value": [float(v) for _s, _t, v in flows],
                "color": LINK,
            },
        )
    ]
    layout = {"height": 420, "font": FONT, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}}
    return go.Figure(data=data, layout=layout).to_plotly_json()
