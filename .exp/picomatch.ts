import * as m from 'picomatch'; globalThis.x = m
