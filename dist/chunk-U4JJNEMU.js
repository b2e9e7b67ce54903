import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
function i(o){return o.line?`${o.path}:${o.line}:${o.column??1}`:o.path}function a(o){return`${i(o.location)}: ${o.message}`}var n=class extends Error{constructor(r){super(r.map(a).join(`
`));this.problems=r;this.name="InputError"}problems},s=class extends Error{constructor(t){super(t),this.name="UsageError"}};function m(o,t){for(let r of t)o.push(r);return o}function u(o,t){let r=t;for(let e of o)e>r&&(r=e);return r}export{i as a,n as b,s as c,m as d,u as e};
