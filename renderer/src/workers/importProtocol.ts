/** Messages between the import screen and its worker. The bytes are a copy transferred to the worker each time. */
import type { CountryCode } from '../../../shared/domain/phone';
import type { ColumnRole } from '../../../shared/import/mapping';
import type { PipelineResult } from '../../../shared/import/pipeline';
import type { EncodingName } from '../../../shared/import/types';

export interface ImportRequest {
  bytes: ArrayBuffer;
  country: CountryCode;
  encoding?: EncodingName;
  roles?: ColumnRole[];
  sheet?: string;
}

export type ImportAnswer = PipelineResult | { ok: false; problem: 'crashed'; message: string };
