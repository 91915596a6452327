#!/usr/bin/env bash
# Back up Zorgwekkend: the PostgreSQL database (pg_dump, custom format) and the private files
# (uploaded case attachments). Usage: scripts/backup.sh [backup-directory]
#   DATABASE_URL           postgres://user:password@host:5432/name (required)
#   ZW_PRIVATE_FILES_ROOT  the uploaded files (default var/private); skipped when absent
# Writes <dir>/zorgwekkend-<UTC time>.dump and .files.tar.gz and prints their names.
# The dump holds case data: keep backups encrypted, access-controlled and no longer than the
# retention periods allow (a restored backup is subject to the nightly retention job again).
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *)
  echo "backup.sh: DATABASE_URL must be a postgres:// address" >&2; exit 2 ;;
esac
target_dir=${1:-backups}
files_root=${ZW_PRIVATE_FILES_ROOT:-var/private}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
umask 077  # backups are readable by their owner only: set before anything is made
mkdir -p "$target_dir"
chmod 700 "$target_dir"  # also when it was there already

dump="$target_dir/zorgwekkend-$stamp.dump"
# Custom format: compressed, and pg_restore can restore it into any empty database.
pg_dump --format=custom --no-owner --no-privileges --file="$dump" "$DATABASE_URL"
echo "$dump"

if [ -d "$files_root" ]; then
  files="$target_dir/zorgwekkend-$stamp.files.tar.gz"
  tar -czf "$files" -C "$files_root" .
  echo "$files"
fi
