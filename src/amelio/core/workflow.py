"""Declarative workflows: states, the transitions between them, who may do them, guards.

A model opts in by having a `status` field and a `workflow` class attribute; the register then
shows the state, the buttons for the transitions the user may do, and the transition log.
Transitions are carried out by `amelio.core.services.record_transition`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

Guard = Callable[[object, object], "str | Promise | None"]


@dataclass(frozen=True)
class State:
    """A state a record can be in; `tone` is the colour of its badge."""

    name: str
    label: str | Promise
    tone: str = "secondary"
    final: bool = False
    editable: bool = True


@dataclass(frozen=True)
class Transition:
    """A move from one of `sources` to `target`, needing `action` on the record's org unit.

    Each guard takes (record, user) and returns None when the move is allowed, or the message
    that explains why it is refused.
    """

    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    action: str = "change"
    guards: tuple[Guard, ...] = ()
    needs_comment: bool = False
    tone: str = "primary"
    effect: Callable[[object, object, str], None] | None = None


@dataclass
class Workflow:
    """A set of states and transitions; the first state is the initial one."""

    states: list[State]
    transitions: list[Transition]
    _by_name: dict[str, State] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {state.name: state for state in self.states}
        for transition in self.transitions:
            unknown = {*transition.sources, transition.target} - set(self._by_name)
            if unknown:
                raise ValueError(f"Transition {transition.name} names unknown states {unknown}")

    @property
    def initial(self) -> str:
        return self.states[0].name

    def choices(self) -> list[tuple[str, str | Promise]]:
        return [(state.name, state.label) for state in self.states]

    def state(self, name: str) -> State:
        return self._by_name[name]

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def is_editable(self, record) -> bool:
        """Whether the record's fields may be changed in its current state."""
        return self.state(record.status).editable

    def available(self, record) -> list[Transition]:
        """The transitions that start from the record's current state."""
        return [t for t in self.transitions if record.status in t.sources]
