#!/bin/sh
set -euo pipefail
echo "deploy $1"
