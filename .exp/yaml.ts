import * as m from 'yaml'; globalThis.x = m
