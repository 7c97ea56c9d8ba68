"""Demo data of the meetings app, built through its services (called by ``seed_demo``).

Meetings and national meetings, registration calls and applications, then reviews
and a published selection are seeded by their own modules, in that order.
"""

import importlib

PARTS = ("meeting_demo", "call_demo", "selection_demo")


def seed(*, people, scale=1, stdout=None):
    for name in PARTS:
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
            continue
        module.seed(people=people, scale=scale, stdout=stdout)
