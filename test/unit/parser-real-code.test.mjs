// Definitions the ctags recall bench (bench/ctags-recall.mjs) found the parser missing in real code,
// each in a small fixture shaped like the code it was found in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { core, extractFixture, symbol, SymbolKind } from '../helpers/parser.mjs';

let parser;
before(async () => {
  parser = await core.createParser();
});
after(() => parser.dispose());

describe('java', () => {
  test('annotation type elements are methods of their annotation (java.lang.Deprecated)', async () => {
    const x = await extractFixture(parser, 'Audit.java');
    assert.equal(symbol(x, 'Audit').kind, SymbolKind.Interface);
    const reviewer = symbol(x, 'Audit.reviewer');
    assert.equal(reviewer.kind, SymbolKind.Method);
    assert.equal(reviewer.doc, 'Who reviewed it.');
    assert.equal(symbol(x, 'Audit.passed').signature, 'boolean passed() default true;');
    assert.equal(symbol(x, 'Audit.LIMIT').kind, SymbolKind.Constant);
  });
});

describe('go', () => {
  test('methods on a parenthesized receiver type are named inside it (go/types testdata)', async () => {
    const x = await extractFixture(parser, 'receivers.go');
    assert.equal(symbol(x, 'List.Push').doc, 'Push adds an item.');
    for (const name of ['Raise', 'String', 'Lower']) assert.equal(symbol(x, `Celsius.${name}`).kind, SymbolKind.Method);
  });
});

describe('ruby', () => {
  test('a leading :: names a top-level class or module, whatever encloses it (debug/session.rb)', async () => {
    const x = await extractFixture(parser, 'reopen.rb');
    const reopened = symbol(x, 'Module');
    assert.equal(reopened.kind, SymbolKind.Class);
    assert.equal(reopened.doc, 'Reopens the top-level Module, not Debugger::Module.');
    assert.equal(symbol(x, 'Module.traced?').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'Net.Session').kind, SymbolKind.Class);
    assert.equal(symbol(x, 'Kernel').kind, SymbolKind.Module);
  });
});

describe('csharp', () => {
  test('operators, conversions and finalizers are named as C# writes them (Newtonsoft.Json JValue)', async () => {
    const x = await extractFixture(parser, 'Operators.cs');
    const equals = symbol(x, 'Json.Linq.JValue.operator ==');
    assert.equal(equals.kind, SymbolKind.Operator);
    assert.equal(equals.doc, 'Equal when both hold the same value.');
    assert.deepEqual(equals.nameRange, { startLine: 9, startCol: 27, endLine: 9, endCol: 38 });
    // Blanks inside the name collapse; its range still covers the text as written.
    assert.deepEqual(symbol(x, 'Json.Linq.JValue.operator !=').nameRange, { startLine: 11, startCol: 27, endLine: 11, endCol: 39 });
    assert.equal(symbol(x, 'Json.Linq.JValue.operator JValue').doc, 'Wraps a bool.');
    assert.equal(symbol(x, 'Json.Linq.JValue.operator System.Int32').kind, SymbolKind.Operator);
    const finalizer = symbol(x, 'Json.Linq.JValue.~JValue');
    assert.equal(finalizer.kind, SymbolKind.Method);
    assert.equal(finalizer.doc, 'Releases the handle.');
    assert.equal(x.symbols.filter((s) => s.name === 'JValue').length, 1, 'the finalizer is not a second JValue');
  });
});

describe('c', () => {
  test('pointer and array fields are named without their declarator (libstdc++ ios_base.h)', async () => {
    const x = await extractFixture(parser, 'fields.c');
    const value = symbol(x, 'node.value');
    assert.equal(value.kind, SymbolKind.Field);
    assert.equal(value.doc, 'The payload.');
    assert.deepEqual(value.nameRange, { startLine: 4, startCol: 14, endLine: 4, endCol: 19 });
    for (const name of ['names', 'slots', 'grid', 'count', 'counts', 'next'])
      assert.equal(symbol(x, `node.${name}`).kind, SymbolKind.Field);
    assert.deepEqual(
      x.symbols.map((s) => s.name).filter((n) => !/^\w+$/.test(n)),
      [],
    );
  });
});

describe('cpp', () => {
  test('functions that return a reference, or follow a macro, are named right (libstdc++ ios_base.h)', async () => {
    const x = await extractFixture(parser, 'references.cpp');
    const boolalpha = symbol(x, 'std.boolalpha');
    assert.equal(boolalpha.kind, SymbolKind.Function);
    assert.equal(boolalpha.doc, 'Calls base.setf(ios_base::boolalpha).');
    assert.equal(boolalpha.nameRange.startLine, 12);
    assert.equal(symbol(x, 'std.ios_base.operator=').doc, "Copies another stream's state.");
    assert.equal(symbol(x, 'std.ios_base.pword').kind, SymbolKind.Method);
    assert.equal(symbol(x, 'std.names').kind, SymbolKind.Function);
    // Error recovery glued the line before the name into it; the name is its own line.
    assert.deepEqual(symbol(x, 'std.operator&').nameRange, { startLine: 27, startCol: 2, endLine: 27, endCol: 11 });
    assert.deepEqual(
      x.symbols.filter((s) => s.name.includes('\n')),
      [],
    );
  });
});
