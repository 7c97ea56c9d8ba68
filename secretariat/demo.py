"""Demo data of the secretariat app (called by ``seed_demo``), one module per area."""

from portal.modules import optional_modules

PARTS = ("secretariat_demo", "national_demo", "staff_demo")


def seed(*, people, scale=1, stdout=None):
    for module in optional_modules(__package__, PARTS):
        module.seed(people=people, scale=scale, stdout=stdout)
