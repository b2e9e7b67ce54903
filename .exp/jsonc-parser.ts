import * as m from 'jsonc-parser'; globalThis.x = m
