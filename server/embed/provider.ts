// The one interface every embedding provider implements (builtin, transformers, openai).

export type EmbedPurpose = 'document' | 'query';

export interface EmbeddingProvider {
  /** Stable id stored in the index's metadata; a change of id or dimensions re-embeds everything. */
  readonly id: string;
  readonly dimensions: number;
  /**
   * One unit-length vector per text, in order. A provider that takes long over many texts stops
   * early, rejecting, once `signal` aborts; a fast one may ignore it.
   */
  embed(texts: string[], purpose: EmbedPurpose, signal?: AbortSignal): Promise<Float32Array[]>;
  close?(): Promise<void>;
}
