// Kept equal to package.json's version by a test (the bundle cannot read package.json).
export const VERSION = '0.1.0'

/** Where the docs of this major version live; SARIF rules link to their reason code here. */
export const DOCS_URL = 'https://github.com/gate-matrix/gate-matrix/blob/v1/docs'
