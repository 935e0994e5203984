// A tiny but valid sentence-embedding model for the transformers provider's tests, written to a
// folder the way a model repository lays it out: config.json, tokenizer.json, tokenizer_config.json
// and onnx/model.onnx. The ONNX graph is encoded here by hand (no hub is reachable): it looks every
// token up in an embedding table and zeroes padding, so a text's mean-pooled vector is exactly the
// normalised mean of its tokens' rows, which the tests compute on their own to check real inference.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = [
  'parse',
  'config',
  'file',
  'read',
  'write',
  'open',
  'close',
  'database',
  'query',
  'search',
  'index',
  'http',
  'request',
  'server',
  'client',
  'token',
  'user',
  'error',
  'retry',
  'vector',
  'the',
  'a',
  'of',
];
const PIECES = ['##s', '##ing', '##er', '##ed'];

/** Every token of the vocabulary, in id order. */
export const TINY_VOCAB = [...SPECIAL, ...WORDS, ...PIECES];
export const TINY_DIMENSIONS = 8;

/**
 * Writes the model into `dir` and returns it with what the tests need to predict its vectors:
 * `embeddingRow(token)` and `expectedVector(tokens)` (the tokens between [CLS] and [SEP]).
 */
export function writeTinyModel(dir, { dimensions = TINY_DIMENSIONS } = {}) {
  const table = embeddingTable(TINY_VOCAB.length, dimensions);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(modelConfig(dimensions), null, 2));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(), null, 2));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig(), null, 2));
  writeFileSync(join(dir, 'onnx', 'model.onnx'), encodeModel(table, TINY_VOCAB.length, dimensions));
  const row = (token) => {
    const id = TINY_VOCAB.indexOf(token);
    if (id < 0) throw new Error(`"${token}" is not in the tiny vocabulary`);
    return Array.from(table.subarray(id * dimensions, (id + 1) * dimensions));
  };
  return {
    dir,
    dimensions,
    embeddingRow: row,
    expectedVector(tokens) {
      const rows = ['[CLS]', ...tokens, '[SEP]'].map(row);
      const mean = rows[0].map((_, d) => rows.reduce((s, r) => s + r[d], 0) / rows.length);
      const norm = Math.hypot(...mean);
      return mean.map((v) => v / norm);
    },
  };
}

/** Deterministic values in [-1, 1) (mulberry32), so every run builds the same model. */
function embeddingTable(rows, dimensions) {
  let seed = 0x9e3779b9;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
  return Float32Array.from({ length: rows * dimensions }, next);
}

function modelConfig(dimensions) {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dimensions,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: dimensions,
    max_position_embeddings: 64,
    vocab_size: TINY_VOCAB.length,
    type_vocab_size: 1,
    pad_token_id: 0,
  };
}

function tokenizerConfig() {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 64,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
}

function tokenizerJson() {
  const id = (token) => TINY_VOCAB.indexOf(token);
  const special = (token) => ({ SpecialToken: { id: token, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [
        special('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_VOCAB.map((token, i) => [token, i])),
    },
  };
}

// ---- ONNX protobuf, encoded by hand (field numbers from onnx/onnx.proto) ----

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const ELEM_FLOAT = 1;
const ELEM_INT64 = 7;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** input_ids, attention_mask [batch, seq] -> last_hidden_state [batch, seq, dim] = table[input_ids] * mask. */
function encodeModel(table, vocabSize, dimensions) {
  const graph = message([
    bytesField(1, node('Gather', ['embeddings', 'input_ids'], ['token_vectors'], [intAttr('axis', 0)])),
    bytesField(1, node('Unsqueeze', ['attention_mask'], ['mask_column'], [intsAttr('axes', [2])])),
    bytesField(1, node('Cast', ['mask_column'], ['mask_float'], [intAttr('to', ELEM_FLOAT)])),
    bytesField(1, node('Mul', ['token_vectors', 'mask_float'], ['last_hidden_state'], [])),
    stringField(2, 'tiny-embedding'),
    bytesField(5, floatTensor('embeddings', [vocabSize, dimensions], table)),
    bytesField(11, valueInfo('input_ids', ELEM_INT64, ['batch_size', 'sequence_length'])),
    bytesField(11, valueInfo('attention_mask', ELEM_INT64, ['batch_size', 'sequence_length'])),
    bytesField(12, valueInfo('last_hidden_state', ELEM_FLOAT, ['batch_size', 'sequence_length', dimensions])),
  ]);
  const opset = message([stringField(1, ''), varintField(2, 11)]);
  return message([
    varintField(1, 7), // ir_version
    stringField(2, 'code-index tests'),
    bytesField(7, graph),
    bytesField(8, opset),
  ]);
}

function node(opType, inputs, outputs, attributes) {
  return message([
    ...inputs.map((name) => stringField(1, name)),
    ...outputs.map((name) => stringField(2, name)),
    stringField(3, `${opType.toLowerCase()}_node`),
    stringField(4, opType),
    ...attributes.map((a) => bytesField(5, a)),
  ]);
}

function intAttr(name, value) {
  return message([stringField(1, name), varintField(3, value), varintField(20, ATTR_INT)]);
}

function intsAttr(name, values) {
  return message([stringField(1, name), ...values.map((v) => varintField(8, v)), varintField(20, ATTR_INTS)]);
}

function floatTensor(name, dims, values) {
  return message([
    ...dims.map((d) => varintField(1, d)),
    varintField(2, ELEM_FLOAT),
    stringField(8, name),
    bytesField(9, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)), // raw_data, little-endian
  ]);
}

/** A tensor's name, element type and shape; a string dimension is symbolic (dim_param). */
function valueInfo(name, elemType, shape) {
  const dims = shape.map((d) => bytesField(1, typeof d === 'number' ? message([varintField(1, d)]) : message([stringField(2, d)])));
  const tensorType = message([varintField(1, elemType), bytesField(2, message(dims))]);
  return message([stringField(1, name), bytesField(2, message([bytesField(1, tensorType)]))]);
}

function message(fields) {
  return Buffer.concat(fields);
}

function varintField(field, value) {
  return Buffer.concat([varint((field << 3) | WIRE_VARINT), varint(value)]);
}

function stringField(field, text) {
  return bytesField(field, Buffer.from(text, 'utf8'));
}

function bytesField(field, bytes) {
  return Buffer.concat([varint((field << 3) | WIRE_BYTES), varint(bytes.length), Buffer.from(bytes)]);
}

/** Non-negative integers only, which is all this model needs. */
function varint(value) {
  const out = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}
