#!/usr/bin/env bash
set -euo pipefail
./migrate.sh
./smoke.sh   ||  true
echo done || true
