#!/bin/sh
# Writes the secret files docker-compose.yml hands to the containers (as /run/secrets/NAME),
# each a fresh random value; a file that exists is kept, so running it again changes nothing.
# The folder is readable by its owner only; the files themselves are readable by the container
# users (compose bind-mounts them with the host's permissions).
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
for name in postgres_password secret_key rasa_jwt_secret signals_token admin_password; do
    file="$dir/$name"
    if [ -s "$file" ]; then
        echo "kept    $file"
        continue
    fi
    # 32 random bytes as 64 hex characters: safe in a URL, 256 bits for the HS256 key.
    python3 -c 'import secrets; print(secrets.token_hex(32))' > "$file"
    chmod 644 "$file"
    echo "written $file"
done
