// src/repo/yaml-tree.ts
import { constructFromEvents, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE } from "js-yaml";
import { isAlias, isMap, isPair, isScalar, isSeq } from "yaml";
var NotPlaceable = class extends Error {
};
var STYLES = {
  [SCALAR_STYLE.PLAIN]: "plain",
  [SCALAR_STYLE.SINGLE_QUOTED]: "single",
  [SCALAR_STYLE.DOUBLE_QUOTED]: "double",
  [SCALAR_STYLE.LITERAL_BLOCK]: "literal",
  [SCALAR_STYLE.FOLDED_BLOCK]: "folded"
};
function fastTree(text) {
  let events;
  try {
    events = parseEvents(text, {});
  } catch {
    return null;
  }
  try {
    const root = buildFromEvents(text, events);
    if (!root) return { root: null };
    const values = constructFromEvents(events, { source: text });
    if (values.length !== 1) return null;
    attach(root, values[0], true);
    return { root };
  } catch (e) {
    if (e instanceof NotPlaceable || e.name === "YAMLException") return null;
    throw e;
  }
}
function buildFromEvents(src, events) {
  const stack = [];
  let root = null;
  let cursor = 0;
  let documents = 0;
  for (const e of events) {
    let node;
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (documents++ > 0) throw new NotPlaceable();
        continue;
      case EVENT_ID.POP:
        stack.pop();
        continue;
      case EVENT_ID.ALIAS:
        throw new NotPlaceable();
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        cursor = Math.max(cursor, e.anchorEnd, e.tagEnd, e.start);
        node = e.type === EVENT_ID.MAPPING ? { kind: "map", start: e.start, items: [], value: void 0 } : { kind: "seq", start: e.start, items: [], value: void 0 };
        break;
      }
      case EVENT_ID.SCALAR: {
        cursor = Math.max(cursor, e.anchorEnd, e.tagEnd);
        const top2 = stack[stack.length - 1];
        node = scalarNode(src, e, cursor, top2?.node.kind === "map" && top2.key ? top2.key.start : -1);
        cursor = Math.max(cursor, node.end);
        break;
      }
    }
    const top = stack[stack.length - 1];
    if (!top) root = node;
    else if (top.node.kind === "seq") top.node.items.push(node);
    else if (top.key === null) {
      if (node.kind === "scalar" && e.type === EVENT_ID.SCALAR) node.value = e.valueStart < 0 ? "" : getScalarValue(src, e);
      top.key = node;
    } else {
      top.node.items.push({ key: top.key, value: node });
      top.key = null;
    }
    if (node.kind === "map" || node.kind === "seq") {
      stack.push({ node, key: null });
      if (src[node.start] === "[" || src[node.start] === "{") cursor = node.start + 1;
    }
  }
  return root;
}
function scalarNode(src, e, cursor, keyStart) {
  const style = STYLES[e.style] ?? "plain";
  if (e.valueStart < 0) {
    const at = keyStart >= 0 && src[skipSpace(src, cursor, false)] !== ":" ? keyStart : afterIndicator(src, cursor);
    return { kind: "scalar", start: at, end: at, style, value: void 0 };
  }
  if (style === "single" || style === "double") return { kind: "scalar", start: e.valueStart - 1, end: e.valueEnd + 1, style, value: void 0 };
  if (style === "literal" || style === "folded") {
    const header = blockHeader(src, cursor);
    if (header < 0) throw new NotPlaceable();
    return { kind: "scalar", start: header, end: Math.max(e.valueEnd, header + 1), style, value: void 0 };
  }
  return { kind: "scalar", start: e.valueStart, end: e.valueEnd, style, value: void 0 };
}
function skipSpace(src, i, brackets = true) {
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "	" || c === "\n" || c === "\r" || brackets && (c === "]" || c === "}")) i++;
    else if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
    } else break;
  }
  return i;
}
function afterIndicator(src, cursor) {
  let i = skipSpace(src, cursor);
  if (":-?,[{".includes(src[i] ?? "\0")) i++;
  while (src[i] === " " || src[i] === "	") i++;
  return i;
}
function blockHeader(src, cursor) {
  let i = cursor;
  for (; ; ) {
    i = skipSpace(src, i);
    const c = src[i];
    if (c === "|" || c === ">") return i;
    if (c === ":" || c === "-" || c === "?") i++;
    else return -1;
  }
}
function attach(node, value, strict) {
  node.value = value;
  if (node.kind === "map") {
    const obj = value !== null && typeof value === "object" && !Array.isArray(value) ? value : null;
    if (!obj && strict) throw new NotPlaceable();
    for (const pair of node.items) {
      if (pair.key.kind !== "scalar") {
        if (strict) throw new NotPlaceable();
        continue;
      }
      const k = String(pair.key.value);
      if (strict && !Object.hasOwn(obj, k)) throw new NotPlaceable();
      attach(pair.value, obj?.[k], strict);
    }
  } else if (node.kind === "seq") {
    const arr = Array.isArray(value) ? value : null;
    if (!arr && strict) throw new NotPlaceable();
    node.items.forEach((item, i) => attach(item, arr?.[i], strict));
  }
}
function yamlTree(doc, value) {
  const root = doc.contents ? convert(doc.contents) : null;
  if (root) attach(root, value, false);
  return root;
}
function convert(node) {
  const start = node.range?.[0] ?? 0;
  if (isMap(node)) {
    const items = [];
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const key = p.key ? convert(p.key) : { kind: "scalar", start, end: start, style: "plain", value: null };
      const value = p.value ? convert(p.value) : { kind: "scalar", start: key.start, end: key.start, style: "plain", value: null };
      items.push({ key, value });
    }
    return { kind: "map", start, items, value: void 0 };
  }
  if (isSeq(node)) return { kind: "seq", start, items: node.items.map(convert), value: void 0 };
  if (isScalar(node)) {
    const style = node.type === "QUOTE_DOUBLE" ? "double" : node.type === "QUOTE_SINGLE" ? "single" : node.type === "BLOCK_LITERAL" ? "literal" : node.type === "BLOCK_FOLDED" ? "folded" : "plain";
    return { kind: "scalar", start, end: node.range?.[1] ?? start, style, value: node.value };
  }
  if (isAlias(node)) return { kind: "alias", start, value: void 0 };
  return { kind: "scalar", start, end: start, style: "plain", value: null };
}
export {
  fastTree,
  yamlTree
};
