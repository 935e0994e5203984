// The one interface every embedding provider implements (builtin, transformers, openai).

export type EmbedPurpose = 'document' | 'query';

export interface EmbeddingProvider {
  /** Stable id stored in the index's metadata; a change of id or dimensions re-embeds everything. */
  readonly id: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]>;
  close?(): Promise<void>;
}
