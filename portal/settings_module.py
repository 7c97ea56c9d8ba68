import os


def configure():
    """Pick the settings module from DJANGO_ENV unless one is set explicitly."""
    default = (
        "portal.settings.production"
        if os.environ.get("DJANGO_ENV") == "production"
        else "portal.settings.base"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
