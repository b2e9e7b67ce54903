import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
var e=class extends Error{constructor(r,o){super(r);this.failure=o;this.name="LiveProbeError"}failure},n=["A","AAAA","CNAME","CAA","TXT"];export{e as a,n as b};
