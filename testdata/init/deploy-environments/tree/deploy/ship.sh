#!/bin/sh
echo "shipping $1"
