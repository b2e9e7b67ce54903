import * as m from 'markdown-it'; globalThis.x = m
