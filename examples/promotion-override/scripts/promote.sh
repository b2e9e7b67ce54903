#!/bin/sh
echo "promote $1"
