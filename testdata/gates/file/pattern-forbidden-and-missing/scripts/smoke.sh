#!/usr/bin/env bash
curl -fsS https://example.com/health
