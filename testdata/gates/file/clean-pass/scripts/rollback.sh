#!/usr/bin/env bash
set -euo pipefail
kubectl rollout undo deployment/api
