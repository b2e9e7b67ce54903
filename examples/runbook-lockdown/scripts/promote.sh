#!/bin/sh
set -eu
echo "promote to $2"
