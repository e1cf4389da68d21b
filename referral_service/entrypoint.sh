#!/bin/sh
# Create or upgrade the schema, load the data files, then start the web server.
set -e
flask --app referral_service db upgrade
flask --app referral_service data load "${DATA_DIR:-data/regelingen}"
# An admin from ADMIN_USERNAME/ADMIN_PASSWORD, or a one-time password printed once.
flask --app referral_service users ensure-admin
exec "$@"
