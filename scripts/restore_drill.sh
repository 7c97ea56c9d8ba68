#!/usr/bin/env bash
# Restore drill: back up a seeded database and its media, restore both into a fresh
# database and media directory, migrate, and check the restored portal answers.
#
#   DRILL_PG=postgres://portal:portal@127.0.0.1:5432 scripts/restore_drill.sh
#
# Needs PostgreSQL client tools (pg_dump, pg_restore, createdb, dropdb) of the
# server's version and a role allowed to create databases. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."

PG="${DRILL_PG:-postgres://portal:portal@127.0.0.1:5432}"
PY="${PYTHON:-.venv/bin/python}"
SOURCE_DB="portal_drill_source_$$"
RESTORED_DB="portal_drill_restored_$$"
WORK="$(mktemp -d)"

cleanup() {
  dropdb --if-exists --maintenance-db="$PG/postgres" "$SOURCE_DB" >/dev/null 2>&1 || true
  dropdb --if-exists --maintenance-db="$PG/postgres" "$RESTORED_DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

run() {  # run manage.py against one database and media directory
  local db="$1" media="$2"
  shift 2
  DJANGO_ENV=development DATABASE_URL="$PG/$db" MEDIA_ROOT="$media" REDIS_URL="" \
    "$PY" manage.py "$@"
}

echo "== drill: seed a source database"
createdb --maintenance-db="$PG/postgres" "$SOURCE_DB"
mkdir -p "$WORK/media-source" "$WORK/media-restored"
run "$SOURCE_DB" "$WORK/media-source" migrate --noinput -v 0
run "$SOURCE_DB" "$WORK/media-source" seed_demo > /dev/null
run "$SOURCE_DB" "$WORK/media-source" shell -c "
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
default_storage.save('drill/check.txt', ContentFile(b'restore drill'))
"

echo "== drill: back up (pg_dump + media archive)"
pg_dump --format=custom --no-owner "$PG/$SOURCE_DB" > "$WORK/backup.dump"
tar czf "$WORK/media.tar.gz" -C "$WORK/media-source" .

echo "== drill: restore into a fresh database"
createdb --maintenance-db="$PG/postgres" "$RESTORED_DB"
pg_restore --no-owner --exit-on-error --dbname="$PG/$RESTORED_DB" "$WORK/backup.dump"
tar xzf "$WORK/media.tar.gz" -C "$WORK/media-restored"
run "$RESTORED_DB" "$WORK/media-restored" migrate --noinput -v 0

echo "== drill: smoke check"
DRILL_EXPECTED="$(run "$SOURCE_DB" "$WORK/media-source" shell -c "
from portal.drill import counts; print(counts())" | tail -n 1)"
export DRILL_EXPECTED
run "$RESTORED_DB" "$WORK/media-restored" shell -c "
import os; from portal.drill import smoke_check; smoke_check(expected=os.environ['DRILL_EXPECTED'])"
echo "== drill: restore succeeded"
