import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
import{a,b}from"./chunk-YHRR7LRX.js";import"./chunk-IWUTNNVR.js";import"./chunk-INEOPTIV.js";import"./chunk-ZFPEO2BX.js";export{b as evidenceJsonSchema,a as evidenceSchema};
