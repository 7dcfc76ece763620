/** Placeholder: Vertex AI's Anthropic publisher routes (rawPredict / streamRawPredict), to be written. */
export {};
