"""Import an app's optional area modules (demo data, dashboard to-dos) that exist."""

import importlib


def optional_modules(package, names):
    """Yield ``package.<name>`` for each name whose module exists, in order.

    A module that exists but fails to import (a missing dependency inside it) still
    raises: only the module's own absence is tolerated.
    """
    for name in names:
        dotted = f"{package}.{name}"
        try:
            yield importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
