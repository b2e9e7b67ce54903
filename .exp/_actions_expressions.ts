import * as m from '@actions/expressions'; globalThis.x = m
