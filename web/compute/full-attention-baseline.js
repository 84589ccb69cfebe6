// The full-attention baseline of the trained model: a task's fact and its
// question squeezed into one window of the backbone's maxPositions bytes (74:
// the longest sequence its learned positions cover), read by plain causal
// attention over the whole window — no segments, no memory.
//   windowDocument(doc, task, size) → { bytes, answerPos, answer, factPos (where the fact's answer bytes sit) }
//     doc: a task document (passkey or copy) whose fact and question wording are reused;
//     the filler between them is the document's own filler, digits and capitals removed.
//   readAnswer(logits [size, 256], answerPos, answer) → { predicted, pTrue, pPredicted, correct, bits }
//     the same teacher-forced read as the core's answer_document: the prediction for
//     answer byte c is the arg-max at the byte before it.
import { nextByteProbs } from './next-byte.js';

const latin1 = (bytes) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

const WORDING = {
  passkey: { fact: 'the pass key is ', question: 'what is the pass key? ' },
  copy: { fact: 'copy: ', question: 'paste: ' },
};

export function windowDocument(doc, task, size) {
  const w = WORDING[task];
  if (!w) throw new Error('the full-attention window is made for the passkey and copy tasks');
  const answer = doc.answer;
  const fact = `${w.fact}${answer}. `;
  const tail = `${w.question}${answer}.`;
  const room = size - fact.length - tail.length;
  if (room < 1) throw new Error(`the fact and the question do not fit in a window of ${size} bytes`);
  const text = latin1(doc.bytes);
  const q = doc.questionSegment * (doc.bytes.length / doc.segments);
  const filler = text.slice(0, q).replace(/[^a-z .]/g, ' ').replace(/ +/g, ' ');
  const between = `${filler.slice(filler.length - room + 1)} `;
  const window = fact + between + tail;
  return { bytes: new TextEncoder().encode(window), answerPos: size - 1 - answer.length, answer, factPos: w.fact.length };
}

export function readAnswer(logits, answerPos, answer) {
  const out = { predicted: '', pTrue: [], pPredicted: [], correct: 0, bits: 0 };
  for (let c = 0; c < answer.length; c++) {
    const p = nextByteProbs(logits, answerPos - 1 + c);
    let am = 0;
    for (let v = 1; v < p.length; v++) if (p[v] > p[am]) am = v;
    const target = answer.charCodeAt(c);
    out.predicted += String.fromCharCode(am);
    out.pTrue.push(p[target]);
    out.pPredicted.push(p[am]);
    out.correct += am === target ? 1 : 0;
    out.bits -= Math.log2(p[target]);
  }
  return out;
}
