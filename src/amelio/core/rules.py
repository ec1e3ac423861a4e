"""Object permissions for `user.has_perm("amelio.<action>", record)`, through `rules`."""

import rules

from amelio.core.permissions import Action, can


def _make_predicate(action: str):
    @rules.predicate(name=f"may_{action}")
    def predicate(user, record=None) -> bool:
        if record is None:
            return False
        unit = getattr(record, "org_unit", None)
        return can(user, action, unit)

    return predicate


for _action in Action:
    rules.add_perm(f"amelio.{_action.value}", _make_predicate(_action.value))
