#!/bin/sh
# Create or upgrade the schema; load the data files into an empty database (on one with data only
# report what differs: admin edits are kept, `flask data apply` applies file changes), then start.
set -e
flask --app referral_service db upgrade
flask --app referral_service data load "${DATA_DIR:-data/regelingen}"
# An admin from ADMIN_USERNAME/ADMIN_PASSWORD, or a one-time password printed once.
flask --app referral_service users ensure-admin
exec "$@"
