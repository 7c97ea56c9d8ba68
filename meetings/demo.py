"""Demo data of the meetings app, built through its services (called by ``seed_demo``).

Meetings and national meetings, registration calls and applications, then reviews
and a published selection are seeded by their own modules, in that order.
"""

from portal.modules import optional_modules

PARTS = ("meeting_demo", "call_demo", "selection_demo")


def seed(*, people, scale=1, stdout=None):
    for module in optional_modules(__package__, PARTS):
        module.seed(people=people, scale=scale, stdout=stdout)
