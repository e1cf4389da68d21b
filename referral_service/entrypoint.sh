#!/bin/sh
# Create or upgrade the schema, load the data files, then start the web server.
set -e
flask --app referral_service db upgrade
flask --app referral_service data load "${DATA_DIR:-data/regelingen}"
exec "$@"
