// The action's entry (dist/index.js): run() catches and reports every error itself.
import { run } from './action/run.js'

void run()
