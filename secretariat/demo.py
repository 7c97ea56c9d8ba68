"""Demo data of the secretariat app (called by ``seed_demo``), one module per area."""

import importlib

PARTS = ("secretariat_demo", "national_demo", "staff_demo")


def seed(*, people, scale=1, stdout=None):
    for name in PARTS:
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
            continue
        module.seed(people=people, scale=scale, stdout=stdout)
