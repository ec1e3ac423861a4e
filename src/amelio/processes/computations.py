"""Layout of the process map: pure geometry, no Django.

The map has three bands (management on top, operational in the middle, support at the
bottom) between two side columns (customer requirements on the left, customer satisfaction on
the right). Boxes fill each band left to right in their order and wrap onto new rows; arrows
join the boxes of interacting processes. Every coordinate is rounded to 0.1 so that the SVG
and the tests see the same numbers.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

BANDS = ("management", "operational", "support")

WIDTH = 1120
MARGIN = 8
SIDE_WIDTH = 72
SIDE_GAP = 10
BAND_GAP = 24
BAND_HEADER = 30
BAND_PADDING = 16
BOX_MAX_WIDTH = 170
BOX_MIN_WIDTH = 112
BOX_HEIGHT = 64
GAP_X = 30
GAP_Y = 24
EMPTY_BAND_HEIGHT = 40
ARROW_GAP = 3
PARALLEL_OFFSET = 5
CURVE_LIFT = 26
CHAR_WIDTH = 6.3
MAX_NAME_LINES = 3
LINE_HEIGHT = 14
STREAM_HEAD = 22


@dataclass(frozen=True)
class Node:
    """A process as the layout sees it."""

    id: int
    band: str
    code: str
    name: str
    order: int = 0


@dataclass(frozen=True)
class Box:
    id: int
    band: str
    code: str
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    row: int

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def cy(self) -> float:
        return round(self.y + self.height / 2, 1)

    @property
    def text_rows(self) -> list[tuple[float, str, bool]]:
        """Baselines of the code line and the name lines, centred vertically:
        (y, text, is_code)."""
        rows = [(self.code, True), *((line, False) for line in self.lines)]
        top = self.y + (self.height - len(rows) * LINE_HEIGHT) / 2 + LINE_HEIGHT - 3.5
        return [(_r(top + i * LINE_HEIGHT), text, code) for i, (text, code) in enumerate(rows)]


@dataclass(frozen=True)
class Band:
    name: str
    x: float
    y: float
    width: float
    height: float
    empty: bool

    @property
    def title_at(self) -> tuple[float, float]:
        return _r(self.x + 14), _r(self.y + 20)

    @property
    def empty_at(self) -> tuple[float, float]:
        return _r(self.x + self.width / 2), _r(self.y + BAND_HEADER + EMPTY_BAND_HEIGHT / 2 + 4)

    @property
    def stream(self) -> str:
        """A broad arrow behind the boxes of the operational band: from the customer's
        requirements to their satisfaction."""
        left, right = self.x + 12, self.x + self.width - 12
        top, bottom = self.y + BAND_HEADER, self.y + self.height - 8
        middle = (top + bottom) / 2
        notch, head = left + STREAM_HEAD, right - STREAM_HEAD
        return (
            f"M{_r(left)} {_r(top)} H{_r(head)} L{_r(right)} {_r(middle)} L{_r(head)} {_r(bottom)}"
            f" H{_r(left)} L{_r(notch)} {_r(middle)} Z"
        )


@dataclass(frozen=True)
class Arrow:
    source: int
    target: int
    path: str
    # "chain": between two operational processes; "link": any other interaction.
    kind: str


@dataclass
class MapLayout:
    width: float
    height: float
    bands: list[Band] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    # Side columns: (x, y, width, height) of "customer requirements" and "satisfaction".
    left: tuple[float, float, float, float] = (0, 0, 0, 0)
    right: tuple[float, float, float, float] = (0, 0, 0, 0)

    @staticmethod
    def _chevron(x: float, y: float, width: float, height: float, notched: bool) -> str:
        middle = _r(y + height / 2)
        notch = f" L{_r(x + STREAM_HEAD)} {middle}" if notched else ""
        return (
            f"M{_r(x)} {_r(y)} H{_r(x + width - STREAM_HEAD)} L{_r(x + width)} {middle}"
            f" L{_r(x + width - STREAM_HEAD)} {_r(y + height)} H{_r(x)}{notch} Z"
        )

    @property
    def left_path(self) -> str:
        return self._chevron(*self.left, notched=False)

    @property
    def right_path(self) -> str:
        return self._chevron(*self.right, notched=True)

    @property
    def left_label_at(self) -> tuple[float, float]:
        x, y, width, height = self.left
        return _r(x + (width - STREAM_HEAD) / 2 + 5), _r(y + height / 2)

    @property
    def right_label_at(self) -> tuple[float, float]:
        x, y, width, height = self.right
        return _r(x + STREAM_HEAD / 2 + width / 2 + 1), _r(y + height / 2)


def _r(value: float) -> float:
    return round(value + 0.0, 1)


def wrap_label(text: str, width: float) -> tuple[str, ...]:
    """The name of a process cut into lines that fit a box `width` pixels wide."""
    chars = max(8, int((width - 12) / CHAR_WIDTH))
    lines = textwrap.wrap(text, chars, max_lines=MAX_NAME_LINES, placeholder=" …")
    return tuple(lines) or ("",)


def band_columns(inner_width: float) -> int:
    """How many boxes of the minimum width fit side by side in a band."""
    return max(1, int((inner_width + GAP_X) // (BOX_MIN_WIDTH + GAP_X)))


def _box_width(count: int, inner_width: float, columns: int) -> float:
    per_row = min(max(count, 1), columns)
    return min(BOX_MAX_WIDTH, (inner_width - (per_row - 1) * GAP_X) / per_row)


def _layout_band(name: str, nodes: list[Node], x: float, y: float, width: float):
    """The band and its boxes, centred row by row."""
    inner = width - 2 * BAND_PADDING
    columns = band_columns(inner)
    box_width = _box_width(len(nodes), inner, columns)
    rows = math.ceil(len(nodes) / columns)
    body = EMPTY_BAND_HEIGHT if not nodes else rows * BOX_HEIGHT + (rows - 1) * GAP_Y
    band = Band(name, _r(x), _r(y), _r(width), _r(BAND_HEADER + body + BAND_PADDING), not nodes)
    boxes = []
    for index, node in enumerate(nodes):
        row, column = divmod(index, columns)
        in_row = min(columns, len(nodes) - row * columns)
        row_width = in_row * box_width + (in_row - 1) * GAP_X
        left = x + (width - row_width) / 2
        boxes.append(
            Box(
                id=node.id,
                band=name,
                code=node.code,
                lines=wrap_label(node.name, box_width),
                x=_r(left + column * (box_width + GAP_X)),
                y=_r(y + BAND_HEADER + row * (BOX_HEIGHT + GAP_Y)),
                width=_r(box_width),
                height=BOX_HEIGHT,
                row=row,
            )
        )
    return band, boxes


def _edge_point(box: Box, dx: float, dy: float) -> tuple[float, float]:
    """Where the line from the centre of `box` in direction (dx, dy) leaves it (plus a gap)."""
    half_w, half_h = box.width / 2 + ARROW_GAP, box.height / 2 + ARROW_GAP
    t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return box.x + box.width / 2 + dx * t, box.y + box.height / 2 + dy * t


def _straight(source: Box, target: Box) -> str:
    dx = target.x + target.width / 2 - (source.x + source.width / 2)
    dy = target.y + target.height / 2 - (source.y + source.height / 2)
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    # Offset to the left of the direction, so that A->B and B->A do not overlap.
    ox, oy = -uy * PARALLEL_OFFSET, ux * PARALLEL_OFFSET
    x1, y1 = _edge_point(source, ux, uy)
    x2, y2 = _edge_point(target, -ux, -uy)
    return f"M{_r(x1 + ox)} {_r(y1 + oy)} L{_r(x2 + ox)} {_r(y2 + oy)}"


def _curve(source: Box, target: Box) -> str:
    """An arc between two boxes of the same row that are not neighbours: over the boxes when
    going right, under them when going left, so that A->B and B->A stay apart."""
    rightwards = target.x > source.x
    shift = 10 if rightwards else -10
    x1, x2 = source.cx + shift, target.cx - shift
    edge = source.y - ARROW_GAP if rightwards else source.y + source.height + ARROW_GAP
    control = edge - CURVE_LIFT if rightwards else edge + CURVE_LIFT
    middle = (x1 + x2) / 2
    return f"M{_r(x1)} {_r(edge)} Q{_r(middle)} {_r(control)} {_r(x2)} {_r(edge)}"


def _lanes(middle: Band, boxes: list[Box]) -> list[float]:
    """The x of the free vertical lanes across the operational band: the middles of the gaps
    that no operational box covers, on every row."""
    left, right = middle.x + BAND_PADDING / 2, middle.x + middle.width - BAND_PADDING / 2
    covered = sorted((b.x, b.x + b.width) for b in boxes if b.band == middle.name)
    lanes, cursor = [], left
    for start, end in covered:
        if start - cursor >= GAP_X - 0.5:
            lanes.append(_r((cursor + start) / 2))
        cursor = max(cursor, end)
    if right - cursor >= GAP_X - 0.5:
        lanes.append(_r((cursor + right) / 2))
    return lanes


def _detour(source: Box, target: Box, middle: Band, lanes: list[float]) -> str:
    """A path between a management and a support box that goes down (or up) the free lane
    nearest to them, between the operational boxes instead of across them."""
    lane = min(lanes, key=lambda x: (abs(x - (source.cx + target.cx) / 2), x))
    # Each direction keeps to one side of the lane, so that A->B and B->A stay apart.
    lane += PARALLEL_OFFSET if source.y < target.y else -PARALLEL_OFFSET
    above, below = middle.y - BAND_GAP / 2, middle.y + middle.height + BAND_GAP / 2
    if source.y < target.y:
        start, first, last, end = source.y + source.height + ARROW_GAP, above, below, target.y
        end -= ARROW_GAP
    else:
        start, first, last, end = source.y - ARROW_GAP, below, above, target.y + target.height
        end += ARROW_GAP
    return (
        f"M{source.cx} {_r(start)} L{_r(lane)} {_r(first)} L{_r(lane)} {_r(last)}"
        f" L{target.cx} {_r(end)}"
    )


def _arrow(source: Box, target: Box, middle: Band, lanes: list[float]) -> Arrow:
    same_row = source.band == target.band and source.row == target.row
    neighbours = abs(source.x - target.x) <= source.width + GAP_X + 0.5
    across = {source.band, target.band} == {"management", "support"}
    if same_row and not neighbours:
        path = _curve(source, target)
    elif across and not middle.empty and lanes:
        path = _detour(source, target, middle, lanes)
    else:
        path = _straight(source, target)
    chain = source.band == target.band == "operational"
    return Arrow(source.id, target.id, path, "chain" if chain else "link")


def _ordered(nodes: Iterable[Node], band: str) -> list[Node]:
    return sorted(
        (n for n in nodes if n.band == band), key=lambda n: (n.order, n.code.casefold(), n.id)
    )


def layout_map(
    nodes: Sequence[Node], edges: Iterable[tuple[int, int]], width: float = WIDTH
) -> MapLayout:
    """Place the bands, the boxes and the arrows of a process map `width` pixels wide.

    `edges` are (source id, target id) interactions; unknown ids and loops are ignored.
    """
    band_x = MARGIN + SIDE_WIDTH + SIDE_GAP
    band_width = width - 2 * band_x
    result = MapLayout(width=_r(width), height=0)
    y = float(MARGIN)
    for name in BANDS:
        band, boxes = _layout_band(name, _ordered(nodes, name), band_x, y, band_width)
        result.bands.append(band)
        result.boxes.extend(boxes)
        y = band.y + band.height + BAND_GAP
    bottom = y - BAND_GAP
    result.height = _r(bottom + MARGIN)
    side_height = _r(bottom - MARGIN)
    result.left = (MARGIN, MARGIN, SIDE_WIDTH, side_height)
    result.right = (_r(width - MARGIN - SIDE_WIDTH), MARGIN, SIDE_WIDTH, side_height)
    by_id = {box.id: box for box in result.boxes}
    middle = result.bands[1]
    lanes = _lanes(middle, result.boxes)
    for source, target in dict.fromkeys(edges):
        if source != target and source in by_id and target in by_id:
            result.arrows.append(_arrow(by_id[source], by_id[target], middle, lanes))
    return result


def interactions(flows: Iterable[tuple[int, str, int | None]]) -> list[tuple[int, int]]:
    """Interactions (from, to) between processes, from their flows.

    A flow is (process id, "input" or "output", counterpart process id or None): an output of
    A towards B and an input of B from A both say that A feeds B. Sorted, without duplicates.
    """
    pairs = set()
    for process, direction, other in flows:
        if other is None or other == process:
            continue
        pairs.add((process, other) if direction == "output" else (other, process))
    return sorted(pairs)
