#!/usr/bin/env bash
# Restore a Zorgwekkend backup into an EMPTY PostgreSQL database (and the private files).
# Usage: scripts/restore.sh <backup.dump> [backup.files.tar.gz]
#   DATABASE_URL           the empty target database, postgres://user:password@host:5432/name
#   ZW_PRIVATE_FILES_ROOT  where the uploaded files go (default var/private)
# Then run `python manage.py migrate` (a no-op for a backup of the same version) and
# `python manage.py verify_access_log` to check the restored access log.
set -euo pipefail

dump=${1:?give the .dump file to restore}
files=${2:-}
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
[ -f "$dump" ] || { echo "restore.sh: no such file: $dump" >&2; exit 2; }

tables=$(psql "$DATABASE_URL" -tAc \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database is not empty ($tables tables); refusing to overwrite" >&2
  exit 2
fi

# One transaction: a restore that fails half-way leaves the database empty, not half-filled.
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$dump"
echo "database restored from $dump"

if [ -n "$files" ]; then
  files_root=${ZW_PRIVATE_FILES_ROOT:-var/private}
  mkdir -p "$files_root"
  tar -xzf "$files" -C "$files_root"
  echo "files restored into $files_root"
fi
