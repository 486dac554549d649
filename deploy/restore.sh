#!/usr/bin/env sh
# Restores a backup made by deploy/backup.sh into an EMPTY database and media folder:
#
#   createdb kennisplein_restored
#   DATABASE_URL=postgres://kennisplein@127.0.0.1/kennisplein_restored \
#   MEDIA_ROOT=/srv/kennisplein/media-restored deploy/restore.sh /backups/kennisplein-2026-11-25
#   .venv/bin/python deploy/compare_counts.py postgres://…/kennisplein postgres://…/kennisplein_restored
#
# Then point the app's DATABASE_URL and MEDIA_ROOT at them and run `manage.py migrate` (a no-op
# when the code is the same version) and `manage.py update_index` (the search index).
set -eu
source=${1:?usage: restore.sh BACKUP_DIRECTORY}
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the folder to restore the uploaded files into}"

(cd "$source" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$source/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$source/media.tar.gz"
echo "Restored $source"
