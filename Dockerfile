# syntax=docker/dockerfile:1
# Declaration Portal: one image for the web process, the Celery worker and beat.
# Runtime configuration comes from the environment (see .env.example and
# docs/deployment.md); set DJANGO_ENV=production at run time.
FROM python:3.11-slim

# The project is also pip-installed, but BASE_DIR (templates, static, locale) is
# derived from the settings file's location, so the copy in /app must be the one
# imported: PYTHONPATH puts it ahead of site-packages for every entry point.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    MEDIA_ROOT=/app/media

# gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, in their own layer, so code changes do not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-deps . \
    && rm -rf build ./*.egg-info

# Build-time steps never see DJANGO_ENV. Translations compile with the base
# settings; static files are collected with the production settings so that
# whitenoise's CompressedManifestStaticFilesStorage writes its manifest. The
# values below are build-only placeholders and are not kept in the image.
RUN mkdir -p locale \
    && DJANGO_SETTINGS_MODULE=portal.settings.base \
       python manage.py compilemessages --ignore=.venv \
    && DJANGO_SETTINGS_MODULE=portal.settings.production \
       SECRET_KEY=build-only-collectstatic-key-never-used-at-runtime-000000000 \
       DATABASE_URL=sqlite:////tmp/build.db \
       ALLOWED_HOSTS=build \
       python manage.py collectstatic --noinput \
    && rm -f /tmp/build.db

# Unprivileged user. /app/media is created here and owned by that user so a
# named volume mounted on it starts out writable.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin portal \
    && mkdir -p /app/media \
    && chown portal:portal /app/media

USER portal

EXPOSE 8000

CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
