import * as m from 'toml-eslint-parser'; globalThis.x = m
