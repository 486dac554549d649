#!/usr/bin/env sh
# Backs up Kennisplein: the PostgreSQL database (pg_dump, custom format) and the uploaded files.
#
#   DATABASE_URL=postgres://kennisplein@127.0.0.1/kennisplein MEDIA_ROOT=/srv/kennisplein/media \
#     deploy/backup.sh /backups/kennisplein-$(date +%F)
#
# With S3 storage, back up the bucket with the provider's tools (versioning) instead of MEDIA_ROOT.
# Restore with deploy/restore.sh; check a restore with deploy/compare_counts.py (the app's Python).
set -eu
target=${1:?usage: backup.sh TARGET_DIRECTORY}
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the folder of uploaded files}"

mkdir -p "$target"
pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
(cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Backup written to $target"
