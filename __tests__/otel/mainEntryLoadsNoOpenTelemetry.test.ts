import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../support/childProcess';

const SRC = join(ROOT, 'src');

/** Every `.ts` file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The `@opentelemetry/…` imports of a file that are not `import type` (or `export type … from`). */
function valueImportsOfOpenTelemetry(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text.startsWith('@opentelemetry/')
    ) {
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
      if (!typeOnly) found.push(`${relative(ROOT, file)}: ${node.getText()}`);
    }
    if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression.getText();
      if (
        (callee === 'require' || node.expression.kind === ts.SyntaxKind.ImportKeyword) &&
        node.arguments[0].text.startsWith('@opentelemetry/')
      )
        found.push(`${relative(ROOT, file)}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('cachewright/otel', () => {
  it('is the only room of src/ that imports @opentelemetry values (elsewhere: `import type` only)', () => {
    const outside = sourceFiles(SRC).filter((file) => !relative(SRC, file).startsWith(`otel${sep}`));
    expect(outside.flatMap(valueImportsOfOpenTelemetry)).toEqual([]);
    expect(sourceFiles(join(SRC, 'otel')).flatMap(valueImportsOfOpenTelemetry).length).toBeGreaterThan(0);
  });

  describe('the built package', () => {
    let out: string;
    beforeAll(() => {
      out = mkdtempSync(join(tmpdir(), 'cachewright-build-'));
      const tsc = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/typescript/bin/tsc'),
          '-p',
          join(ROOT, 'tsconfig.build.json'),
          '--outDir',
          out,
          '--declaration',
          'false',
          '--declarationMap',
          'false',
          '--sourceMap',
          'false',
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    }, 60_000);
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    /** The `@opentelemetry/` modules loaded by requiring `entry` (relative to the build) in a fresh node. */
    const openTelemetryLoadedBy = (entry: string): string[] => {
      const script = `
        require(${JSON.stringify(join(out, entry))});
        const loaded = Object.keys(require.cache).filter((file) => file.includes('/node_modules/@opentelemetry/'));
        process.stdout.write(JSON.stringify(loaded.map((file) => file.split('/node_modules/')[1].split('/').slice(0, 2).join('/'))));
      `;
      const run = spawnSync(process.execPath, ['-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, // the build is outside the repository
      });
      if (run.status !== 0) throw new Error(`node failed:\n${run.stderr}`);
      return [...new Set(JSON.parse(run.stdout) as string[])];
    };

    it('loads no @opentelemetry module when the main entry is required', () => {
      expect(openTelemetryLoadedBy('index.js')).toEqual([]);
    });

    it('loads @opentelemetry/api (and nothing of the SDK) when cachewright/otel is required', () => {
      expect(openTelemetryLoadedBy('otel/index.js')).toEqual(['@opentelemetry/api']);
    });
  });
});
