// What the parser extracts from small fixtures, one or more tests per language with a grammar.
// Runs against the built core bundle (dist/core.js, or CODE_INDEX_CORE for another build).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { calls, core, extractFixture as extractFrom, FIXTURES as fixtures, symbol, SymbolKind } from '../helpers/parser.mjs';

let parser;
before(async () => {
  parser = await core.createParser();
});
after(() => parser.dispose());

const extractFixture = (name) => extractFrom(parser, name);

describe('typescript', () => {
  test('classes, members, interfaces, enums, namespaces with containers and ranges', async () => {
    const x = await extractFixture('sample.ts');
    assert.equal(x.language, 'typescript');
    const foo = symbol(x, 'Foo');
    assert.equal(foo.kind, SymbolKind.Class);
    assert.equal(foo.container, null);
    assert.deepEqual(foo.range, { startLine: 5, startCol: 7, endLine: 11, endCol: 1 });
    assert.deepEqual(foo.nameRange, { startLine: 5, startCol: 13, endLine: 5, endCol: 16 });
    assert.equal(foo.signature, 'export class Foo<T> extends Bar implements Baz {');
    assert.equal(foo.doc, 'Doc for Foo.');
    assert.equal(symbol(x, 'Foo.constructor').kind, SymbolKind.Constructor);
    assert.equal(symbol(x, 'Foo.method').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Foo.method').doc, 'm doc');
    assert.equal(symbol(x, 'Foo.x').kind, SymbolKind.Field);
    assert.equal(symbol(x, 'I').kind, SymbolKind.Interface);
    assert.equal(symbol(x, 'I.m').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'I.p').kind, SymbolKind.Property);
    assert.equal(symbol(x, 'arrow').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'Alias').kind, SymbolKind.TypeParameter);
    assert.equal(symbol(x, 'E').kind, SymbolKind.Enum);
    assert.equal(symbol(x, 'E.B').kind, SymbolKind.EnumMember);
    assert.equal(symbol(x, 'NS').kind, SymbolKind.Namespace);
    assert.equal(symbol(x, 'NS.inner').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'Abs.am').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'decl').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'o.meth').kind, SymbolKind.Method);
  });

  test('calls name the last identifier of the callee and the enclosing definition', async () => {
    const x = await extractFixture('sample.ts');
    assert.deepEqual(calls(x), ['Foo.method->q', 'Foo.method->foo']);
    const q = x.calls[0];
    assert.deepEqual([q.line, q.col], [9, 50]);
  });

  test('imports and exports', async () => {
    const x = await extractFixture('sample.ts');
    assert.deepEqual(
      x.imports.map((i) => [i.module, i.names, i.line]),
      [
        ['./x', ['a', 'b'], 1],
        ['ns', ['ns'], 2],
        ['def', ['def'], 3],
      ],
    );
    // NS.inner is exported from its namespace, not from the file.
    assert.deepEqual(x.exports.map((e) => e.name).sort(), ['Foo', 'I', 'arrow', 'b2', 'c', 'default']);
  });

  test('re-exports, type-only imports and dynamic imports', async () => {
    const text = [
      "import type { A, B as C } from './types';",
      "import def, * as everything from 'lib';",
      "export { x as y, z } from './m';",
      "export * from './all';",
      'const lazy = () => import("./lazy");',
      'export { lazy as default };',
    ].join('\n');
    const x = await parser.extract(text, 'typescript');
    assert.deepEqual(
      x.imports.map((i) => [i.module, i.names]),
      [
        ['./types', ['A', 'B']],
        ['lib', ['def', 'everything']],
        ['./m', ['x', 'z']],
        ['./all', []],
        ['./lazy', []],
      ],
    );
    assert.deepEqual(x.exports.map((e) => e.name).sort(), ['default', 'y', 'z']);
    assert.deepEqual(x.calls, [], 'import() is an import, not a call');
  });

  test('tsx parses JSX with the tsx grammar', async () => {
    const x = await extractFixture('sample.tsx');
    assert.equal(x.parseErrors, undefined);
    assert.equal(symbol(x, 'Title').doc, 'Shows a title.');
    assert.equal(symbol(x, 'Card').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'Page.render').kind, SymbolKind.Method);
    assert.deepEqual(calls(x), ['Title->useState', 'Title->setN', 'Card->format']);
    assert.deepEqual(x.imports[0].names, ['React', 'useState']);
  });
});

describe('javascript', () => {
  test('JSX, classes, function expressions, CommonJS', async () => {
    const x = await extractFixture('sample.jsx');
    assert.equal(x.language, 'javascript');
    assert.equal(x.parseErrors, undefined);
    assert.equal(symbol(x, 'App').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'Store').kind, SymbolKind.Class);
    assert.equal(symbol(x, 'Store.constructor').kind, SymbolKind.Constructor);
    assert.equal(symbol(x, 'Store.create').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'handler').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'helper').kind, SymbolKind.Function);
    assert.ok(calls(x).includes('Store.create->Store'), 'new counts as a call');
    assert.ok(calls(x).includes('App->greet'));
    assert.deepEqual(
      x.imports.map((i) => i.module),
      ['react-dom', './lib'],
    );
    assert.deepEqual(x.exports.map((e) => e.name).sort(), ['App', 'Store', 'helper']);
  });

  test('a named function that is the value of a definition is that definition: callers and symbols name it once', async () => {
    // axios's createInstance: `instance.create = function create() {...}` inside a function.
    const text = [
      'function createInstance(config) {',
      '  const instance = bind(config);',
      '  instance.create = function create(more) {',
      '    return createInstance(merge(config, more));',
      '  };',
      '  const api = { get: function get(u) { return fetchIt(u); }, put: function store(u) { return fetchIt(u); } };',
      '  return instance;',
      '}',
      'Foo.prototype.bar = function bar() { return helper(); };',
      'const named = function named() { return helper(); };',
      '',
    ].join('\n');
    const x = await parser.extract(text, 'javascript');
    assert.deepEqual(calls(x), [
      'createInstance->bind',
      'createInstance.instance.create->createInstance',
      'createInstance.instance.create->merge',
      'createInstance.get->fetchIt',
      // A different inner name is a name of its own, inside the definition that holds it.
      'createInstance.put.store->fetchIt',
      'Foo.bar->helper',
      'named->helper',
    ]);
    const names = x.symbols.map((s) => (s.container ? `${s.container}.${s.name}` : s.name));
    assert.deepEqual(names.filter((n) => n.endsWith('create') || n.endsWith('bar') || n.endsWith('named')).sort(), [
      'Foo.bar',
      'createInstance.instance.create',
      'named',
    ]);
  });

  test('CommonJS exports', async () => {
    const text = 'exports.a = 1;\nmodule.exports.b = function () {};\nmodule.exports = { c, d: 2 };\n';
    const x = await parser.extract(text, 'javascript');
    assert.deepEqual(
      x.exports.map((e) => [e.name, e.line]),
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['d', 3],
      ],
    );
  });

  test('prototype methods are named inside their constructor', async () => {
    const x = await parser.extract('function Hash() {}\nHash.prototype.clear = function () {\n  reset();\n};\n', 'javascript');
    const clear = symbol(x, 'Hash.clear');
    assert.equal(clear.kind, SymbolKind.Method);
    assert.deepEqual(calls(x), ['Hash.clear->reset']);
  });
});

describe('python', () => {
  test('classes, methods, nested definitions, docstrings', async () => {
    const x = await extractFixture('sample.py');
    const shape = symbol(x, 'Shape');
    assert.equal(shape.kind, SymbolKind.Class);
    assert.equal(shape.doc, 'A shape.');
    assert.deepEqual([shape.range.startLine, shape.range.endLine], [17, 34]);
    assert.equal(symbol(x, 'top_level').doc, 'Add two numbers.');
    assert.equal(symbol(x, 'Shape.__init__').kind, SymbolKind.Method);
    const area = symbol(x, 'Shape.area');
    assert.equal(area.kind, SymbolKind.Method);
    assert.equal(area.doc, null, 'a comment in the body is not a docstring');
    assert.equal(area.signature, 'def area(self):');
    assert.equal(symbol(x, 'Shape.Inner.deep').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Shape.Inner.deep.local').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'Shape.sides').kind, SymbolKind.Field);
    assert.equal(symbol(x, 'MAX_SIZE').kind, SymbolKind.Constant);
    assert.equal(symbol(x, 'fetch').signature, 'async def fetch(url):');
  });

  test('calls, imports, exports', async () => {
    const x = await extractFixture('sample.py');
    assert.deepEqual(calls(x), [
      'top_level->helper',
      'top_level->join',
      'Shape.area->compute_area',
      'Shape.Inner.deep->local',
      'fetch->get',
    ]);
    assert.deepEqual(
      x.imports.map((i) => [i.module, i.names]),
      [
        ['os', []],
        ['os.path', []],
        ['collections', ['OrderedDict', 'defaultdict']],
        ['.', ['sibling']],
        ['..pkg.mod', ['thing_one', 'thing_two']],
      ],
    );
    assert.deepEqual(
      x.exports.map((e) => e.name),
      ['MAX_SIZE', 'top_level', 'Shape', 'fetch'],
    );
  });

  test('__all__ overrides the naming convention for exports', async () => {
    const x = await parser.extract('__all__ = ["b"]\ndef a(): pass\ndef b(): pass\n', 'python');
    assert.deepEqual(
      x.exports.map((e) => e.name),
      ['b'],
    );
  });
});

describe('go', () => {
  test('methods belong to their receiver type', async () => {
    const x = await extractFixture('sample.go');
    const area = symbol(x, 'Rect.Area');
    assert.equal(area.kind, SymbolKind.Method);
    assert.equal(area.doc, 'Area returns the area.');
    assert.equal(symbol(x, 'Rect').kind, SymbolKind.Struct);
    assert.equal(symbol(x, 'Rect.W').kind, SymbolKind.Field);
    assert.equal(symbol(x, 'Rect.H').container, 'Rect', 'two fields on one line are siblings');
    assert.equal(symbol(x, 'Shape').kind, SymbolKind.Interface);
    assert.equal(symbol(x, 'Shape.Area').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Celsius').kind, SymbolKind.TypeParameter);
    assert.equal(symbol(x, 'Pi').kind, SymbolKind.Constant);
    assert.deepEqual(calls(x), ['NewRect->Println', 'NewRect->ToUpper', 'NewRect->Exit']);
    assert.deepEqual(
      x.imports.map((i) => [i.module, i.names]),
      [
        ['fmt', []],
        ['strings', ['str']],
        ['os', []],
      ],
    );
    assert.ok(x.exports.some((e) => e.name === 'NewRect'));
    assert.ok(!x.exports.some((e) => e.name === 'counter'), 'lower-case names are not exported');
  });
});

describe('rust', () => {
  test('impl blocks name methods inside their type; traits, modules, use trees', async () => {
    const x = await extractFixture('sample.rs');
    assert.equal(symbol(x, 'Point').kind, SymbolKind.Struct);
    assert.equal(symbol(x, 'Point').doc, 'A point in space.');
    assert.equal(symbol(x, 'Point.new').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Point.new').doc, 'Makes a point.');
    assert.equal(symbol(x, 'Point.draw').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Draw').kind, SymbolKind.Interface);
    assert.equal(symbol(x, 'Draw.draw').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'inner').kind, SymbolKind.Module);
    assert.equal(symbol(x, 'inner.nested').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'Color.Green').kind, SymbolKind.EnumMember);
    assert.ok(!x.symbols.some((s) => s.name === 'Point' && s.range.startLine === 21), 'impl is not a symbol');
    assert.deepEqual(calls(x), ['Point.new->helper', 'Point.draw->render', 'Point.draw->flush', 'Point.draw->drop']);
    assert.deepEqual(
      x.imports.map((i) => [i.module, i.names]),
      [
        ['std::collections', ['HashMap']],
        ['std::io', ['self', 'Read']],
        ['crate::util', []],
      ],
    );
  });
});

describe('java', () => {
  test('classes, constructors, annotated methods, nested types, imports', async () => {
    const x = await extractFixture('Sample.java');
    assert.equal(symbol(x, 'Greeter').doc, 'A greeter.');
    assert.equal(symbol(x, 'Greeter.Greeter').kind, SymbolKind.Constructor);
    const run = symbol(x, 'Greeter.run');
    assert.equal(run.range.startLine, 16, 'the range includes the annotation');
    assert.equal(run.signature, 'public void run() {', 'the signature is the line with the name');
    assert.equal(symbol(x, 'Greeter.Listener').kind, SymbolKind.Interface);
    assert.equal(symbol(x, 'Greeter.Listener.onEvent').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Greeter.Mode.ON').kind, SymbolKind.EnumMember);
    assert.equal(symbol(x, 'Greeter.Nested.inner').kind, SymbolKind.Method);
    assert.deepEqual(calls(x), [
      'Greeter.run->println',
      'Greeter.run->greet',
      'Greeter.run->helper',
      'Greeter.Nested.inner->Greeter',
      'Greeter.Nested.inner->run',
    ]);
    assert.deepEqual(
      x.imports.map((i) => [i.module, i.names]),
      [
        ['java.util', ['List']],
        ['java.util', ['*']],
        ['java.lang.Math', ['max']],
      ],
    );
    assert.deepEqual(
      x.exports.map((e) => e.name),
      ['Greeter'],
    );
  });
});

describe('c and c++', () => {
  test('c functions through pointer declarators, structs, macros, includes', async () => {
    const x = await extractFixture('sample.c');
    assert.equal(symbol(x, 'add').doc, 'Adds numbers.');
    assert.equal(symbol(x, 'make_ptr').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'point').kind, SymbolKind.Struct);
    assert.equal(symbol(x, 'point.x').kind, SymbolKind.Field);
    const max = symbol(x, 'MAX');
    assert.deepEqual([max.range.startLine, max.range.endLine], [4, 4], 'a #define ends on its own line');
    assert.deepEqual(calls(x), ['add->printf', 'add->helper', 'main->add']);
    assert.deepEqual(
      x.imports.map((i) => i.module),
      ['stdio.h', 'local.h'],
    );
    assert.ok(!x.exports.some((e) => e.name === 'helper'), 'static functions are not exported');
  });

  test('a header using C++ is parsed as C++', async () => {
    const header = 'namespace ui {\nclass Button {\n public:\n  void press();\n};\n}\n';
    assert.equal(core.refineLanguage('c', header), 'cpp');
    assert.equal(core.refineLanguage('c', 'int add(int a, int b);\n'), 'c');
    const x = await parser.extract(header, core.languageForPath('button.h'));
    assert.equal(x.language, 'cpp');
    assert.equal(symbol(x, 'ui.Button.press').kind, SymbolKind.Method);
  });

  test('a script without an extension is the language its #! line runs (ruby bin/racc)', async () => {
    const script = '#!/usr/bin/env ruby\n# Runs the generator.\nclass Generator\n  def run(args)\n    args\n  end\nend\n';
    const x = await parser.extract(script, core.languageForPath('bin/racc'));
    assert.equal(x.language, 'ruby');
    assert.equal(symbol(x, 'Generator.run').kind, SymbolKind.Method);
    const cases = {
      '#!/usr/bin/python3.11 -u\n': 'python',
      '#!/usr/bin/env -S node --no-warnings\n': 'javascript',
      '#! /bin/bash\n': 'shell',
      '#!/usr/bin/env FOO=1 php\n': 'php',
      '#!/usr/bin/env perl\n': 'text',
      '#!\n': 'text',
    };
    for (const [line, language] of Object.entries(cases)) assert.equal(core.refineLanguage('text', line), language, line);
    assert.equal(core.refineLanguage('markdown', '#!/usr/bin/env ruby\n'), 'markdown', 'a name that says a language wins');
  });

  test('c++ out-of-line methods are named inside their class and namespace', async () => {
    const x = await extractFixture('sample.cpp');
    assert.equal(symbol(x, 'ui').kind, SymbolKind.Namespace);
    assert.equal(symbol(x, 'ui.Widget').kind, SymbolKind.Class);
    assert.equal(symbol(x, 'ui.Widget.width').kind, SymbolKind.Method);
    const draws = x.symbols.filter((s) => s.container === 'ui.Widget' && s.name === 'draw');
    assert.deepEqual(
      draws.map((s) => s.range.startLine),
      [12, 19],
      'declaration and out-of-line definition',
    );
    assert.ok(draws.every((s) => s.kind === SymbolKind.Method));
    assert.ok(x.symbols.some((s) => s.container === 'ui.Widget' && s.name === 'Widget' && s.kind === SymbolKind.Constructor));
    assert.equal(symbol(x, 'ui.maxOf').kind, SymbolKind.Function);
    assert.ok(calls(x).includes('ui.Widget.draw->sort'));
    assert.ok(calls(x).includes('main->maxOf'));
  });
});

describe('c#', () => {
  test('namespaces, classes, properties, expression-bodied methods, usings', async () => {
    const x = await extractFixture('Sample.cs');
    assert.equal(symbol(x, 'Demo.App').kind, SymbolKind.Namespace);
    assert.equal(symbol(x, 'Demo.App.Greeter').doc, 'A greeter.');
    assert.equal(symbol(x, 'Demo.App.Greeter.Greeter').kind, SymbolKind.Constructor);
    assert.equal(symbol(x, 'Demo.App.Greeter.Name').kind, SymbolKind.Property);
    assert.equal(symbol(x, 'Demo.App.Greeter.Greet').doc, 'Say hi.');
    assert.equal(symbol(x, 'Demo.App.Greeter.Format').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Demo.App.Point').kind, SymbolKind.Struct);
    assert.deepEqual(calls(x), [
      'Demo.App.Greeter.Greet->WriteLine',
      'Demo.App.Greeter.Greet->Format',
      'Demo.App.Greeter.Greet->Helper',
      'Demo.App.Greeter.Format->ToUpper',
    ]);
    assert.deepEqual(
      x.imports.map((i) => i.module),
      ['System', 'System.Collections.Generic', 'System.IO'],
    );
  });
});

describe('ruby', () => {
  test('classes, modules, singleton methods, require as import', async () => {
    const x = await extractFixture('sample.rb');
    assert.equal(symbol(x, 'Greeter').doc, 'A greeter.');
    assert.equal(symbol(x, 'Greeter.initialize').doc, 'Makes one.');
    assert.equal(symbol(x, 'Greeter.build').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Tools').kind, SymbolKind.Module);
    assert.equal(symbol(x, 'Tools.Hammer').kind, SymbolKind.Class);
    assert.equal(symbol(x, 'Tools.use').kind, SymbolKind.Method);
    assert.ok(calls(x).includes('Greeter.greet->format_name'));
    assert.ok(calls(x).includes('top_helper->use'));
    assert.deepEqual(
      x.imports.map((i) => i.module),
      ['json', 'helpers/util'],
    );
  });
});

describe('php', () => {
  test('classes, traits, methods, functions, use clauses', async () => {
    const x = await extractFixture('sample.php');
    assert.equal(symbol(x, 'User').doc, 'A user.');
    assert.equal(symbol(x, 'User.greet').doc, 'Greets.');
    assert.equal(symbol(x, 'User.make').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'User.ROLE').kind, SymbolKind.Constant);
    assert.equal(symbol(x, 'Named').kind, SymbolKind.Interface);
    assert.equal(symbol(x, 'Loggable.log').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'helper').kind, SymbolKind.Function);
    assert.equal(symbol(x, 'Suit.Hearts').kind, SymbolKind.EnumMember);
    assert.ok(calls(x).includes('User.greet->format'));
    assert.ok(calls(x).includes('helper->strtoupper'));
    assert.deepEqual(
      x.imports.map((i) => [i.module, i.names]),
      [
        ['App\\Contracts', ['Greeter']],
        ['Foo', ['Bar', 'Baz']],
      ],
    );
  });
});

describe('doc comments', () => {
  test('only comments directly above, through attributes, without markers', async () => {
    const ts = [
      '/** Not mine: a blank line follows. */',
      '',
      'function a() {}',
      'let x = 1; /* trailing */',
      'function b() {}',
      '// First line.',
      '// Second line.',
      'function c() {}',
      '/**',
      ' * Block with',
      ' * two lines.',
      ' */',
      '@decorated()',
      'class D {}',
    ].join('\n');
    const x = await parser.extract(ts, 'typescript');
    assert.equal(symbol(x, 'a').doc, null);
    assert.equal(symbol(x, 'b').doc, null);
    assert.equal(symbol(x, 'c').doc, 'First line.\nSecond line.');
    assert.equal(symbol(x, 'D').doc, 'Block with\ntwo lines.');
    const rust = '/// Derived.\n#[derive(Debug)]\nstruct P;\n';
    assert.equal(symbol(await parser.extract(rust, 'rust'), 'P').doc, 'Derived.');
    const python = "def f():\n    r'''\n    Indented\n      more.\n    '''\n";
    assert.equal(symbol(await parser.extract(python, 'python'), 'f').doc, 'Indented\n  more.');
  });
});

describe('languages without a grammar', () => {
  test('get line-window chunks and no symbols', async () => {
    assert.equal(parser.hasGrammar('markdown'), false);
    assert.equal(parser.hasGrammar('typescript'), true);
    const x = await parser.extract('# Title\n\nSome text.\n', 'markdown');
    assert.deepEqual(x.symbols, []);
    assert.equal(x.chunks.length, 1);
    assert.equal(x.chunks[0].text, '# Title\n\nSome text.');
  });

  test('languageForPath maps names and extensions', () => {
    assert.equal(core.languageForPath('src/a.tsx'), 'tsx');
    assert.equal(core.languageForPath('x/Dockerfile'), 'dockerfile');
    assert.equal(core.languageForPath('lib/b.mjs'), 'javascript');
    assert.equal(core.languageForPath('notes.unknown'), 'text');
  });
});

describe('grammars', () => {
  test('files of every language extracted at once load each grammar without error', async () => {
    // A parse thread given several requests at once starts its first files of several languages
    // together; web-tree-sitter fails a grammar whose load overlaps another's unless they queue.
    const names = readdirSync(fixtures);
    assert.ok(names.length >= 10, `expected a fixture per language in ${fixtures}`);
    const errors = [];
    const fresh = await core.createParser({ onError: (error, language) => errors.push(`${language}: ${error.message}`) });
    try {
      const texts = names.map((name) => readFileSync(join(fixtures, name), 'utf8'));
      const together = await Promise.all(names.map((name, i) => fresh.extract(texts[i], core.languageForPath(name))));
      assert.deepEqual(errors, []);
      for (const [i, name] of names.entries()) {
        assert.deepEqual(together[i], await parser.extract(texts[i], core.languageForPath(name)), name);
      }
    } finally {
      fresh.dispose();
    }
  });
});
