import { CST, Document, isMap, isScalar, isSeq, Lexer, parseDocument, type Node as YamlNode } from 'yaml';

/**
 * The YAML view's text, kept as a `yaml` Document so that what a person wrote stays as written: comments,
 * key order, flow mappings (`{ days: 2 }`) and quoting. A canvas edit is written into the same Document,
 * changing only the nodes whose values changed; steps are matched by id, so adding or removing one keeps
 * every other step's comments with it.
 */
export interface JourneyYaml {
  document: Document;
  text: string;
}

// As people write YAML by hand: no line folding, escapes (\n) kept on one line.
const options = { lineWidth: 0, flowCollectionPadding: true, doubleQuotedAsJSON: true } as const;

/**
 * The Document as text, formatted as Prettier formats YAML (and as examples/ is written): `{ days: 2 }` with
 * padding, `[mon, tue]` without (the yaml package pads both or neither; its lexer finds the brackets, so a
 * bracket inside a string is never touched).
 */
function textOf(document: Document): string {
  // The lexer's stream is the source text with control tokens between (document start, scalar, flow end).
  const markers: string[] = [CST.DOCUMENT, CST.SCALAR, CST.FLOW_END];
  const tokens = [...new Lexer().lex(document.toString(options))].filter((token) => !markers.includes(token));
  return tokens
    .filter(
      (token, index) =>
        token !== ' ' ||
        (CST.tokenType(tokens[index - 1] ?? '') !== 'flow-seq-start' &&
          CST.tokenType(tokens[index + 1] ?? '') !== 'flow-seq-end'),
    )
    .join('');
}

export function yamlOf(value: unknown): JourneyYaml {
  const document = new Document(value);
  return { document, text: textOf(document) };
}

export interface ParsedYaml {
  document: Document;
  value: unknown;
  /** The first syntax error, with its line (1-based), when the text is not YAML. */
  error?: { message: string; line?: number };
}

export function parseYaml(text: string): ParsedYaml {
  const document = parseDocument(text, { prettyErrors: false });
  const first = document.errors[0];
  if (first) return { document, value: undefined, error: { message: first.message, line: first.linePos?.[0]?.line } };
  return { document, value: document.toJS() };
}

/** The Document with `value` written into it, as few nodes changed as possible; the given one is not changed. */
export function writeInto(yaml: JourneyYaml, value: unknown): JourneyYaml {
  const document = yaml.document.clone();
  document.contents = sync(document, document.contents as YamlNode | null, value);
  return { document, text: textOf(document) };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const keyOf = (key: unknown): unknown => (isScalar(key) ? key.value : key);

function sync(document: Document, node: YamlNode | null, value: unknown): YamlNode {
  if (isMap(node) && isRecord(value)) {
    node.items = node.items.filter((pair) => Object.hasOwn(value, String(keyOf(pair.key))));
    for (const pair of node.items)
      pair.value = sync(document, pair.value as YamlNode | null, value[String(keyOf(pair.key))]);
    const present = new Set(node.items.map((pair) => String(keyOf(pair.key))));
    for (const [key, child] of Object.entries(value))
      if (!present.has(key) && child !== undefined) node.items.push(document.createPair(key, child));
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    const old = node.items as YamlNode[];
    const idOf = (item: YamlNode) => (isMap(item) ? item.get('id') : undefined);
    const byId = value.every((item) => isRecord(item) && typeof item.id === 'string');
    const unused = new Set(old);
    node.items = value.map((item, index) => {
      const match = byId
        ? old.find((candidate) => unused.has(candidate) && idOf(candidate) === (item as { id: string }).id)
        : old[index];
      if (match) unused.delete(match);
      return match ? sync(document, match, item) : (document.createNode(item) as YamlNode);
    });
    return node;
  }
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    if (node.value === value) return node;
    if (typeof node.value !== typeof value) node.type = undefined;
    node.value = value;
    return node;
  }
  return document.createNode(value) as YamlNode;
}
