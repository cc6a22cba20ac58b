/**
 * The CLI's decoder for the import pipeline: iconv-lite, because Node's ICU TextDecoder mis-decodes some CP949-only
 * syllables (똠, bytes 8C 63). Never throws: unmapped bytes become U+FFFD, which the pipeline counts and reports.
 */
import iconv from 'iconv-lite';
import type { MakeStreamDecoder } from '../../shared/import/pipeline';
import type { Decode, EncodingName } from '../../shared/import/types';

const ICONV_NAMES: Record<EncodingName, string> = {
  'utf-8': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  cp949: 'cp949',
  // iconv-lite's big5 is CP950 plus the HKSCS additions, which is what Taiwanese Windows writes.
  big5: 'big5',
  gb18030: 'gb18030',
  shift_jis: 'shift_jis',
  'windows-1252': 'windows-1252',
};

export const iconvDecode: Decode = (bytes: Uint8Array, encoding: EncodingName) =>
  iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), ICONV_NAMES[encoding], { stripBOM: false });

/** The same decoder, incremental: a character cut between two pieces of a streamed file is held until the next. */
export const iconvStreamDecoder: MakeStreamDecoder = (encoding) => {
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding], { stripBOM: false });
  return {
    write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    end: () => decoder.end() ?? '',
  };
};
