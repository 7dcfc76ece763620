/**
 * The shapes of Gemini requests after proto-check.ts normalised them (lowerCamel names, enum names
 * upper-case): what the validators, the planner and the token counter read. Fields the simulator does
 * not interpret stay `unknown`.
 */

export interface Blob { mimeType?: string; data?: string }
export interface FileData { mimeType?: string; fileUri?: string }
export interface FunctionCall { id?: string; name?: string; args?: Record<string, unknown> }
export interface FunctionResponse { id?: string; name?: string; response?: Record<string, unknown> }

export interface Part {
  text?: string;
  inlineData?: Blob;
  fileData?: FileData;
  functionCall?: FunctionCall;
  functionResponse?: FunctionResponse;
  executableCode?: unknown;
  codeExecutionResult?: unknown;
  toolCall?: unknown;
  toolResponse?: unknown;
  thought?: boolean;
  thoughtSignature?: string;
}

export interface Content { role?: string; parts?: Part[] }

/** Google's Schema (OpenAPI subset), normalised: `type` upper-case. */
export interface Schema {
  type?: string;
  format?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  propertyOrdering?: string[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export interface FunctionDeclaration {
  name?: string;
  description?: string;
  parameters?: Schema;
  parametersJsonSchema?: unknown;
}

export interface Tool { functionDeclarations?: FunctionDeclaration[]; [other: string]: unknown }

export interface FunctionCallingConfig { mode?: string; allowedFunctionNames?: string[] }
export interface ToolConfig { functionCallingConfig?: FunctionCallingConfig }

export interface ThinkingConfig { includeThoughts?: boolean; thinkingBudget?: number; thinkingLevel?: string }

export interface GenerationConfig {
  candidateCount?: number;
  stopSequences?: string[];
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  responseMimeType?: string;
  responseSchema?: Schema;
  responseJsonSchema?: unknown;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseLogprobs?: boolean;
  logprobs?: number;
  thinkingConfig?: ThinkingConfig;
}

export interface GenerateContentRequest {
  model?: string;
  contents?: Content[];
  systemInstruction?: Content;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  safetySettings?: { category?: string; threshold?: string }[];
  generationConfig?: GenerationConfig;
  cachedContent?: string;
}

export interface CachedContentRequest {
  name?: string;
  displayName?: string;
  model?: string;
  contents?: Content[];
  systemInstruction?: Content;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  ttl?: string;
  expireTime?: string;
}
