import * as m from 're2js'; globalThis.x = m
