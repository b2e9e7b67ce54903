#!/bin/sh
set -euo pipefail
echo "deploy $2 from $1"
