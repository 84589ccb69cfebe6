// ONNX attention graphs built in code at run time (no model files): a tiny
// protobuf writer and the two graphs the benchmark runs in onnxruntime-web.
//
//   attentionGraph({ n, d, heads })     Q, K, V [n, d] → out [n, d]
//     per head h (dk = d / heads):
//       Q [n, d] → Reshape [n, h, dk] → Transpose(1,0,2) → [h, n, dk]
//       K [n, d] → Reshape [n, h, dk] → Transpose(1,2,0) → [h, dk, n]
//       V [n, d] → Reshape [n, h, dk] → Transpose(1,0,2) → [h, n, dk]
//       S = MatMul(Q, Kᵀ) [h, n, n] → Mul(1/√dk) → Softmax(axis -1) → MatMul(·, V) [h, n, dk]
//       → Transpose(1,0,2) [n, h, dk] → Reshape [n, d]
//   multiHeadAttentionGraph({ n, d, heads })   the fused com.microsoft.MultiHeadAttention:
//     Q, K, V [1, n, d] → out [1, n, d]   (num_heads = heads, scale = 1/√dk)
//
// Field numbers follow onnx.proto (ModelProto, GraphProto, NodeProto, …).

// ---- protobuf wire format: varints (wire type 0), fixed32 (5), length-delimited (2)
const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

class Writer {
  constructor() { this.bytes = []; }
  varint(v) {
    // non-negative integers up to 2^53 (every size here is far smaller)
    let x = BigInt(v);
    if (x < 0n) x += 1n << 64n;  // two's complement for negative int64 (e.g. axis -1)
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x) b |= 0x80;
      this.bytes.push(b);
    } while (x);
    return this;
  }
  tag(field, wire) { return this.varint((field << 3) | wire); }
  int(field, v) { return this.tag(field, WIRE_VARINT).varint(v); }
  float(field, v) {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    this.tag(field, WIRE_FIXED32);
    this.bytes.push(...b);
    return this;
  }
  raw(field, bytes) {
    this.tag(field, WIRE_LEN).varint(bytes.length);
    for (const b of bytes) this.bytes.push(b);
    return this;
  }
  string(field, s) { return this.raw(field, new TextEncoder().encode(s)); }
  message(field, build) {
    const w = new Writer();
    build(w);
    return this.raw(field, w.bytes);
  }
  finish() { return Uint8Array.from(this.bytes); }
}

// ---- onnx.proto enums
const FLOAT = 1;   // TensorProto.DataType
const INT64 = 7;
const ATTR_FLOAT = 1;  // AttributeProto.AttributeType
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** ValueInfoProto: a float tensor named `name` with fixed dims. */
const valueInfo = (name, dims) => (w) => {
  w.string(1, name);
  w.message(2, (type) => type.message(1, (tensor) => {       // TypeProto.tensor_type
    tensor.int(1, FLOAT);                                     // elem_type
    tensor.message(2, (shape) => {                            // TensorShapeProto
      for (const d of dims) shape.message(1, (dim) => dim.int(1, d));  // dim_value
    });
  }));
};

/** TensorProto initializer: int64 vector (Reshape shapes) or float scalar. */
const int64Tensor = (name, values) => (w) => {
  w.int(1, values.length);                    // dims
  w.int(2, INT64);                            // data_type
  for (const v of values) w.int(7, v);        // int64_data (unpacked is valid too)
  w.string(8, name);
};
const floatScalar = (name, value) => (w) => {
  w.int(2, FLOAT);                            // no dims: a scalar
  w.float(4, value);                          // float_data
  w.string(8, name);
};

/** AttributeProto builders. */
const attrInt = (name, v) => (w) => { w.string(1, name); w.int(3, v); w.int(20, ATTR_INT); };
const attrInts = (name, vs) => (w) => { w.string(1, name); for (const v of vs) w.int(8, v); w.int(20, ATTR_INTS); };
const attrFloat = (name, v) => (w) => { w.string(1, name); w.float(2, v); w.int(20, ATTR_FLOAT); };

/** NodeProto. */
const node = (op, inputs, outputs, attrs = [], domain = '') => (w) => {
  for (const i of inputs) w.string(1, i);
  for (const o of outputs) w.string(2, o);
  w.string(3, `${op}_${outputs[0]}`);
  w.string(4, op);
  for (const a of attrs) w.message(5, a);
  if (domain) w.string(7, domain);
};

/** ModelProto bytes for a graph { nodes, initializers, inputs, outputs }. */
function model({ name, nodes, initializers = [], inputs, outputs, opsets }) {
  const w = new Writer();
  w.int(1, 8);                                          // ir_version 8
  w.string(2, 'long-memory-lab bench');                 // producer_name
  w.message(7, (g) => {                                 // graph
    for (const n of nodes) g.message(1, n);
    g.string(2, name);
    for (const t of initializers) g.message(5, t);
    for (const i of inputs) g.message(11, i);
    for (const o of outputs) g.message(12, o);
  });
  for (const [domain, version] of opsets) {
    w.message(8, (o) => { if (domain) o.string(1, domain); o.int(2, version); });
  }
  return w.finish();
}

/** The unfused graph: MatMul → Mul(scale) → Softmax → MatMul, heads via Reshape/Transpose. */
export function attentionGraph({ n, d, heads = 1 }) {
  const dk = d / heads;
  if (!Number.isInteger(dk)) throw new Error(`d = ${d} is not divisible by heads = ${heads}`);
  const nodes = [
    node('Reshape', ['Q', 'split_shape'], ['q3']),
    node('Transpose', ['q3'], ['qh'], [attrInts('perm', [1, 0, 2])]),     // [h, n, dk]
    node('Reshape', ['K', 'split_shape'], ['k3']),
    node('Transpose', ['k3'], ['kht'], [attrInts('perm', [1, 2, 0])]),    // [h, dk, n]
    node('Reshape', ['V', 'split_shape'], ['v3']),
    node('Transpose', ['v3'], ['vh'], [attrInts('perm', [1, 0, 2])]),     // [h, n, dk]
    node('MatMul', ['qh', 'kht'], ['scores']),                            // [h, n, n]
    node('Mul', ['scores', 'scale'], ['logits']),
    node('Softmax', ['logits'], ['weights'], [attrInt('axis', -1)]),
    node('MatMul', ['weights', 'vh'], ['oh']),                            // [h, n, dk]
    node('Transpose', ['oh'], ['o3'], [attrInts('perm', [1, 0, 2])]),     // [n, h, dk]
    node('Reshape', ['o3', 'out_shape'], ['out']),                        // [n, d]
  ];
  return model({
    name: 'attention',
    nodes,
    initializers: [int64Tensor('split_shape', [n, heads, dk]), int64Tensor('out_shape', [n, d]), floatScalar('scale', 1 / Math.sqrt(dk))],
    inputs: [valueInfo('Q', [n, d]), valueInfo('K', [n, d]), valueInfo('V', [n, d])],
    outputs: [valueInfo('out', [n, d])],
    opsets: [['', 17]],
  });
}

/** The fused contrib op com.microsoft.MultiHeadAttention on [1, n, d] inputs. */
export function multiHeadAttentionGraph({ n, d, heads = 1 }) {
  const dk = d / heads;
  if (!Number.isInteger(dk)) throw new Error(`d = ${d} is not divisible by heads = ${heads}`);
  return model({
    name: 'mha',
    nodes: [node('MultiHeadAttention', ['Q', 'K', 'V'], ['out'],
      [attrInt('num_heads', heads), attrFloat('scale', 1 / Math.sqrt(dk))], 'com.microsoft')],
    inputs: [valueInfo('Q', [1, n, d]), valueInfo('K', [1, n, d]), valueInfo('V', [1, n, d])],
    outputs: [valueInfo('out', [1, n, d])],
    opsets: [['', 17], ['com.microsoft', 1]],
  });
}
