import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The floors of `src/` (src/README.md): a file may import files of its own room or of a room on a
 * lower floor, never one above or beside it, and no two files may import each other, directly or
 * through others. Every import counts, type-only ones and `import('…')` types included.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['contracts'],
  ['util'],
  ['strategies'],
  ['policies'],
  ['core'],
  ['container'],
  ['api'],
  ['index.ts'],
  ['redis', 'otel'],
];

const SRC = resolve(__dirname, '../../src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The room of a file: its first path segment under `src/` (`index.ts` for the entry point). */
function roomOf(file: string): string {
  return relative(SRC, file).split(sep)[0];
}

function floorOf(room: string): number {
  const floor = FLOORS.findIndex((rooms) => rooms.includes(room));
  if (floor === -1) throw new Error(`src/${room} is on no floor: add it to FLOORS and to src/README.md`);
  return floor;
}

/** The `src/` files one file imports (relative specifiers resolved to `.ts` files or `index.ts`). */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = resolve(dirname(file), fileName);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => known.has(candidate));
    if (target === undefined) throw new Error(`${relative(SRC, file)} imports ${fileName}, which is no file of src/`);
    targets.push(target);
  }
  return targets;
}

/** Strongly connected components with more than one file (or a file importing itself): the circles. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('src/ floors', () => {
  const files = sourceFiles(SRC);
  const known = new Set(files);
  const graph = new Map(files.map((file) => [file, importsOf(file, known)]));
  const name = (file: string): string => relative(SRC, file);

  it('puts every room of src/ on a floor', () => {
    for (const file of files) expect(() => floorOf(roomOf(file))).not.toThrow();
  });

  it('has no import running up a floor or across to another room of the same floor', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const room = roomOf(file);
      for (const target of targets) {
        const targetRoom = roomOf(target);
        if (targetRoom === room) continue;
        if (floorOf(targetRoom) >= floorOf(room)) violations.push(`${name(file)} -> ${name(target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import circle between files', () => {
    expect(circles(graph).map((component) => component.map(name))).toEqual([]);
  });

  it('finds a circle when there is one (the check itself)', () => {
    const graphWithCircle = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(circles(graphWithCircle)).toEqual([['a', 'b', 'c']]);
  });
});
