/**
 * The import pipeline off the main thread: parsing a 100k-row file or a workbook takes seconds, and the window must
 * stay responsive (and the person able to cancel, which terminates this worker). Same stages as `shopcast clean`;
 * only the decoder differs: the browser's TextDecoder (Chromium's euc-kr is CP949, including syllables like 똠).
 */
import { runPipeline } from '../../../shared/import/pipeline';
import type { Decode, EncodingName } from '../../../shared/import/types';
import type { ImportAnswer, ImportRequest } from './importProtocol';

const LABELS: Record<EncodingName, string> = {
  'utf-8': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  cp949: 'euc-kr',
  big5: 'big5',
  gb18030: 'gb18030',
  shift_jis: 'shift_jis',
  'windows-1252': 'windows-1252',
};

// ignoreBOM: the pipeline drops the BOM itself, so every decoder behaves the same.
const decode: Decode = (bytes, encoding) => new TextDecoder(LABELS[encoding], { ignoreBOM: true }).decode(bytes);

self.onmessage = (event: MessageEvent<ImportRequest>) => {
  const { bytes, country, encoding, roles, sheet } = event.data;
  let answer: ImportAnswer;
  try {
    answer = runPipeline(new Uint8Array(bytes), { country, decode, encoding, roles, sheet });
  } catch (error) {
    answer = { ok: false, problem: 'crashed', message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(answer);
};
