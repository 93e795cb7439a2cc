#!/usr/bin/env bash
# Back up and restore SAKIP Kota: the PostgreSQL database (pg_dump custom format) and the uploaded files.
#
#   scripts/cadangan.sh buat    FOLDER   # writes FOLDER/sakip.dump and FOLDER/media.tar.gz
#   scripts/cadangan.sh pulihkan FOLDER  # restores both into DATABASE_URL and DJANGO_MEDIA_ROOT
#
# Needs DATABASE_URL (postgres://...) and DJANGO_MEDIA_ROOT (or SAKIP_VAR_DIR, whose media/ is used). With
# SAKIP_PENYIMPANAN=s3 (files on the object store) the files go through `manage.py cadangan_berkas` instead,
# with the app's own SAKIP_S3_* settings; run it where the app's Python is (PYTHON=..., default python3).
set -euo pipefail
aksi="${1:?buat atau pulihkan}"
folder="${2:?folder cadangan}"
: "${DATABASE_URL:?DATABASE_URL harus diset ke PostgreSQL}"
media="${DJANGO_MEDIA_ROOT:-${SAKIP_VAR_DIR:-var}/media}"
mkdir -p "$folder" "$media"
case "$aksi" in
  buat)
    pg_dump --format=custom --no-owner --file="$folder/sakip.dump" "$DATABASE_URL"
    if [ "${SAKIP_PENYIMPANAN:-lokal}" = s3 ]; then
      "${PYTHON:-python3}" "$(dirname "$0")/../manage.py" cadangan_berkas buat "$folder/media.tar.gz"
    else
      tar -czf "$folder/media.tar.gz" -C "$media" .
    fi
    echo "Cadangan dibuat di $folder"
    ;;
  pulihkan)
    pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$DATABASE_URL" "$folder/sakip.dump"
    if [ "${SAKIP_PENYIMPANAN:-lokal}" = s3 ]; then
      "${PYTHON:-python3}" "$(dirname "$0")/../manage.py" cadangan_berkas pulihkan "$folder/media.tar.gz"
    else
      tar -xzf "$folder/media.tar.gz" -C "$media"
    fi
    echo "Cadangan dipulihkan dari $folder"
    ;;
  *) echo "aksi tidak dikenal: $aksi (buat atau pulihkan)" >&2; exit 2 ;;
esac
