#!/bin/sh
set -eu
echo "rollback to $1"
