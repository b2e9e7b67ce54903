import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
function s(o){return o.line?`${o.path}:${o.line}:${o.column??1}`:o.path}function a(o){return`${s(o.location)}: ${o.message}`}var t=class extends Error{constructor(e){super(e.map(a).join(`
`));this.problems=e;this.name="InputError"}problems},n=class extends Error{constructor(r){super(r),this.name="UsageError"}};export{s as a,t as b,n as c};
