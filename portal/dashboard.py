"""What awaits a person on their dashboard: feature apps register providers here.

A provider takes a user and returns a list of ``{"text": ..., "url": ...}`` items,
so the core lists every role's to-dos without importing the feature apps.
"""

_providers = []


def register(provider):
    """Add a to-do provider (usable as a decorator)."""
    _providers.append(provider)
    return provider


def todos_for(user):
    items = []
    for provider in _providers:
        items.extend(provider(user))
    return items
