#!/bin/sh
echo "smoke $1"
