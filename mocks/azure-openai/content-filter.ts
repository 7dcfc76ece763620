/**
 * Azure OpenAI's content filtering, simulated deterministically. The prompt's text is scanned for a
 * few obvious test phrases (and explicit markers), giving Azure's annotation per category
 * (hate, self_harm, sexual, violence: `{filtered, severity}` with severity safe|low|medium|high;
 * jailbreak: `{filtered, detected}`). Azure's default configuration blocks medium and high
 * severities and detected jailbreaks: such a prompt is refused with the ResponsibleAIPolicyViolation 400.
 *
 * Triggers (case-insensitive):
 *   violence/medium  "kill|murder|stab|shoot|strangle" + a person ("kill him", "murder someone", "shoot my neighbour")
 *   violence/low     "fight", "punch", "weapon", "gun", "knife" (annotated, not filtered)
 *   self_harm/medium "kill myself", "hurt myself", "harm myself", "end my life"
 *   jailbreak        "ignore (all) (your|the) previous|prior|above instructions"
 *   any category     the marker `[content-filter:<category>(:<severity>)]`, severity high by default
 * Completions are the simulator's own benign text: their annotations are always safe, with Azure's
 * protected-material detections (`{filtered, detected}`) false.
 */

export type Severity = 'safe' | 'low' | 'medium' | 'high';
export interface SeverityResult { filtered: boolean; severity: Severity }
export interface DetectionResult { filtered: boolean; detected: boolean }
export type HarmCategory = 'hate' | 'self_harm' | 'sexual' | 'violence';

export interface PromptFilterResults {
  hate: SeverityResult; jailbreak: DetectionResult; self_harm: SeverityResult; sexual: SeverityResult; violence: SeverityResult;
}
export interface CompletionFilterResults {
  hate: SeverityResult; protected_material_code: DetectionResult; protected_material_text: DetectionResult;
  self_harm: SeverityResult; sexual: SeverityResult; violence: SeverityResult;
}

const RANK: Record<Severity, number> = { safe: 0, low: 1, medium: 2, high: 3 };
const BLOCKED_FROM: Severity = 'medium';

const RULES: { category: HarmCategory; severity: Severity; pattern: RegExp }[] = [
  { category: 'violence', severity: 'medium', pattern: /\b(kill|murder|stab|shoot|strangle)\s+(him|her|them|you|someone|somebody|everyone|people|my\s+\w+)\b/i },
  { category: 'violence', severity: 'low', pattern: /\b(fight|punch|weapon|gun|knife)\b/i },
  { category: 'self_harm', severity: 'medium', pattern: /\b(kill|hurt|harm)\s+myself\b|\bend my life\b/i },
];
const MARKER = /\[content-filter:(hate|self_harm|sexual|violence)(?::(low|medium|high))?\]/gi;
const JAILBREAK = /\bignore\s+(all\s+)?((your|the)\s+)?(previous|prior|above)\s+instructions\b/i;

const graded = (severity: Severity): SeverityResult => ({ filtered: RANK[severity] >= RANK[BLOCKED_FROM], severity });
const SAFE = (): SeverityResult => ({ filtered: false, severity: 'safe' });
const UNDETECTED = (): DetectionResult => ({ filtered: false, detected: false });

export function analyzePrompt(text: string): { results: PromptFilterResults; filtered: boolean } {
  const worst: Record<HarmCategory, Severity> = { hate: 'safe', self_harm: 'safe', sexual: 'safe', violence: 'safe' };
  const raise = (category: HarmCategory, severity: Severity) => {
    if (RANK[severity] > RANK[worst[category]]) worst[category] = severity;
  };
  for (const rule of RULES) if (rule.pattern.test(text)) raise(rule.category, rule.severity);
  for (const m of text.matchAll(MARKER)) raise(m[1]!.toLowerCase() as HarmCategory, (m[2]?.toLowerCase() as Severity | undefined) ?? 'high');
  const jailbreak = JAILBREAK.test(text);
  const results: PromptFilterResults = {
    hate: graded(worst.hate),
    jailbreak: { filtered: jailbreak, detected: jailbreak },
    self_harm: graded(worst.self_harm),
    sexual: graded(worst.sexual),
    violence: graded(worst.violence),
  };
  const filtered = jailbreak || Object.values(worst).some((s) => RANK[s] >= RANK[BLOCKED_FROM]);
  return { results, filtered };
}

export function safeCompletionResults(): CompletionFilterResults {
  return {
    hate: SAFE(), protected_material_code: UNDETECTED(), protected_material_text: UNDETECTED(),
    self_harm: SAFE(), sexual: SAFE(), violence: SAFE(),
  };
}

/** Every string the prompt carries: chat `messages`, or Responses `instructions` and `input`. */
export function promptText(body: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(body.messages);
  walk(body.instructions);
  walk(body.input);
  return out.join('\n');
}
