#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 (trust auth for local connections),
# for the tests that run replicas against a shared database. With --install it installs Debian's
# postgresql package first when the server is missing.
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

ready && exit 0

if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  if [[ "${1:-}" != "--install" ]]; then
    echo "PostgreSQL is not installed: run 'apt-get install -y postgresql' (or integration-tests/postgresql.sh --install)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  # Local test server: trust connections from loopback, as the tests connect without a password.
  sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "/etc/postgresql/$version/main/pg_hba.conf"
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start
for _ in $(seq 1 30); do
  ready && exit 0
  sleep 1
done
echo "PostgreSQL did not become ready on 127.0.0.1:5432" >&2
exit 1
