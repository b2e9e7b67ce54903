#!/bin/sh
set -euo pipefail
echo "rollback with $1"
