import * as z from 'zod'; globalThis.x = z.string
