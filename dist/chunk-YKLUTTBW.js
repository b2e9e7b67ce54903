import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
function t(r,n){for(let e of n)r.push(e);return r}function u(r,n){let e=n;for(let o of r)o>e&&(e=o);return e}export{t as a,u as b};
